#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, run as `make bench` (or `make bench
# BASE=<git ref>` for before/after). Every benchmark runs COUNT rounds, and
# the rounds are interleaved (round 1 of everything, then round 2, …) so that
# a burst of load on a shared machine hits every row, not a few, and each
# ratio compares numbers taken minutes apart at most. With BASE, the code of
# BASE is built with this tree's bench_test.go and each round runs it and
# then this tree: before and after come from the same run.
#
# Output: bench.txt (and bench-base.txt), benchstat's medians with each
# column compared with Copy, and scripts/benchtable.py's table of ratios
# (best round of each, DESIGN §8).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-8}"
BENCHTIME="${BENCHTIME:-200ms}"
BENCH="${BENCH:-.}"
BENCHSTAT="go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; [ -z "${BASE:-}" ] || git worktree remove --force "$tmp/base" 2>/dev/null || true' EXIT

go test -c -o "$tmp/after.test" .
if [ -n "${BASE:-}" ]; then
	git worktree add --detach "$tmp/base" "$BASE" >/dev/null
	cp bench_test.go "$tmp/base/bench_test.go"
	(cd "$tmp/base" && go test -c -o "$tmp/before.test" .)
	: > bench-base.txt
fi
: > bench.txt
# NICE="nice -n -20" (as root) keeps other jobs on a shared machine from
# taking the CPU in the middle of a round.
run() { ${NICE:-} "$1" -test.run '^$' -test.bench "$BENCH" -test.benchtime "$BENCHTIME" -test.count 1; }
for i in $(seq "$COUNT"); do
	echo "round $i of $COUNT" >&2
	if [ -n "${BASE:-}" ]; then (cd "$tmp/base" && run "$tmp/before.test") >> bench-base.txt; fi
	run "$tmp/after.test" >> bench.txt
done

if [ -n "${BASE:-}" ]; then
	echo "== before ($BASE) and after, medians"
	$BENCHSTAT -filter '.unit:sec/op' bench-base.txt bench.txt
	echo "== before: ratios to Copy"
	python3 scripts/benchtable.py bench-base.txt
	echo
fi
echo "== medians, each column against Copy"
$BENCHSTAT -col .name -filter '.unit:sec/op' bench.txt
echo "== ratios to Copy (best round of each)"
python3 scripts/benchtable.py bench.txt
