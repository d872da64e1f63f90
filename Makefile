# Conveniences; .ci/run is what CI runs.
FUZZTIME ?= 10m

.PHONY: test fuzz bench ci
test:            ## the README's test command
	go test -race ./...
fuzz:            ## every fuzz target for FUZZTIME each (default 10m)
	FUZZTIME=$(FUZZTIME) bash .ci/fuzz
bench:           ## the benchmarks of BENCHMARKS.md (COUNT rounds interleaved; BASE=<ref> adds before/after)
	bash scripts/bench.sh
ci:
	bash .ci/run
