#!/usr/bin/env bash
# Runs one benchmark suite as the host runs in production: published for linux-x64 with ReadyToRun code (see
# src/GitOps.FunctionApp/GitOps.FunctionApp.csproj), so JIT work does not compete with the measured work.
# Usage: scripts/bench.sh <suite> [args]   e.g. scripts/bench.sh Sync 500 5 default warm 15
set -euo pipefail
cd "$(dirname "$0")/.."
out=artifacts/bench
if ! log=$(dotnet publish bench/GitOps.Benchmarks -c Release -r linux-x64 --self-contained false -o "$out" 2>&1); then
  echo "$log" >&2
  exit 1
fi
exec "$out/GitOps.Benchmarks" "$@"
