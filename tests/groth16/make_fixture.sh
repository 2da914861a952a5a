#!/bin/sh
# make_fixture.sh — build one Groth16 test fixture with the real circom/snarkjs tools.
#
# Usage: sh tests/groth16/make_fixture.sh WORK NAME CIRCUIT [CURVE] [PARAMS]
#   WORK     scratch folder (build tree): npm packages, cached ptau files, fixtures
#   NAME     fixture name; the files land in WORK/fixtures/NAME/
#   CIRCUIT  a .circom file; its input is CIRCUIT with .circom replaced by .input.json
#            (or $ZKA_FIXTURE_INPUT)
#   CURVE    bn128 (default) or bls12381 (circom -p, snarkjs powersoftau new)
#   PARAMS   template arguments that replace those in the file's `component main` line,
#            e.g. 12 for PoseidonChain(12)
#
# Output in WORK/fixtures/NAME/: circuit.circom (as compiled), circuit.r1cs,
# circuit_js/circuit.wasm, circuit.zkey (setup + one contribution), verification_key.json,
# input.json, witness.wtns, proof.json + public.json (from `snarkjs groth16 prove`),
# info.txt (sizes and the time of each step), pot.ptau (a link to the ptau used).
#
# Steps: npm ci of the pinned tools (tests/groth16/package.json + package-lock.json) into
# WORK once; circom2 compile; a powers-of-tau for the circuit's power (new, one contribution
# with fixed entropy text, prepare phase2), cached in WORK/ptau/CURVE_POWER.ptau; `snarkjs
# groth16 setup`, one `zkey contribute`, `zkey export verificationkey`, `wtns calculate`,
# `groth16 prove`. Everything is cached under a hash of the inputs (this script, the
# circuit, the input, curve, params, the lock file), so a second run returns at once.
# snarkjs mixes OS randomness into every contribution, so regenerated files are valid but
# not byte-identical to earlier ones.
#
# Environment: ZKA_PTAU_MIN_POWER (default 8: small ptaus are cheap and a power-8 ptau also
# fits the tiny circuit's PLONK setup), ZKA_FIXTURE_INPUT, NODE_OPTIONS (large sizes may
# need --max-old-space-size=...).
# Exit 0: fixture ready (last line "fixture NAME: DIR"); 1: a tool failed (its log is
# printed); 77: skipped (no node/npm, or npm cannot reach the registry), reason printed.
set -u
usage="usage: make_fixture.sh WORK NAME CIRCUIT [CURVE] [PARAMS]"
WORK=${1:?$usage}
NAME=${2:?$usage}
CIRCUIT=${3:?$usage}
CURVE=${4:-bn128}
PARAMS=${5:-}
HERE=$(cd "$(dirname "$0")" && pwd)
INPUT=${ZKA_FIXTURE_INPUT:-${CIRCUIT%.circom}.input.json}
MIN_POWER=${ZKA_PTAU_MIN_POWER:-8}
# Pinned versions: keep equal to tests/groth16/package.json (and shared/SNARKJS-FORMATS.md).
V_SNARKJS=0.7.6
V_CIRCOM2=0.2.23
V_CIRCOMLIB=2.0.5

skip() {
  echo "SKIPPED: $*"
  exit 77
}
fail() {
  echo "FAIL: $*"
  exit 1
}
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

case "$CURVE" in bn128 | bls12381) ;; *) fail "curve must be bn128 or bls12381, not '$CURVE'" ;; esac
[ -f "$CIRCUIT" ] || fail "no circuit file $CIRCUIT"
[ -f "$INPUT" ] || fail "no input file $INPUT"
command -v node >/dev/null 2>&1 || skip "node is not installed"
command -v npm >/dev/null 2>&1 || skip "npm is not installed"
mkdir -p "$WORK" || fail "cannot create $WORK"
WORK=$(cd "$WORK" && pwd)

# One make_fixture at a time per WORK (the e2e test and the benchmark may share one).
if command -v flock >/dev/null 2>&1 && [ -z "${ZKA_FIXTURE_LOCKED:-}" ]; then
  ZKA_FIXTURE_LOCKED=1 exec flock "$WORK/.lock" sh "$0" "$@"
