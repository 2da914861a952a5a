#!/bin/sh
# groth16_compare.sh — `snarkjs groth16 prove` against `zkaccel prove` on the same files.
#
# Usage: sh bench/groth16_compare.sh ZKACCEL_BIN WORK_DIR K...
#   K  log2 of the domain: a Poseidon chain (tests/groth16/circuits/poseidon_chain.circom)
#      of N = floor((2^K - 2) / 518) hashes, the most that fit a 2^K domain, is built for
#      each K with tests/groth16/make_fixture.sh (cached in WORK_DIR/fixtures/bench_pK)
#
# For each size: the median wall time of 3 runs of each prover, a check that snarkjs
# accepts zkaccel's proof, and one markdown table row:
#   | constraints | domain | snarkjs s | zkaccel s | ratio |   (ratio = snarkjs / zkaccel)
# The setup time of each fixture (compile, ptau, groth16 setup) is printed before the table.
# Setup cost grows fast: `snarkjs powersoftau prepare phase2` took 15 s at power 8 and
# 333 s at power 12 on the 2-core machine under load, about 2.2x per power, so powers
# above 13 take hours to prepare here; a ptau of a higher power serves every smaller K.
# Environment: ZKA_BENCH_BACKEND (passed to zkaccel prove as --backend; default: the
# engine's choice), NODE_OPTIONS (large sizes: --max-old-space-size=16384).
# Exit 0: table printed; 1: a tool failed or a proof did not verify; 77: no node/npm.
set -u
usage="usage: groth16_compare.sh ZKACCEL_BIN WORK_DIR K..."
Z=${1:?$usage}
WORK=${2:?$usage}
shift 2
[ $# -ge 1 ] || { echo "$usage"; exit 2; }
HERE=$(cd "$(dirname "$0")" && pwd)
MAKE="$HERE/../tests/groth16/make_fixture.sh"
CIRCUIT="$HERE/../tests/groth16/circuits/poseidon_chain.circom"
# Constraints of PoseidonChain(N) = 518 N - 1 (circom2 0.2.23, circomlib 2.0.5: measured
# 1035 for N = 2 and 2071 for N = 4); snarkjs's domain is the power of two above
# constraints + public signals (2 here).
PER_HASH=518
[ -x "$Z" ] || { echo "FAIL: $Z is not an executable"; exit 1; }
mkdir -p "$WORK" || exit 1
WORK=$(cd "$WORK" && pwd)
BACKEND=${ZKA_BENCH_BACKEND:-}

now() { date +%s.%N; }
# median3 A B C
median3() { printf '%s\n%s\n%s\n' "$1" "$2" "$3" | sort -g | sed -n 2p; }
# time3 CMD...: median wall seconds of 3 runs (any failure: prints FAIL)
time3() {
  ts=""
  for _ in 1 2 3; do
    t0=$(now)
    if ! "$@" >"$WORK/bench_run.log" 2>&1; then
      echo FAIL
      return
    fi
    ts="$ts $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }')"
  done
  # shellcheck disable=SC2086
  median3 $ts
}

ROWS=""
SETUP=""
for k in "$@"; do
  n=$((((1 << k) - 2) / PER_HASH))
  [ "$n" -ge 1 ] || { echo "FAIL: 2^$k holds no Poseidon hash (K >= 10)"; exit 1; }
  name="bench_p$k"
  t0=$(now)
  sh "$MAKE" "$WORK" "$name" "$CIRCUIT" bn128 "$n" >"$WORK/make_$name.log" 2>&1
  rc=$?
  cat "$WORK/make_$name.log"
  [ $rc -eq 77 ] && exit 77
  [ $rc -eq 0 ] || { echo "FAIL: make_fixture.sh $name"; exit 1; }
  F="$WORK/fixtures/$name"
  info() { sed -n "s/^$1=//p" "$F/info.txt"; }
  # the ptau's own build times (make_fixture.sh keeps them beside it as PTAU.times)
  pinfo() { sed -n "s/^$1=//p" "$WORK/ptau/$(info ptau).times" 2>/dev/null; }
  SETUP="$SETUP
- 2^$k (N = $n, $(info constraints) constraints): $(awk -v a="$t0" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s in this run; when built: compile $(info time_compile) s, groth16 setup $(info time_setup) s, zkey contribute $(info time_zkey_contribute) s; ptau $(info ptau): new $(pinfo time_ptau_new) s, contribute $(pinfo time_ptau_contribute) s, prepare phase2 $(pinfo time_ptau_prepare) s"
  S=$(time3 "$WORK/node_modules/.bin/snarkjs" groth16 prove "$F/circuit.zkey" "$F/witness.wtns" "$WORK/bench_sproof.json" "$WORK/bench_spublic.json")
  if [ -n "$BACKEND" ]; then
    X=$(time3 "$Z" prove "$F/circuit.zkey" "$F/witness.wtns" "$WORK/bench_zproof.json" "$WORK/bench_zpublic.json" --quiet --backend "$BACKEND")
  else
    X=$(time3 "$Z" prove "$F/circuit.zkey" "$F/witness.wtns" "$WORK/bench_zproof.json" "$WORK/bench_zpublic.json" --quiet)
  fi
  [ "$S" = FAIL ] && { cat "$WORK/bench_run.log"; echo "FAIL: snarkjs groth16 prove ($name)"; exit 1; }
  [ "$X" = FAIL ] && { cat "$WORK/bench_run.log"; echo "FAIL: zkaccel prove ($name)"; exit 1; }
  if ! "$WORK/node_modules/.bin/snarkjs" groth16 verify "$F/verification_key.json" \
    "$WORK/bench_zpublic.json" "$WORK/bench_zproof.json" >"$WORK/bench_run.log" 2>&1; then
    cat "$WORK/bench_run.log"
    echo "FAIL: snarkjs does not accept zkaccel's proof ($name)"
    exit 1
  fi
  R=$(awk -v s="$S" -v x="$X" 'BEGIN { printf "%.1fx", s / x }')
  ROWS="$ROWS
| $(info constraints) | 2^$k | $S | $X | $R |"
done

echo
echo "Setup (tests/groth16/make_fixture.sh):$SETUP"
echo
echo "Groth16 prove, Poseidon chains, bn128, medians of 3 (zkaccel backend: ${BACKEND:-engine default}; snarkjs accepted each zkaccel proof)"
echo
echo "| constraints | domain | snarkjs s | zkaccel s | ratio |"
echo "| ---: | ---: | ---: | ---: | ---: |$ROWS"
