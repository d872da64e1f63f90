#!/usr/bin/env bash
# The benchmarks of BENCHMARKS.md, run as `make bench` (or `make bench
# BASE=<git ref>` for before/after). Every benchmark runs COUNT rounds, and
# the rounds are interleaved (round 1 of everything, then round 2, …) so that
# a burst of load on a shared machine hits every row, not a few, and each
# ratio compares numbers taken minutes apart at most. With BASE, the code of
# BASE is built with this tree's bench_test.go and each round runs it and
# then this tree: before and after come from the same run. BASES="<ref>
# <ref> …" does the same for several befores at once (e.g. main and the
# code before a whole issue), each compared with this tree.
#
# Output: bench.txt (and bench-base.txt, bench-base2.txt, … for the
# befores), benchstat's medians with each
# column compared with Copy, and scripts/benchtable.py's table of ratios
# (best round of each, DESIGN §8).
set -euo pipefail
cd "$(dirname "$0")/.."
COUNT="${COUNT:-8}"
BENCHTIME="${BENCHTIME:-200ms}"
BENCH="${BENCH:-.}"
BENCHSTAT="go run golang.org/x/perf/cmd/benchstat@v0.0.0-20260908200009-22c9c6c9d4da"
BASES="${BASES:-${BASE:-}}"
read -r -a bases <<< "$BASES"
tmp=$(mktemp -d)
cleanup() {
	for i in "${!bases[@]}"; do git worktree remove --force "$tmp/base$i" 2>/dev/null || true; done
	rm -rf "$tmp"
}
trap cleanup EXIT

# basefile i: where the rounds of the i-th before go.
basefile() { if [ "$1" = 0 ]; then echo bench-base.txt; else echo "bench-base$(($1 + 1)).txt"; fi; }

go test -c -o "$tmp/after.test" .
for i in "${!bases[@]}"; do
	git worktree add --detach "$tmp/base$i" "${bases[$i]}" >/dev/null
	cp bench_test.go "$tmp/base$i/bench_test.go"
	(cd "$tmp/base$i" && go test -c -o "$tmp/before$i.test" .)
	: > "$(basefile "$i")"
done
: > bench.txt
# NICE="nice -n -20" (as root) keeps other jobs on a shared machine from
# taking the CPU in the middle of a round.
run() { ${NICE:-} "$1" -test.run '^$' -test.bench "$BENCH" -test.benchtime "$BENCHTIME" -test.count 1; }
for r in $(seq "$COUNT"); do
	echo "round $r of $COUNT" >&2
	for i in "${!bases[@]}"; do (cd "$tmp/base$i" && run "$tmp/before$i.test") >> "$(basefile "$i")"; done
	run "$tmp/after.test" >> bench.txt
done

for i in "${!bases[@]}"; do
	echo "== before (${bases[$i]}) and after, medians"
	$BENCHSTAT -filter '.unit:sec/op' "$(basefile "$i")" bench.txt
	echo "== before (${bases[$i]}): ratios to Copy"
	python3 scripts/benchtable.py "$(basefile "$i")"
	echo
done
echo "== medians, each column against Copy"
$BENCHSTAT -col .name -filter '.unit:sec/op' bench.txt
echo "== ratios to Copy (best round of each)"
python3 scripts/benchtable.py bench.txt