fi

version_of() {
  node -e "try{console.log(require('$WORK/node_modules/$1/package.json').version)}catch(e){}" 2>/dev/null
}
if [ "$(version_of snarkjs)" != "$V_SNARKJS" ] || [ "$(version_of circom2)" != "$V_CIRCOM2" ] ||
  [ "$(version_of circomlib)" != "$V_CIRCOMLIB" ]; then
  echo "installing snarkjs@$V_SNARKJS circom2@$V_CIRCOM2 circomlib@$V_CIRCOMLIB into $WORK (npm ci)"
  cp "$HERE/package.json" "$HERE/package-lock.json" "$WORK/" || fail "cannot copy package files"
  t0=$(now)
  if ! timeout 300 npm ci --prefix "$WORK" --no-audit --no-fund --fetch-retries=1 \
    >"$WORK/npm.log" 2>&1; then
    tail -5 "$WORK/npm.log"
    skip "npm ci of the pinned circom/snarkjs tools failed (no network or registry?), see $WORK/npm.log"
  fi
  echo "npm ci: $(since "$t0") s"
fi
SNARKJS="$WORK/node_modules/.bin/snarkjs"
CIRCOM="$WORK/node_modules/.bin/circom2"

# The cache key: everything that decides the fixture's contents.
KEY=$({
  cat "$0" "$CIRCUIT" "$INPUT" "$HERE/package-lock.json"
  echo "curve=$CURVE params=$PARAMS min_power=$MIN_POWER"
} | sha256sum | cut -c1-32)
FX="$WORK/fixtures/$NAME"
if [ -f "$FX/.stamp" ] && [ "$(cat "$FX/.stamp")" = "$KEY" ] && [ -f "$FX/circuit.zkey" ]; then
  echo "fixture $NAME: cached ($(sed -n 's/^constraints=//p' "$FX/info.txt") constraints)"
  echo "fixture $NAME: $FX"
  exit 0
fi
rm -rf "$FX"
mkdir -p "$FX" "$WORK/ptau" || fail "cannot create $FX"
LOG="$FX/log.txt"
: >"$LOG"

# run STEP CMD...: run a tool with its output in the log; print the step's time.
run() {
  step=$1
  shift
  t0=$(now)
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    tail -15 "$LOG"
    fail "$NAME: $step failed (log: $LOG)"
  fi
  dt=$(since "$t0")
  echo "[$NAME] $step: $dt s"
  echo "time_$step=$dt" >>"$FX/info.txt"
}

# The circuit as compiled: PARAMS replace the main template's arguments.
if [ -n "$PARAMS" ]; then
  sed "s/^\(component main[^=]*= *[A-Za-z_][A-Za-z0-9_]*\)(.*);/\1($PARAMS);/" "$CIRCUIT" >"$FX/circuit.circom"
  grep -q "^component main.*($PARAMS);" "$FX/circuit.circom" || fail "$CIRCUIT: no 'component main = T(...);' line to put PARAMS into"
else
  cp "$CIRCUIT" "$FX/circuit.circom"
fi
cp "$INPUT" "$FX/input.json"
echo "name=$NAME" >"$FX/info.txt"
echo "curve=$CURVE" >>"$FX/info.txt"
echo "params=$PARAMS" >>"$FX/info.txt"

# circom2 is a WASI build that sees the file system through relative paths only (its cli.js
# preopens "." and its parents), so it runs from WORK with relative paths.
compile() (cd "$WORK" && "$CIRCOM" "fixtures/$NAME/circuit.circom" --r1cs --wasm -p "$CURVE" \
  -o "fixtures/$NAME" -l node_modules)
run compile compile

