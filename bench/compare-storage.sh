#!/usr/bin/env bash
# Old and new storage layers side by side, in one run on one machine: the QueueRoundTrip and Webhook suites of an older
# commit (default 05577d3, the last one with our own REST clients) and of this tree, run alternately so machine-load
# drift hits both. Each suite starts and stops its own Azurite on loopback and stops after a fixed number of operations.
# Usage: bench/compare-storage.sh [old-commit] [webhook-count]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
old_rev="${1:-05577d3}"
count="${2:-1000}"
work="$(mktemp -d)"
cleanup() { git -C "$root" worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

git -C "$root" worktree add --detach "$work/old" "$old_rev" >/dev/null
# The old tree finds Azurite where install-tools.sh put it.
ln -s "$root/tools/node_modules" "$work/old/tools/node_modules"

echo "== building old ($old_rev) and new ($(git -C "$root" rev-parse --short HEAD))"
dotnet build "$work/old/bench/GitOps.Benchmarks" -c Release -v quiet -nologo >/dev/null
dotnet build "$root/bench/GitOps.Benchmarks" -c Release -v quiet -nologo >/dev/null
old_bin="$work/old/bench/GitOps.Benchmarks/bin/Release/net10.0/GitOps.Benchmarks.dll"
new_bin="$root/bench/GitOps.Benchmarks/bin/Release/net10.0/GitOps.Benchmarks.dll"

run() { # label dll suite args...
  local label="$1" dll="$2"; shift 2
  echo; echo "== $label: $*"
  dotnet "$dll" "$@" | tee "$work/$label-$1.log" || true
}

for round in 1 2; do
  if [ "$round" = 1 ]; then first=old; else first=new; fi
  for side in $first $([ "$first" = old ] && echo new || echo old); do
    dll="$old_bin"; [ "$side" = new ] && dll="$new_bin"
    run "$side" "$dll" QueueRoundTrip 1000 100
    run "$side" "$dll" Webhook --count "$count" --concurrency 50
  done
done
