#!/bin/sh
# check_bench_output.sh ZKACCEL QUICK_DIR MISMATCH_DIR — checks what `zkaccel bench --quick
# --primitives ntt,hash,merkle,msm,groth16,zkvm --out QUICK_DIR` wrote (test_bench_quick runs
# it first): the files exist; every field (ntt, groth16), every hash (hash, merkle), every
# group (msm) and every example guest (zkvm: proof and executor rows; only when the guests
# were built) at the quick sizes has a CPU row; every row's check says identical; the CSV has
# as many rows; each primitive has an OpenCL row when ZKA_REQUIRE_OPENCL=1; the plots exist
# when gnuplot does.  Then runs the tool once with one bit of the CPU output flipped
# (ZKA_BENCH_CORRUPT=cpu, a hook of the ntt, hash, merkle, msm and zkvm suites) into
# MISMATCH_DIR and checks it exits 1 with MISMATCH in the table for each of them.
set -u
zkaccel=$1
out=$2
bad=$3
fail() {
  echo "check_bench_output: FAIL: $*"
  exit 1
}
for f in summary.md results.csv results.json raw_ntt.json raw_hash.json raw_merkle.json raw_msm.json; do
  [ -s "$out/$f" ] || fail "$out/$f is missing or empty"
done
# What each primitive is run over, and its quick sizes (the suites' defaults with --quick).
hashes="sha256 keccak256 poseidon_bn254 poseidon2_babybear_16 poseidon2_babybear_24 poseidon2_goldilocks_8 poseidon2_goldilocks_12"
rows=0
per=""
# zkvm rows need the example guests (the RISC-V cross compiler builds them beside $out).
prims="ntt hash merkle msm groth16"
if [ -s "$out/../zkvm/guests/fibonacci.elf" ]; then prims="$prims zkvm"; fi
for prim in $prims; do
  case $prim in
    zkvm) names="fibonacci fibonacci-exec sha256 sha256-exec sort sort-exec bignum bignum-exec"; sizes="10" ;;
    ntt) names="bn254_fr bls12_381_fr babybear goldilocks"; sizes="10 12" ;;
    groth16) names="bn254_fr bls12_381_fr"; sizes="8 10" ;;
    msm) names="bn254_g1 bn254_g2 bls12_381_g1 bls12_381_g2"; sizes="8 10" ;;
    *) names=$hashes; sizes="8 10" ;;
  esac
  n=$(grep -c "^| $prim |" "$out/summary.md")
  want=0
  for name in $names; do
    for size in $sizes; do
      grep -F -q "| $prim | $name | 2^$size | cpu |" "$out/summary.md" || fail "no $prim cpu row for $name 2^$size"
      want=$((want + 1))
    done
  done
  [ "$n" -ge "$want" ] || fail "summary.md has $n $prim rows, expected at least $want (cpu rows)"
  if [ "${ZKA_REQUIRE_OPENCL:-0}" = 1 ]; then
    grep -q "^| $prim |.*| opencl |" "$out/summary.md" || fail "ZKA_REQUIRE_OPENCL=1 but no $prim opencl row"
  fi
  rows=$((rows + n))
  per="${per:+$per, }$prim $n"
done
total=$(grep -c '^| [a-z0-9]* |.*| 2^[0-9]* |' "$out/summary.md")
[ "$total" -eq "$rows" ] || fail "summary.md has $total result rows, $rows of $prims"
identical=$(grep -c '^| [a-z0-9]* |.*| identical |$' "$out/summary.md")
[ "$identical" -eq "$rows" ] || fail "only $identical of $rows rows say identical: $(grep '^| [a-z0-9]* |.*| 2^' "$out/summary.md" | grep -v '| identical |$')"
grep -F -q "Checks: $rows of $rows identical to the CPU." "$out/summary.md" || fail "summary.md lacks 'Checks: $rows of $rows identical'"
csv=$(($(wc -l < "$out/results.csv") - 1))
[ "$csv" -eq "$rows" ] || fail "results.csv has $csv rows, summary.md $rows"
grep -q '"check": "identical"' "$out/results.json" || fail "results.json has no identical check"
if command -v gnuplot > /dev/null 2>&1; then
  for prim in $prims; do
    [ -s "$out/$prim.png" ] || fail "gnuplot is installed but $out/$prim.png is missing"
  done
  plot="a plot per primitive written ($prims)"
else
  plot="gnuplot absent, plots not checked"
fi
echo "check_bench_output: $rows rows ($per), all identical to the cpu, csv and json agree; $plot"

rm -rf "$bad"
zkvm_prim=""
zkvm_field=""
case " $prims " in *" zkvm "*) zkvm_prim=",zkvm"; zkvm_field=",bignum" ;; esac
ZKA_BENCH_CORRUPT=cpu "$zkaccel" bench --quick --primitives ntt,hash,merkle,msm$zkvm_prim --backends cpu --fields babybear,bn254_g1$zkvm_field \
  --sizes 10 --out "$bad" > "$bad.log" 2>&1
rc=$?
[ "$rc" -eq 1 ] || fail "with a corrupted output the tool exited $rc, expected 1 (log: $bad.log)"
bad_rows="ntt | babybear;hash | poseidon2_babybear_16;merkle | poseidon2_babybear_16;msm | bn254_g1"
[ -n "$zkvm_prim" ] && bad_rows="$bad_rows;zkvm | bignum"
IFS=';'
for row in $bad_rows; do
  grep -F -q "| $row | 2^10 | cpu |" "$bad/summary.md" || fail "no '$row 2^10 cpu' row in $bad/summary.md"
  grep -F "| $row | 2^10 | cpu |" "$bad/summary.md" | grep -F -q '| MISMATCH |' ||
    fail "the corrupted run's '$row' row does not say MISMATCH"
done
unset IFS
echo "check_bench_output: a flipped bit is reported as MISMATCH (ntt, hash, merkle, msm${zkvm_prim:+, zkvm}) with exit status 1"
