#!/bin/sh
# poseidon_circomlibjs.sh — live cross-check of zkaccel's Poseidon (BN254, circomlib
# parameters) against circomlibjs itself, on inputs nobody has seen before.
#
# Usage: sh tests/poseidon_circomlibjs.sh TEST_BINARY WORK_DIR
#   TEST_BINARY  the built test_poseidon_bn254 (its --vectors FILE mode checks a file)
#   WORK_DIR     a scratch directory in the build tree (circomlibjs is installed there)
#
# Steps: install circomlibjs at the pinned version with npm into WORK_DIR (once), have
# tools/gen_poseidon_vectors.mjs compute poseidon() of fresh random inputs for every
# k = 1..16 with it (seeded from /dev/urandom; the seed is printed so a failure can be
# replayed with --seed), and check them with TEST_BINARY --vectors.
# Exit 0: all agree; 1: a mismatch or an error; 77: skipped (no node/npm, or npm cannot reach
# the registry), with the reason printed.
set -u
VERSION=0.1.7 # keep equal to PINNED in tools/gen_poseidon_vectors.mjs
BIN=${1:?usage: poseidon_circomlibjs.sh TEST_BINARY WORK_DIR}
WORK=${2:?usage: poseidon_circomlibjs.sh TEST_BINARY WORK_DIR}
HERE=$(cd "$(dirname "$0")" && pwd)
GEN="$HERE/../tools/gen_poseidon_vectors.mjs"

skip() {
  echo "SKIPPED: $*"
  exit 77
}

command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
[ -x "$BIN" ] || { echo "FAIL: $BIN is not an executable"; exit 1; }
mkdir -p "$WORK" || exit 1

MOD="$WORK/node_modules/circomlibjs"
have=$(node -e "try{console.log(require('$MOD/package.json').version)}catch(e){}" 2>/dev/null)
if [ "$have" != "$VERSION" ]; then
  echo "installing circomlibjs@$VERSION into $WORK (npm)"
  if ! timeout 300 npm install --prefix "$WORK" --no-audit --no-fund --fetch-retries=1 \
      "circomlibjs@$VERSION" >"$WORK/npm.log" 2>&1; then
    tail -5 "$WORK/npm.log"
    skip "npm install circomlibjs@$VERSION failed (no network or registry?), see $WORK/npm.log"
  fi
fi

SEED=$(od -An -N8 -tx8 /dev/urandom | tr -d ' \n')
OUT="$WORK/poseidon_live.txt"
echo "seed $SEED (replay: node tools/gen_poseidon_vectors.mjs --module $MOD --seed $SEED --random 3 --no-fixed --out FILE)"
node "$GEN" --module "$MOD" --out "$OUT" --seed "$SEED" --random 3 --no-fixed || {
  echo "FAIL: circomlibjs vector generation failed"
  exit 1
}
"$BIN" --vectors "$OUT"
