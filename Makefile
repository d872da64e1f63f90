# Conveniences; .ci/run is what CI runs.
FUZZTIME ?= 10m

.PHONY: test fuzz bench ci
test:            ## the README's test command
	go test -race ./...
fuzz:            ## every fuzz target for FUZZTIME each (default 10m)
	FUZZTIME=$(FUZZTIME) bash .ci/fuzz
bench:           ## the benchmarks of BENCHMARKS.md
	go test -run '^$$' -bench . -count 10 . | tee bench.txt
ci:
	bash .ci/run
