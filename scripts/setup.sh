#!/usr/bin/env bash
# One-time setup on a fresh Debian 12 machine (root): the Debian packages the tests and the workbench need, the npm
# packages, and code-server for the real-VS-Code tests. Idempotent: fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

export DEBIAN_FRONTEND=noninteractive
# chromium: the graph view and workbench tests; build tools and headers: code-server's native modules;
# ripgrep: pre-seeds @vscode/ripgrep, which would otherwise download rg; fonts-noto-cjk: the zh-cn UI tests render
# Chinese (without a CJK font Chromium draws boxes); graphviz and python3: the CLI test reads `render --out g.dot`
# back with Graphviz's dot and `g.svg` with Python's XML parser (expat).
apt_packages=(chromium build-essential pkg-config libx11-dev libxkbfile-dev libsecret-1-dev libkrb5-dev ripgrep fonts-noto-cjk graphviz python3)
missing=()
for p in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: apt-get install ${missing[*]}"
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund
fi

echo "setup: code-server for the VS Code tests"
bash scripts/install-code-server.sh
