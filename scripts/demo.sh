#!/usr/bin/env bash
# The run command: the local stack — Azurite, the engine (as `gitops serve` runs it: Kestrel and the WebJobs SDK
# triggers), a demo Git repository and the built-in Kubernetes API simulator (a SIMULATED cluster) — then a push, a
# sync, drift healed and a prune. Extra arguments go to `gitops demo` (for example --non-interactive, --work-dir DIR).
# `exec` hands the terminal's Ctrl+C (and a SIGTERM to this script) straight to gitops, which stops everything it started.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/install-tools.sh >/dev/null
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet build src/GitOps.Cli -c Release -v quiet -nologo >/dev/null
exec dotnet src/GitOps.Cli/bin/Release/net10.0/gitops.dll demo "$@"
