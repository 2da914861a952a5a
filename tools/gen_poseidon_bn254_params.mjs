// Generate core/params/poseidon_bn254.h: circomlib's Poseidon constants over BN254 Fr, in
// the optimized (sparse partial-round) form that circomlibjs's poseidon_opt.js evaluates,
// converted to zkaccel's Montgomery limbs (x * 2^256 mod r, four little-endian 64-bit limbs).
//
// Source: iden3/circomlibjs (npm "circomlibjs", pinned below), files
//   src/poseidon_constants_opt.json   C, S, M, P per t = 2..17 (used by src/poseidon_opt.js;
//                                     the same numbers as circomlib circuits/poseidon_constants.circom)
//   src/poseidon_constants.json       C, M of the reference form (src/poseidon_reference.js),
//                                     used here only to check that both forms agree.
// The constants come from the Poseidon authors' generate_parameters_grain.sage (field
// BN254 r, alpha = 5, R_F = 8, R_P per t as below), see circomlibjs src/poseidon_reference.js.
// The optimized form is Appendix B of the Poseidon paper (eprint 2019/458) as done by
// filecoin-project/neptune.
//
// Usage:  npm install --prefix /work/npm-poseidon circomlibjs@0.1.7
//         node tools/gen_poseidon_bn254_params.mjs [/work/npm-poseidon/node_modules/circomlibjs]
// Checks before writing: the optimized and reference evaluations agree on random inputs for
// every t, and poseidon([1, 2]) is the value circomlibjs publishes in its tests.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';

const PINNED = '0.1.7';
const pkgDir = process.argv[2] || '/work/npm-poseidon/node_modules/circomlibjs';
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
if (pkg.version !== PINNED) throw new Error(`circomlibjs ${pkg.version} found, ${PINNED} pinned`);
const opt = JSON.parse(readFileSync(join(pkgDir, 'src', 'poseidon_constants_opt.json'), 'utf8'));
const ref = JSON.parse(readFileSync(join(pkgDir, 'src', 'poseidon_constants.json'), 'utf8'));

// BN254 scalar field modulus r.
const R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const RF = 8;
// circomlib poseidon.circom / circomlibjs N_ROUNDS_P, t = 2..17.
const RP = [56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68];
const TMIN = 2, TMAX = 17;

const big = (v) => { const x = BigInt(v); if (x < 0n || x >= R) throw new Error('constant out of range'); return x; };
const add = (a, b) => (a + b) % R;
const mul = (a, b) => (a * b) % R;
const pow5 = (a) => mul(a, mul(mul(a, a), mul(a, a)));

const C = opt.C.map((a) => a.map(big));
const S = opt.S.map((a) => a.map(big));
// circomlibjs's opt form mixes with new[i] = sum_j M[j][i] * s[j]; we store the transpose,
// so that the table reads as an ordinary matrix: new[i] = sum_j m[i][j] * s[j].
const transpose = (m) => m[0].map((_, i) => m.map((row) => big(row[i])));
const M = opt.M.map(transpose);
const P = opt.P.map(transpose);
const refC = ref.C.map((a) => a.map(big));
const refM = ref.M.map((m) => m.map((row) => row.map(big)));

for (let t = TMIN; t <= TMAX; t++) {
  const i = t - 2, rp = RP[i];
  if (C[i].length !== RF * t + rp) throw new Error(`C length t=${t}`);
  if (S[i].length !== (2 * t - 1) * rp) throw new Error(`S length t=${t}`);
  if (M[i].length !== t || P[i].length !== t) throw new Error(`M/P size t=${t}`);
  if (refC[i].length !== (RF + rp) * t) throw new Error(`reference C length t=${t}`);
}

const matvec = (m, s) => m.map((row) => row.reduce((acc, v, j) => add(acc, mul(v, s[j])), 0n));

