#!/usr/bin/env bash
# prepare.sh OUT — a copy of go-app for the browser build, without net/http.
#
# go-app v10.1.11's pkg/app imports net/http in http.go and resource.go with no
# build tag, so every go-app wasm binary links crypto/tls, x509, mime and the
# HTTP client/server (~1.6 MB of wasm, ~335 KB after brotli) that the browser
# never runs. This script copies the module from the Go module cache to
# OUT/goapp, builds those two files only outside wasm (`//go:build !wasm`),
# adds http_wasm.go (the empty Handler type wasm.go names, and resource.go's
# three client-side helpers, unchanged), and writes OUT/wasm.work: a Go
# workspace that uses this module and replaces go-app with the copy. The
# Makefile builds app.wasm with GOWORK=OUT/wasm.work; everything else (the
# server, the page generator, the tests) uses go-app as published.
#
# The copy is checked against the exact upstream files it was written for, so
# a go-app upgrade stops here until someone looks again (and, ideally, the
# build tags have been taken upstream).
set -euo pipefail
out=$1
go=${GO:-go}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
mod=github.com/maxence-charriere/go-app/v10
want=v10.1.11

ver=$(cd "$root" && $go list -m -f '{{.Version}}' $mod)
if [ "$ver" != "$want" ]; then
  echo "wasm/ui/_goapp/prepare.sh: go.mod has $mod $ver, the patch was written for $want: check http.go/resource.go again" >&2
  exit 1
fi
dir=$(cd "$root" && $go mod download -json $mod@$ver | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
(cd "$dir/pkg/app" && sha256sum -c --quiet) <<SUMS || { echo "wasm/ui/_goapp/prepare.sh: $mod@$ver differs from the files the patch was written for" >&2; exit 1; }
0601189a9f611378e9b24ab4bdf42780a03cbf95c1bbebd4171b523ddbe9a32d  http.go
6b52ab4ec2f4171d403384bffe159e9ec22699933e768ef5868f2851a1b84baa  resource.go
SUMS

rm -rf "$out/goapp"
mkdir -p "$out/goapp"
cp -r "$dir/go.mod" "$dir/go.sum" "$dir/LICENSE" "$dir/pkg" "$out/goapp/"
chmod -R u+w "$out/goapp"
for f in http.go resource.go; do
  sed -i '1i //go:build !wasm\n' "$out/goapp/pkg/app/$f"
done
cp "$here/http_wasm.go" "$out/goapp/pkg/app/http_wasm.go"
cat > "$out/wasm.work" <<WORK
go $(sed -n 's/^go //p' "$root/go.mod")

use $root

replace $mod $want => ./goapp
WORK
