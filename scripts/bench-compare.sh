#!/usr/bin/env bash
# Runs benchmark suites old against new in one run: the current tree and an older revision (checked out in a temporary
# git worktree), both published as scripts/bench.sh publishes them, run alternately so both see the same machine load.
# Usage: scripts/bench-compare.sh <old-revision> <rounds> "<suite> [args]" ["<suite> [args]" ...]
#   e.g. scripts/bench-compare.sh 05577d3 2 "ApplyCpu 500 5 32 3" "Sync 500 5 default warm 5"
set -euo pipefail
cd "$(dirname "$0")/.."
old_rev=$1 rounds=$2
shift 2
work=$(mktemp -d /tmp/gitops-bench-compare.XXXXXX)
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$old_rev" >/dev/null
# Suites that start Azurite find it under the repository holding their binaries: each side publishes inside its own tree
# (bin/ is ignored), and the old tree uses the Azurite that install-tools.sh put into this one.
ln -s "$(pwd)/tools/node_modules" "$work/old/tools/node_modules"
[ -d .tools ] && ln -s "$(pwd)/.tools" "$work/old/.tools"
publish() { dotnet publish "$1/bench/GitOps.Benchmarks" -c Release -r linux-x64 --self-contained false -o "$2" >"$work/$3-publish.log" 2>&1 || { cat "$work/$3-publish.log" >&2; exit 1; }; }
old_bin="$work/old/bench/GitOps.Benchmarks/bin/compare"
new_bin="$(pwd)/bench/GitOps.Benchmarks/bin/compare"
publish "$work/old" "$old_bin" old
publish . "$new_bin" new
for suite in "$@"; do
  for round in $(seq 1 "$rounds"); do
    for side in old new; do
      echo "=== $side ($([ $side = old ] && echo "$old_rev" || git rev-parse --short HEAD)) round $round: $suite"
      # shellcheck disable=SC2086 # the suite and its arguments are split on purpose
      bin=$old_bin; [ "$side" = new ] && bin=$new_bin
      "$bin/GitOps.Benchmarks" $suite || true
    done
  done
done
