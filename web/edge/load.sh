#!/bin/bash
# Bounded load check of the local edge, loopback only: starts wrangler dev
# (dev.sh) on a free port, then
#   1. CPU per Go request: 200 sequential GET /api/version, CPU time of the
#      workerd process from /proc (utime+stime) divided by the count;
#   2. wrk (Debian package) for SECONDS s with 4 connections on / (a static
#      asset: no Go) and on /api/version (Go: a fresh instance per request);
# and stops the server it started.
#
#   web/edge/load.sh SITE_DIR WORKER_DIR [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
site=$1 worker=$2 secs=${3:-10}
command -v wrk >/dev/null || { echo "load.sh: wrk missing: apt-get install -y wrk" >&2; exit 2; }
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
url=http://127.0.0.1:$port
log=$(mktemp)
setsid "$here/dev.sh" "$site" "$worker" "$port" >"$log" 2>&1 &
pid=$!
trap 'kill -- -$pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 120); do
	curl -sf -o /dev/null "$url/api/version" && break
	sleep 0.5
done
curl -sf "$url/api/version" || { cat "$log"; exit 1; }

# wrangler dev runs two workerd processes: a proxy in front, and the
# runtime with the router, the assets and the Go Worker. CPU is read for
# both from /proc (utime+stime, clock ticks).
descendants() { local p; for p in $(pgrep -P "$1"); do echo "$p"; descendants "$p"; done; }
wds=()
for p in $(descendants "$pid"); do
	[[ $(cat /proc/$p/comm 2>/dev/null) == workerd ]] && wds+=("$p")
done
cpu() { local p s=0; for p in "$@"; do s=$(( s + $(awk '{print $14+$15}' "/proc/$p/stat") )); done; echo $s; }
tick=$(getconf CLK_TCK)
if (( ${#wds[@]} > 0 )); then
	for path in /api/version /; do
		for _ in $(seq 1 20); do curl -s -o /dev/null "$url$path"; done # warm
		n=200
		declare -A t0=()
		for p in "${wds[@]}"; do t0[$p]=$(cpu "$p"); done
		w0=$(date +%s%N)
		for _ in $(seq 1 $n); do curl -s -o /dev/null "$url$path"; done
		w1=$(date +%s%N)
		line=$(printf 'cpu  %-13s %d sequential requests, wall %.2f ms/request (incl. curl start); workerd CPU ms/request:' "$path" $n "$(awk -v w=$(( (w1-w0)/1000 )) -v n=$n 'BEGIN{print w/1000/n}')")
		tot=0
		for p in "${wds[@]}"; do
			d=$(( $(cpu "$p") - ${t0[$p]} )); tot=$(( tot + d ))
			line+=$(awk -v d=$d -v hz=$tick -v n=$n -v p=$p 'BEGIN{printf " pid %d %.2f;", p, d*1000/hz/n}')
		done
		line+=$(awk -v d=$tot -v hz=$tick -v n=$n 'BEGIN{printf " total %.2f", d*1000/hz/n}')
		echo "$line"
		unset t0
	done
else
	echo "cpu: no workerd process found; CPU per request not measured"
fi

summary=
for path in / /api/version; do
	echo "wrk  $path: ${secs}s, 4 connections, 2 threads"
	out=$(wrk -t2 -c4 -d"${secs}s" --latency "$url$path")
	sed 's/^/     /' <<<"$out"
	rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
	socket=$(awk '/Socket errors:/ {gsub(",", ""); print $4+$6+$8+$10}' <<<"$out")
	non2xx=$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")
	errs=$(( ${socket:-0} + ${non2xx:-0} ))
	summary+=$(printf '\nwrk  %-13s %8s requests/s, %d errors (socket %d, non-2xx/3xx %d)' "$path" "$rps" "$errs" "${socket:-0}" "${non2xx:-0}")
	total_errs=$(( ${total_errs:-0} + errs ))
done
echo "$summary"
if (( total_errs > 0 )); then
	echo "load.sh: $total_errs errors" >&2
	exit 1
fi
