# xundian: the two commands a newcomer runs are `make demo` and `make test`.
GO ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: demo test lint build bench fuzz

## demo: install what the demo needs (Tesseract + CJK fonts for image
## claims), build xundian, start the embedded demo shop, patrol it and write
## the report
demo: build
	bash scripts/install-ocr.sh
	./bin/xundian demo

## build: compile the xundian binary into bin/
build:
	$(GO) build -o bin/xundian ./cmd/xundian

## test: installs what the tests need (Chromium + CJK fonts for the HTML
## report's browser test, Tesseract for image claims), then formatting, vet,
## staticcheck, and every test. The race detector runs on every package but
## the CLI's, whose multi-day audit and process tests would take minutes
## under it; the CLI runs the same code paths race-tested below it.
RACE_PKGS = $$($(GO) list ./... | grep -v '/cmd/xundian$$')
test: lint
	bash scripts/install-browser.sh
	bash scripts/install-ocr.sh
	$(GO) test -race -count=1 $(RACE_PKGS)
	$(GO) test -count=1 ./cmd/...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@$(GO) mod tidy -diff >/dev/null || (echo "go.mod/go.sum not tidy: run go mod tidy"; exit 1)

## bench: the performance harness (bench/run.sh): bare crawl vs patrol, the patrol with OCR on over a small shop, incremental re-patrol, rule engine, memory; writes bench/RESULTS.md
bench:
	bash scripts/install-ocr.sh
	bash bench/run.sh