// circomlibjs src/poseidon_reference.js, restated.
function poseidonRef(inputs) {
  const t = inputs.length + 1, i = t - 2, rp = RP[i];
  let s = [0n, ...inputs];
  for (let r = 0; r < RF + rp; r++) {
    s = s.map((a, j) => add(a, refC[i][r * t + j]));
    if (r < RF / 2 || r >= RF / 2 + rp) s = s.map(pow5); else s[0] = pow5(s[0]);
    s = matvec(refM[i], s);
  }
  return s[0];
}

// The optimized form with OUR table layout: exactly what core/hash/poseidon_bn254.h does.
function poseidonOpt(inputs) {
  const t = inputs.length + 1, i = t - 2, rp = RP[i];
  const c = C[i], sp = S[i];
  let s = [0n, ...inputs].map((a, j) => add(a, c[j]));
  for (let r = 0; r < RF / 2; r++) {
    s = s.map(pow5).map((a, j) => add(a, c[(r + 1) * t + j]));
    s = matvec(r < RF / 2 - 1 ? M[i] : P[i], s);
  }
  for (let r = 0; r < rp; r++) {
    s[0] = add(pow5(s[0]), c[(RF / 2 + 1) * t + r]);
    const w = sp.slice((2 * t - 1) * r, (2 * t - 1) * (r + 1));
    const s0 = s.reduce((acc, a, j) => add(acc, mul(w[j], a)), 0n);
    for (let k = 1; k < t; k++) s[k] = add(s[k], mul(s[0], w[t + k - 1]));
    s[0] = s0;
  }
  for (let r = 0; r < RF / 2; r++) {
    s = s.map(pow5);
    if (r < RF / 2 - 1) s = s.map((a, j) => add(a, c[(RF / 2 + 1) * t + rp + r * t + j]));
    s = matvec(M[i], s);
  }
  return s[0];
}

const rnd = () => BigInt('0x' + randomBytes(32).toString('hex')) % R;
for (let t = TMIN; t <= TMAX; t++) {
  for (let n = 0; n < 3; n++) {
    const x = Array.from({ length: t - 1 }, rnd);
    if (poseidonRef(x) !== poseidonOpt(x)) throw new Error(`opt != reference at t=${t}`);
  }
}
// circomlibjs test/poseidon.js: poseidon([1, 2]).
const KNOWN = 7853200120776062878684798364095072458815029376092732009249414926327459813530n;
if (poseidonOpt([1n, 2n]) !== KNOWN || poseidonRef([1n, 2n]) !== KNOWN) throw new Error('poseidon([1,2]) mismatch');

// ---- emit -------------------------------------------------------------------------------
const MONT = (1n << 256n) % R;
const limbs = (x) => {
  const m = (x * MONT) % R;
  const l = [];
  for (let k = 0; k < 4; k++) l.push('0x' + ((m >> BigInt(64 * k)) & 0xffffffffffffffffn).toString(16).padStart(16, '0'));
  return `ZKA_POSEIDON_BN254_E(${l.join(', ')})`;
};

const out = [];
const w = (s) => out.push(s);
const offs = { C: [], S: [], M: [], P: [] };
const acc = { C: 0, S: 0, M: 0, P: 0 };
for (let t = TMIN; t <= TMAX; t++) {
  const i = t - 2;
  offs.C.push(acc.C); acc.C += C[i].length;
  offs.S.push(acc.S); acc.S += S[i].length;
  offs.M.push(acc.M); acc.M += t * t;
  offs.P.push(acc.P); acc.P += t * t;
}