# The domain snarkjs will use (src/zkey_new.js): 2^(floor(log2(m)) + 1),
# m = constraints + public inputs + outputs.
"$SNARKJS" r1cs info "$FX/circuit.r1cs" >"$FX/r1cs_info.txt" 2>&1 || fail "snarkjs r1cs info failed"
num() { sed -n "s/.*# of $1: *\([0-9]*\).*/\1/p" "$FX/r1cs_info.txt" | head -1; }
NC=$(num Constraints)
NPI=$(num "Public Inputs")
NO=$(num Outputs)
[ -n "$NC" ] && [ -n "$NPI" ] && [ -n "$NO" ] || fail "cannot read sizes from snarkjs r1cs info: $(cat "$FX/r1cs_info.txt")"
M=$((NC + NPI + NO))
POWER=0
while [ $((1 << POWER)) -le "$M" ]; do POWER=$((POWER + 1)); done
DOMAIN=$((1 << POWER))
PTAU_POWER=$POWER
[ "$PTAU_POWER" -lt "$MIN_POWER" ] && PTAU_POWER=$MIN_POWER
{
  echo "constraints=$NC"
  echo "public_inputs=$NPI"
  echo "outputs=$NO"
  echo "domain=$DOMAIN"
  echo "ptau_power=$PTAU_POWER"
} >>"$FX/info.txt"
echo "[$NAME] $NC constraints, $((NPI + NO)) public signals, domain 2^$POWER, ptau power $PTAU_POWER ($CURVE)"

# Powers of tau, cached per curve and power. Built under a temporary name and renamed, so
# an interrupted run never leaves a half-made ptau behind.
# A prepared ptau of a higher power serves any smaller circuit (snarkjs reads the Lagrange
# section of the circuit's own power), and preparing one is by far the slowest step, so the
# smallest cached one that fits is used.
PTAU="$WORK/ptau/${CURVE}_$PTAU_POWER.ptau"
p=$PTAU_POWER
while [ ! -f "$PTAU" ] && [ "$p" -lt 28 ]; do
  p=$((p + 1))
  [ -f "$WORK/ptau/${CURVE}_$p.ptau" ] && PTAU="$WORK/ptau/${CURVE}_$p.ptau"
done
[ -f "$PTAU" ] || PTAU="$WORK/ptau/${CURVE}_$PTAU_POWER.ptau"
if [ ! -f "$PTAU" ]; then
  tmp="$WORK/ptau/tmp_${CURVE}_$PTAU_POWER"
  run ptau_new "$SNARKJS" powersoftau new "$CURVE" "$PTAU_POWER" "${tmp}_0.ptau"
  run ptau_contribute "$SNARKJS" powersoftau contribute "${tmp}_0.ptau" "${tmp}_1.ptau" \
    --name="zkaccel tests" -e="zkaccel fixed entropy text $CURVE $PTAU_POWER"
  run ptau_prepare "$SNARKJS" powersoftau prepare phase2 "${tmp}_1.ptau" "${tmp}_final.ptau"
  mv "${tmp}_final.ptau" "$PTAU" || fail "cannot move the ptau into place"
  rm -f "${tmp}_0.ptau" "${tmp}_1.ptau"
  cp "$FX/info.txt" "$PTAU.times"
else
  echo "[$NAME] ptau: cached $PTAU"
fi
ln -sf "$PTAU" "$FX/pot.ptau"
echo "ptau=$(basename "$PTAU")" >>"$FX/info.txt"

run setup "$SNARKJS" groth16 setup "$FX/circuit.r1cs" "$PTAU" "$FX/circuit_0000.zkey"
run zkey_contribute "$SNARKJS" zkey contribute "$FX/circuit_0000.zkey" "$FX/circuit.zkey" \
  --name="zkaccel tests" -e="zkaccel fixed entropy text $NAME"
rm -f "$FX/circuit_0000.zkey"
run export_vk "$SNARKJS" zkey export verificationkey "$FX/circuit.zkey" "$FX/verification_key.json"
run witness "$SNARKJS" wtns calculate "$FX/circuit_js/circuit.wasm" "$FX/input.json" "$FX/witness.wtns"
run snarkjs_prove "$SNARKJS" groth16 prove "$FX/circuit.zkey" "$FX/witness.wtns" "$FX/proof.json" "$FX/public.json"

echo "$KEY" >"$FX/.stamp"
echo "fixture $NAME: $FX"
exit 0
