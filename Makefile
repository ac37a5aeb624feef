# xundian: the two commands a newcomer runs are `make demo` and `make test`.
GO ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: demo test lint build bench fuzz

## demo: build xundian, start the embedded demo shop, patrol it and write the report
demo: build
	./bin/xundian demo

## build: compile the xundian binary into bin/
build:
	$(GO) build -o bin/xundian ./cmd/xundian

## test: installs what the tests need (Chromium + CJK fonts for the HTML
## report's browser test), then formatting, vet, staticcheck, and every test
## with the race detector on
test: lint
	bash scripts/install-browser.sh
	$(GO) test -race -count=1 ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@$(GO) mod tidy -diff >/dev/null || (echo "go.mod/go.sum not tidy: run go mod tidy"; exit 1)