w('/* GENERATED by tools/gen_poseidon_bn254_params.mjs — do not edit. */');
w(`/* poseidon_bn254.h — circomlib's Poseidon over BN254 Fr (t = ${TMIN}..${TMAX}, x^5, R_F = ${RF}),`);
w(` * constants from iden3/circomlibjs ${pkg.version} (npm) src/poseidon_constants_opt.json: the`);
w(' * optimized form of src/poseidon_opt.js (Poseidon paper, eprint 2019/458, Appendix B; as in');
w(' * filecoin-project/neptune), the same permutation as circomlib circuits/poseidon.circom.');
w(' * The generator checked, before writing, that this form agrees with the reference form');
w(' * (src/poseidon_constants.json) and that poseidon([1, 2]) =');
w(` * ${KNOWN}.`);
w(' *');
w(' * Every constant is one BN254 Fr element in Montgomery form (x * 2^256 mod r), four');
w(' * little-endian 64-bit limbs; element e of a table starts at limb 4 * e.  Per t, at');
w(' * element offset <TABLE>_OFF[t - 2]:');
w(' *   C  R_F * t + R_P round constants in the order they are used (see the generator);');
w(' *   S  R_P sparse matrices of 2t - 1 elements: S[0..t) is the new state[0] row,');
w(' *      S[t..2t-1) the column that multiplies the old state[0] into state[1..t);');
w(' *   M  the t x t MDS matrix, row-major: new[i] = sum_j M[i * t + j] * s[j];');
w(' *   P  the t x t pre-sparse matrix (last first-half full round), row-major likewise.');
w(' * Define ZKA_POSEIDON_BN254_MAX_T (2..17, default 17) before including to keep only the');
w(' * tables up to that t (t <= 3: 20 KiB, inside the OpenCL minimum 64 KiB __constant budget). */');
w('#ifndef ZKA_PARAMS_POSEIDON_BN254_H');
w('#define ZKA_PARAMS_POSEIDON_BN254_H');
w('');
w('#ifndef ZKA_POSEIDON_BN254_MAX_T');
w(`#define ZKA_POSEIDON_BN254_MAX_T ${TMAX}`);
w('#endif');
w(`#define ZKA_POSEIDON_BN254_MIN_T ${TMIN}`);
w(`#define ZKA_POSEIDON_BN254_RF ${RF}`);
w('/* R_P for t = 2..17 (circomlib poseidon.circom N_ROUNDS_P). */');
w(`#define ZKA_POSEIDON_BN254_RP_VALUES ${RP.join(', ')}`);
w('/* Element offsets of each t in the flat tables below. */');
for (const k of ['C', 'S', 'M', 'P']) w(`#define ZKA_POSEIDON_BN254_${k}_OFF_VALUES ${offs[k].join(', ')}`);
w(`/* Table sizes in elements for all t (the arrays are shorter when MAX_T < ${TMAX}). */`);
for (const k of ['C', 'S', 'M', 'P']) w(`#define ZKA_POSEIDON_BN254_${k}_ELEMS ${acc[k]}`);
w('#define ZKA_POSEIDON_BN254_E(a, b, c, d) ZKA_U64C(a), ZKA_U64C(b), ZKA_U64C(c), ZKA_U64C(d)');
w('');
const table = (name, key, perT) => {
  w(`/* ${key} for t = ${TMIN}..ZKA_POSEIDON_BN254_MAX_T. */`);
  w(`ZKA_CONST_TABLE zka_u64 ${name}[] = {`);
  for (let t = TMIN; t <= TMAX; t++) {
    if (t > TMIN) w(`#if ZKA_POSEIDON_BN254_MAX_T >= ${t}`);
    w(`    /* t = ${t} */`);
    for (const x of perT(t - 2)) w(`    ${limbs(x)},`);
    if (t > TMIN) w('#endif');
  }
  w('};');
  w('');
};
table('zka_poseidon_bn254_c', 'Round constants C', (i) => C[i]);
table('zka_poseidon_bn254_s', 'Sparse partial-round matrices S', (i) => S[i]);
table('zka_poseidon_bn254_m', 'MDS matrices M (row-major)', (i) => M[i].flat());
table('zka_poseidon_bn254_p', 'Pre-sparse matrices P (row-major)', (i) => P[i].flat());
w('#endif');

const here = dirname(fileURLToPath(import.meta.url));
const path = join(here, '..', 'core', 'params', 'poseidon_bn254.h');
writeFileSync(path, out.join('\n') + '\n');
console.log(`wrote ${path} (circomlibjs ${pkg.version}; C ${acc.C}, S ${acc.S}, M ${acc.M}, P ${acc.P} elements)`);
