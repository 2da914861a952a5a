#!/bin/sh
# gen-groth16-fixtures.sh — regenerate the bundled Groth16 fixtures in tests/data/groth16/
# with the real tools (snarkjs 0.7.6, circom2 0.2.23, circomlib 2.0.5 from npm).
#
# Usage: sh tools/gen-groth16-fixtures.sh [WORK_DIR]   (default build/groth16-work)
#
# For each curve (bn128, bls12381) tests/groth16/make_fixture.sh compiles
# tests/groth16/circuits/tiny.circom, makes a power-8 powers of tau (one contribution),
# the Groth16 zkey (one contribution), the witness of tiny.input.json and a proof by
# `snarkjs groth16 prove`; the files are copied to tests/data/groth16/CURVE/. The PLONK zkey
# of the same bn128 circuit (for the rejection test) goes to tests/data/groth16/plonk.zkey.
# Finally `snarkjs groth16 verify` re-checks each copied proof. snarkjs mixes OS randomness
# into each contribution and proof, so new files differ from the old ones byte for byte.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${1:-$ROOT/build/groth16-work}
DATA="$ROOT/tests/data/groth16"
MAKE="$ROOT/tests/groth16/make_fixture.sh"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)

for curve in bn128 bls12381; do
  ZKA_PTAU_MIN_POWER=8 sh "$MAKE" "$WORK" "tiny_$curve" "$ROOT/tests/groth16/circuits/tiny.circom" "$curve"
  fx="$WORK/fixtures/tiny_$curve"
  mkdir -p "$DATA/$curve"
  for f in circuit.zkey witness.wtns verification_key.json proof.json public.json input.json; do
    cp "$fx/$f" "$DATA/$curve/$f"
  done
  "$WORK/node_modules/.bin/snarkjs" groth16 verify "$DATA/$curve/verification_key.json" \
    "$DATA/$curve/public.json" "$DATA/$curve/proof.json"
done

fx="$WORK/fixtures/tiny_bn128"
"$WORK/node_modules/.bin/snarkjs" plonk setup "$fx/circuit.r1cs" "$fx/pot.ptau" "$DATA/plonk.zkey"
ls -l "$DATA" "$DATA/bn128" "$DATA/bls12381"
