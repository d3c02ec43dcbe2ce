#!/usr/bin/env bash
# The test command: installs what the tests need, builds, and runs every test project.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-tools.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
log="$(mktemp)"
status=0
dotnet test GitOpsFunctions.sln -c Release --logger "console;verbosity=minimal" 2>&1 | tee "$log" || status=$?

# One plain closing line for the whole suite, summed over the test projects.
awk '/(Passed|Failed)! +- Failed: /{
       for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' FS='[ ,]+' "$log"
rm -f "$log"
exit "$status"
