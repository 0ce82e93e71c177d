#!/usr/bin/env bash
# Installs what is missing, builds, and starts StreamDesk with its embedded defaults: the gateway on
# 8280/8243, the token endpoint and REST API on 9443, the sample backend on 8080, and the user admin/admin.
# Without a display StreamDesk runs headless. Extra arguments go to streamdesk (see --help).
set -euo pipefail
cd "$(dirname "$0")"
./tools/install-deps.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j "$(nproc)" --target streamdesk sse-server
exec ./build/bin/streamdesk "$@"
