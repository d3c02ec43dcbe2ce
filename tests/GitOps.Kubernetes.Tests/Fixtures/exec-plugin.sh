#!/bin/sh
# Test exec credential plugin: prints an ExecCredential, counts its runs in exec-count next to itself
# and saves the KUBERNETES_EXEC_INFO it received in exec-info.json.
dir=$(dirname "$0")
if [ "$1" = "fail" ]; then
  echo "login required: run the fixture login" >&2
  exit 3
fi
if [ "$1" = "hang" ]; then
  sleep 60
fi
count=$(( $(cat "$dir/exec-count" 2>/dev/null || echo 0) + 1 ))
echo "$count" > "$dir/exec-count"
printf '%s' "$KUBERNETES_EXEC_INFO" > "$dir/exec-info.json"
printf '{"apiVersion":"%s","kind":"ExecCredential","status":{"token":"%s-%s","expirationTimestamp":"%s"}}\n' \
  "${EXEC_API_VERSION:-client.authentication.k8s.io/v1}" "$1" "$count" "${EXEC_EXPIRES:-2030-01-01T00:00:00Z}"
