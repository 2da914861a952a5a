#!/bin/sh
# check_bench_output.sh ZKACCEL QUICK_DIR MISMATCH_DIR — checks what `zkaccel bench --quick
# --out QUICK_DIR` wrote (test_bench_quick runs it first): the files exist, every field at
# both quick sizes has a CPU row, every row's check says identical, the CSV has as many rows,
# an OpenCL row exists when ZKA_REQUIRE_OPENCL=1, the plot exists when gnuplot does.  Then
# runs the tool once with one bit of the CPU output flipped (ZKA_BENCH_CORRUPT=cpu, a hook
# of bench/bench_ntt.cc) into MISMATCH_DIR and checks it exits 1 with MISMATCH in the table.
set -u
zkaccel=$1
out=$2
bad=$3
fail() {
  echo "check_bench_output: FAIL: $*"
  exit 1
}
for f in summary.md results.csv results.json raw_ntt.json; do
  [ -s "$out/$f" ] || fail "$out/$f is missing or empty"
done
rows=$(grep -c '^| ntt |' "$out/summary.md")
[ "$rows" -ge 8 ] || fail "summary.md has $rows ntt rows, expected at least 8 (4 fields x 2 sizes x cpu)"
for field in bn254_fr bls12_381_fr babybear goldilocks; do
  for size in 10 12; do
    grep -F -q "| ntt | $field | 2^$size | cpu |" "$out/summary.md" || fail "no cpu row for $field 2^$size"
  done
done
identical=$(grep -c '^| ntt |.*| identical |$' "$out/summary.md")
[ "$identical" -eq "$rows" ] || fail "only $identical of $rows rows say identical: $(grep -v '| identical |$' "$out/summary.md" | grep '^| ntt |')"
grep -F -q "Checks: $rows of $rows identical to the CPU." "$out/summary.md" || fail "summary.md lacks 'Checks: $rows of $rows identical'"
csv=$(($(wc -l < "$out/results.csv") - 1))
[ "$csv" -eq "$rows" ] || fail "results.csv has $csv rows, summary.md $rows"
grep -q '"check": "identical"' "$out/results.json" || fail "results.json has no identical check"
if [ "${ZKA_REQUIRE_OPENCL:-0}" = 1 ]; then
  grep -F -q '| opencl |' "$out/summary.md" || fail "ZKA_REQUIRE_OPENCL=1 but no opencl row"
fi
if command -v gnuplot > /dev/null 2>&1; then
  [ -s "$out/ntt.png" ] || fail "gnuplot is installed but $out/ntt.png is missing"
  plot="ntt.png written"
else
  plot="gnuplot absent, plot not checked"
fi
echo "check_bench_output: $rows rows, all identical to the cpu, csv and json agree; $plot"

rm -rf "$bad"
ZKA_BENCH_CORRUPT=cpu "$zkaccel" bench --quick --primitives ntt --backends cpu --fields babybear --sizes 10 \
  --out "$bad" > "$bad.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "with a corrupted output the tool exited $rc, expected 1 (log: $bad.log)"
grep -F -q '| ntt | babybear | 2^10 | cpu |' "$bad/summary.md" || fail "no row in $bad/summary.md"
grep -F -q '| MISMATCH |' "$bad/summary.md" || fail "the corrupted run's summary.md does not say MISMATCH"
echo "check_bench_output: a flipped bit is reported as MISMATCH with exit status 1"
