#!/usr/bin/python3
"""Turns compare.sh's results.json into a PNG: bars per workload and system for p99 latency, proxy CPU
seconds and proxy RSS per stream. Needs python3-matplotlib (tools/install-deps.sh --bench)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

SYSTEMS = ["direct", "nginx", "haproxy", "streamdesk", "streamdesk-https", "streamdesk-gold"]
NAMES = {"direct": "direct", "nginx": "nginx", "haproxy": "HAProxy", "streamdesk": "StreamDesk",
         "streamdesk-https": "StreamDesk HTTPS", "streamdesk-gold": "StreamDesk AsyncGold"}
COLOURS = {"direct": "#9e9e9e", "nginx": "#2e7d32", "haproxy": "#1565c0", "streamdesk": "#c62828",
           "streamdesk-https": "#ef6c00", "streamdesk-gold": "#6a1b9a"}
PANELS = [("p99 latency (ms)", lambda r: (r["client"].get("latency_ms") or {}).get("p99")),
          ("proxy CPU seconds in the window", lambda r: (r.get("proxy") or {}).get("cpu_window_s")),
          ("proxy RSS per stream (KiB)", lambda r: (r.get("proxy") or {}).get("rss_per_stream_kib"))]


def main():
    results = json.load(open(sys.argv[1]))
    rows = results["rows"]
    workloads = []
    for row in rows:
        if row["workload"] not in workloads:
            workloads.append(row["workload"])
    present = [s for s in SYSTEMS if any(r["system"] == s for r in rows)]
    figure, axes = plt.subplots(len(PANELS), 1, figsize=(11, 10))
    width = 0.8 / len(present)
    for axis, (title, value) in zip(axes, PANELS):
        for index, system in enumerate(present):
            xs, heights = [], []
            for position, workload in enumerate(workloads):
                match = [r for r in rows if r["workload"] == workload and r["system"] == system]
                height = value(match[0]) if match else None
                if height is not None:
                    xs.append(position - 0.4 + width * (index + 0.5))
                    heights.append(height)
            bars = axis.bar(xs, heights, width, label=NAMES[system], color=COLOURS[system])
            axis.bar_label(bars, fmt="%.0f" if max(heights or [0]) >= 20 else "%.1f", fontsize=7, padding=1)
        axis.set_title(title, fontsize=10)
        axis.set_xticks(range(len(workloads)), workloads)
        axis.set_xlim(-0.5, len(workloads) - 0.5)
        axis.grid(axis="y", alpha=0.3)
        axis.margins(y=0.2)
    axes[0].legend(ncol=len(present), fontsize=8, loc="upper left")
    figure.suptitle(f"SSE proxies side by side, {results['date'][:10]}, {results['machine']['cores']} cores, "
                    f"StreamDesk {results['versions']['streamdesk_commit']}", fontsize=11)
    figure.tight_layout()
    figure.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
