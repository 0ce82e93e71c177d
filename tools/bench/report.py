#!/usr/bin/python3
"""Turns compare.sh's results.json into Markdown: one table per workload, ratios against nginx."""
import json
import sys

NAMES = {"direct": "direct", "nginx": "nginx", "haproxy": "HAProxy", "streamdesk": "StreamDesk",
         "streamdesk-https": "StreamDesk HTTPS", "streamdesk-gold": "StreamDesk AsyncGold"}
NOTES = {"2000x100": " (saturation)", "gold5000x1": ", limited plan (AsyncGold)", "idle": " (memory per stream)"}


def title(row):
    streams = row["client"]["streams"]
    if row["interval_ms"] == 0:
        return f"{row['workload']}: {streams:,} idle streams{NOTES.get(row['workload'], '')}"
    rate = 1000 / row["interval_ms"]
    return (f"{row['workload']}: {streams:,} streams x {rate:g} event{'s' if rate != 1 else ''}/s"
            f"{NOTES.get(row['workload'], '')}")


def ratio(value, reference):
    if value is None or not reference:
        return ""
    return f" ({value / reference:.2f}x)"


def number(value, digits=1):
    if value is None:
        return "-"
    if abs(value) >= 10000:
        return f"{value / 1000:.1f}k"
    return f"{value:.{digits}f}"


def cell(value, reference, digits=1):
    return number(value, digits) + ratio(value, reference)


def metrics(row):
    client, proxy = row["client"], row.get("proxy") or {}
    latency = client.get("latency_ms") or {}
    return {
        "ok": client["streams_ok"], "errors": client["errors_total"], "events": client["events_per_s"],
        "p50": latency.get("p50"), "p99": latency.get("p99"), "max": latency.get("max"),
        "missing": client["missing_seq"],
        "cpu": proxy.get("cpu_window_s"), "cpu_open": proxy.get("cpu_open_s"),
        "rss": proxy.get("rss_load_kib"), "per_stream": proxy.get("rss_per_stream_kib"),
        "open": client["open_ms"] / 1000.0, "all_open": client["all_open"],
        "load": f"{client['window_cpu_s']:.1f} / {row['backend']['cpu_window_s']:.1f}",
    }


def table(rows):
    by_system = {row["system"]: metrics(row) for row in rows}
    ref = by_system.get("nginx", {})
    idle = rows[0]["interval_ms"] == 0
    out = []
    if idle:
        out.append("| System | Streams ok | Errors | Proxy RSS MiB | RSS per stream KiB | Open s | CPU s opening |")
        out.append("|---|---|---|---|---|---|---|")
    else:
        out.append("| System | Streams ok | Errors | Events/s | p50 ms | p99 ms | max ms | Missing ticks |"
                   " Proxy CPU s | Proxy RSS MiB | RSS per stream KiB | Open s | Client / backend CPU s |")
        out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for system, m in by_system.items():
        name = NAMES.get(system, system)
        errors = str(m["errors"]) if m["errors"] == 0 else f"**{m['errors']}**"
        rss = None if m["rss"] is None else m["rss"] / 1024
        ref_rss = None if ref.get("rss") is None else ref["rss"] / 1024
        opened = cell(m["open"], ref.get("open"), 2) + ("" if m["all_open"] else " (not all)")
        if idle:
            out.append(f"| {name} | {m['ok']} | {errors} | {cell(rss, ref_rss)} | "
                       f"{cell(m['per_stream'], ref.get('per_stream'))} | {opened} | "
                       f"{cell(m['cpu_open'], ref.get('cpu_open'), 2)} |")
        else:
            out.append(f"| {name} | {m['ok']} | {errors} | {cell(m['events'], ref.get('events'))} | "
                       f"{cell(m['p50'], ref.get('p50'))} | {cell(m['p99'], ref.get('p99'))} | "
                       f"{cell(m['max'], ref.get('max'))} | {m['missing']} | "
                       f"{cell(m['cpu'], ref.get('cpu'), 2)} | {cell(rss, ref_rss)} | "
                       f"{cell(m['per_stream'], ref.get('per_stream'))} | {opened} | {m['load']} |")
    return out


def verdict(row):
    if row["metering"]["exact"]:
        return "exact"
    if row["client"]["errors_total"] > 0:
        return (f"not comparable: the client gave up on {row['client']['errors_total']} streams, whose events "
                "StreamDesk sent but nobody read")
    return "NOT exact"


def main():
    results = json.load(open(sys.argv[1]))
    machine, versions = results["machine"], results["versions"]
    lines = [
        f"Run {results['date']}: `{results['command']}`",
        "",
        f"Machine: {machine['cpu']}, {machine['cores']} cores, {machine['memory']}, Linux {machine['kernel']}, "
        f"descriptor limit {machine['descriptor_limit']}. nginx {versions['nginx']}; {versions['haproxy']}; "
        f"StreamDesk {versions['streamdesk_commit']}"
        + (f" with `{versions['streamdesk_args']}`" if versions["streamdesk_args"] else "")
        + f". Streams opened at {results['connect_rate']}/s.",
    ]
    workloads = []
    for row in results["rows"]:
        if row["workload"] not in workloads:
            workloads.append(row["workload"])
    for workload in workloads:
        rows = [row for row in results["rows"] if row["workload"] == workload]
        first = rows[0]
        loads = ", ".join(f"{NAMES.get(r['system'], r['system'])} {r['load_average']['at_end'][0]:.1f}"
                          for r in rows)
        lines += ["", f"### {title(first)}, {first['seconds']} s measured", ""]
        lines += table(rows)
        lines += ["", f"Load average (1 min) at the end of each measurement: {loads}."]
        for row in rows:
            metering = row.get("metering")
            if row["system"] == "streamdesk-gold" and metering:
                lines.append(
                    f"AsyncGold: {metering['subscriptions']} subscription(s) of {metering['quota_per_subscription']:,} "
                    f"events/day ({metering['quota_total']:,} in all); StreamDesk metered "
                    f"{metering['metered_events']:,} events and the client received {metering['received_events']:,}"
                    f" ({verdict(row)}).")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
