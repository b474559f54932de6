#!/usr/bin/env bash
# The README's main command: build the extension, then open a real VS Code with it and examples/.
#  - desktop VS Code (`code --extensionDevelopmentPath`) when `code` is on the PATH;
#  - otherwise code-server 4.100.3 (installed into the ignored folder .vscode-test-web/ on first use), serving the
#    workbench on 127.0.0.1 only, with the extension loaded as a development extension. It prints the URL to open.
# Environment: PORT (default: 8080; 0 or a taken port means any free port), AGL_WEB=1 to prefer code-server even if `code` exists,
# AGL_SMOKE=1 to start, check that the workbench answers, and stop (what the tests do).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"

# On a fresh machine, install what is needed first (Debian packages, npm packages, code-server).
[ -d node_modules ] || bash scripts/setup.sh

echo "start-vscode: building"
node esbuild.mjs
node scripts/build-types.mjs

if command -v code >/dev/null 2>&1 && [ -z "${AGL_WEB:-}" ] && [ -z "${AGL_SMOKE:-}" ]; then
  echo "start-vscode: opening desktop VS Code with the extension and examples/"
  exec code --extensionDevelopmentPath="$ROOT" "$ROOT/examples"
fi

bash scripts/install-code-server.sh
CODE_SERVER="$ROOT/.vscode-test-web/node_modules/code-server/out/node/entry.js"
DATA="$ROOT/.vscode-test-web/user-data"
mkdir -p "$DATA/User" "$DATA/extensions"
if [ ! -f "$DATA/User/settings.json" ]; then
  cat > "$DATA/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "telemetry.telemetryLevel": "off",
  "extensions.autoUpdate": false,
  "extensions.autoCheckUpdates": false,
  "update.mode": "none",
  "security.workspace.trust.enabled": false
}
JSON
fi
printf 'auth: none\ncert: false\n' > "$DATA/config.yaml"

PORT="${PORT:-8080}"
if [ "$PORT" = "0" ] || ! node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[1],"127.0.0.1",()=>s.close())' "$PORT"; then
  PORT="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
# Nothing leaves 127.0.0.1: the extension gallery points at a closed local port.
export EXTENSIONS_GALLERY='{"serviceUrl":"http://127.0.0.1:9/gallery","itemUrl":"http://127.0.0.1:9/item","resourceUrlTemplate":"http://127.0.0.1:9/r/{publisher}/{name}/{version}/{path}"}'
PAYLOAD="$(node -e 'console.log(encodeURIComponent(JSON.stringify([["extensionDevelopmentPath","vscode-remote://127.0.0.1:"+process.argv[1]+process.argv[2]]])))' "$PORT" "$ROOT")"
URL="http://127.0.0.1:$PORT/?folder=$ROOT/examples&payload=$PAYLOAD"

setsid node "$CODE_SERVER" --bind-addr "127.0.0.1:$PORT" --auth none --disable-telemetry --disable-update-check \
  --disable-workspace-trust --user-data-dir "$DATA" --extensions-dir "$DATA/extensions" --config "$DATA/config.yaml" \
  > "$ROOT/.vscode-test-web/code-server.log" 2>&1 &
PID=$!
# Stop the whole process group (file watchers, extension host) however this script ends.
trap 'kill -- -"$PID" 2>/dev/null || true' EXIT INT TERM

# curl may be missing on a fresh machine: Node's fetch does the HTTP checks.
get() { node -e 'fetch(process.argv[1]).then(async r=>{if(!r.ok)process.exit(1);process.stdout.write(await r.text())},()=>process.exit(1))' "$1"; }
for _ in $(seq 1 150); do
  get "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "$PID" 2>/dev/null || { cat "$ROOT/.vscode-test-web/code-server.log" >&2; exit 1; }
  sleep 0.2
done
get "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "start-vscode: code-server did not start" >&2; exit 1; }

echo
echo "  Autograd Lens is running in VS Code (code-server) at:"
echo "  $URL"
echo

if [ -n "${AGL_SMOKE:-}" ]; then
  get "$URL" | grep -q "workbench" || { echo "start-vscode: the workbench page did not load" >&2; exit 1; }
  echo "start-vscode: smoke check ok"
  exit 0
fi
echo "  (Ctrl+C to stop; log: .vscode-test-web/code-server.log)"
wait "$PID"
