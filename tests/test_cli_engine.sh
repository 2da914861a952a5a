#!/bin/sh
# test_cli_engine.sh ZKACCEL — the engine through the command line: device listing (text and
# JSON), backend selection and its errors, --strict, a fallback after an injected device
# failure, and bad NTT arguments.  Each check says what it checked; the first failure exits 1.
set -u
Z="$1"
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$out"; echo "--- stderr"; cat "$err"; exit 1; }
ok() { echo "ok: $*"; }

"$Z" devices >"$out" 2>"$err" || fail "devices exits 0"
for b in cpu cuda opencl fpga fpga-emu; do
  grep -q "^$b " "$out" || fail "devices lists backend $b"
done
ok "devices lists cpu, cuda, opencl, fpga, fpga-emu"

"$Z" devices --json >"$out" 2>"$err" || fail "devices --json exits 0"
python3 - "$out" <<'PY' || fail "devices --json is JSON with the keys"
import json, sys
rows = json.load(open(sys.argv[1]))
assert isinstance(rows, list) and rows
for r in rows:
    for k in ("backend", "device", "available", "reason"):
        assert k in r, (k, r)
    assert r["available"] or r["reason"], r
assert any(r["backend"] == "cpu" and r["available"] for r in rows)
PY
ok "devices --json: keys backend, device, available, reason; unavailable rows have a reason"

"$Z" ntt --backend warp-drive --log-n 4 >"$out" 2>"$err" && fail "unknown backend refused"
grep -q "unknown backend 'warp-drive'" "$err" || fail "the message names the backend"
ok "unknown backend refused with its name"

if ! python3 -c "import json,sys; rows=json.load(open(sys.argv[1])); sys.exit(0 if any(r['backend']=='cuda' and r['available'] for r in rows) else 1)" "$out" 2>/dev/null; then
  "$Z" devices --json >"$out" 2>/dev/null
  if python3 -c "import json,sys; rows=json.load(open(sys.argv[1])); sys.exit(0 if any(r['backend']=='cuda' and r['available'] for r in rows) else 1)" "$out"; then
    echo "skip: cuda is available here, so --strict cuda cannot be shown failing"
  else
    "$Z" ntt --backend cuda --strict --log-n 4 >"$out" 2>"$err" && fail "--strict with an unavailable backend fails"
    grep -q "requested (--strict) but has no available device" "$err" || fail "--strict message"
    ok "--strict cuda without a CUDA device: error, with the reason"
    "$Z" ntt --backend cuda --log-n 6 --field goldilocks >"$out" 2>"$err" || fail "non-strict falls back"
    grep -q "identical to cpu" "$out" || fail "fallback result checked"
    ok "cuda without a device, not strict: the work runs on the cpu"
  fi
fi

"$Z" --backend cpu ntt --field goldilocks --log-n 10 --batch 4 --inverse --coset >"$out" 2>"$err" || fail "ntt on cpu"
grep -q "on cpu:0=1" "$out" && grep -q "identical to cpu" "$out" || fail "ntt on cpu reports the device and the check"
ok "--backend before the command; ntt on the cpu"

"$Z" ntt --log-n 99 >"$out" 2>"$err"
[ $? -eq 2 ] || fail "log-n 99 is a usage error (exit 2)"
ok "ntt --log-n 99 refused"

if "$Z" devices --json 2>/dev/null | python3 -c "import json,sys; sys.exit(0 if any(r['backend']=='fpga-emu' and r['available'] for r in json.load(sys.stdin)) else 1)"; then
  ZKA_INJECT_FAULTS="fpga-emu:0" "$Z" ntt --backend fpga-emu --field babybear --log-n 10 >"$out" 2>"$err" ||
    fail "an injected device failure falls back"
  grep -q "failed on fpga-emu:0: injected fault" "$err" && grep -q "re-ran on cpu:0" "$err" || fail "the fallback is reported on stderr"
  grep -q "1 fallback" "$out" && grep -q "identical to cpu" "$out" || fail "the job report counts it; the bytes are right"
  ok "injected fpga-emu failure: re-ran on the cpu, reported, output identical"
  ZKA_INJECT_FAULTS="fpga-emu:0" "$Z" ntt --backend fpga-emu --strict --field babybear --log-n 10 >"$out" 2>"$err" &&
    fail "--strict turns a device failure into an error"
  grep -q "forbids a fallback" "$err" || fail "--strict failure message"
  ok "--strict: the same failure is an error"
else
  echo "skip: fpga-emu unavailable"
fi
echo "test_cli_engine: all checks passed"
