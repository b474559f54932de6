#!/usr/bin/env bash
# Installs code-server 4.100.3 (the real VS Code 1.100.3 workbench, served to a browser) into the git-ignored folder
# .vscode-test-web/, for the real-VS-Code tests and for scripts/start-vscode.sh when desktop VS Code is missing.
#
# Idempotent and fast when already installed (a version check, no npm call). Works offline except for the npm
# registry: @vscode/ripgrep would download rg from GitHub, so its cache is pre-seeded with Debian's rg first.
# See ../shared/vscode-web-testing.md for why each environment variable is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=4.100.3
DIR=.vscode-test-web
BIN="$DIR/node_modules/code-server/out/node/entry.js"
PKG="$DIR/node_modules/code-server/package.json"

if [ -f "$BIN" ] && [ -f "$PKG" ] && grep -q "\"version\": \"$VERSION\"" "$PKG"; then
  echo "install-code-server: code-server $VERSION already in $DIR"
  exit 0
fi

command -v rg >/dev/null || { echo "install-code-server: ripgrep (apt-get install ripgrep) is required" >&2; exit 1; }

# @vscode/ripgrep looks for its download in os.tmpdir()/vscode-ripgrep-cache-<its version>/.
TMP="${TMPDIR:-/tmp}"
for rgver in 1.15.11 1.15.9 1.15.10; do
  cache="$TMP/vscode-ripgrep-cache-$rgver"
  tarball="$cache/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  if [ ! -f "$tarball" ]; then
    mkdir -p "$cache"
    tar czf "$tarball" -C "$(dirname "$(command -v rg)")" rg
  fi
done

mkdir -p "$DIR"
# A package.json of its own so npm does not walk up into the project's package.json and lock file.
[ -f "$DIR/package.json" ] || echo '{ "name": "vscode-test-web", "private": true }' > "$DIR/package.json"

echo "install-code-server: installing code-server $VERSION into $DIR (about a minute)"
# code-server refuses root without unsafe-perm; node-pty's postinstall runs `npx node-gyp` and would wait for a "y".
(
  cd "$DIR"
  for attempt in 1 2 3; do
    if npm_config_yes=true npm_config_unsafe_perm=true npm install --no-audit --no-fund --no-save \
      "code-server@$VERSION" >install.log 2>&1; then
      break
    fi
    echo "install-code-server: npm install failed (attempt $attempt), see $DIR/install.log" >&2
    [ "$attempt" = 3 ] && { tail -30 install.log >&2; exit 1; }
    sleep 3
  done
)
[ -f "$BIN" ] || { echo "install-code-server: $BIN missing after install" >&2; exit 1; }
echo "install-code-server: done (code-server $(node -p "require(\"./$PKG\").version"))"
