/* groth16_prove.c — the Groth16 prover, computing what snarkjs's groth16 prove computes
 * (src/groth16_prove.js; summarized in /work/shared/SNARKJS-FORMATS.md and circuits/README.md):
 *
 *   1. A_T, B_T: for each coefficient entry (matrix, row, signal, value), row += value·w[signal]
 *      (value is stored as c·R² mod r, so one Montgomery product with the plain witness
 *      value gives c·w in Montgomery form); C_T = A_T ∘ B_T.
 *   2. Each of A, B, C: inverse NTT over the size-n domain, then a forward NTT on the coset
 *      inc·H, inc a primitive 2n-th root: the evaluations at the odd points of the size-2n
 *      domain.  snarkjs's roots are the smallest non-residue's powers (ffjavascript); ours
 *      may be another generator's (BLS12-381: 7 against 5), ours^k = theirs, so the data is
 *      permuted by i -> i·k mod n going in and coming out.
 *   3. P = A·B − C pointwise; H = MSM(H points, P) (the zkey's H points absorb 1/Z).
 *   4. pi_A = MSM(A, w) + alpha1 + r·delta1;  pi_B = MSM(B2, w) + beta2 + s·delta2;
 *      B1 = MSM(B1, w) + beta1 + s·delta1;  pi_C = MSM(C, w_private) + H + s·pi_A + r·B1 − rs·delta1.
 * NTTs and MSMs go through the engine's scheduler. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "circuits/g16_internal.h"
#include "core/error.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"
#include "zkaccel/ntt.h"

struct zka_groth16_prover {
  zka_engine *engine;
  const zka_zkey *zkey;
  zka_groth16_prove_options opt;
  zka_msm_plan *plans[ZKA_G16_SETS]; /* with precompute > 1 */
  /* Each set without its points at infinity (circom keys have many: a signal that never
   * appears in B has infinity as its B1 and B2 points; about half to two thirds of them
   * in the circuits we measured), so the MSMs never see them: points[s] holds counts[s]
   * points, and index[s] (NULL: all of them, in order) says whose scalar each one takes. */
  const void *points[ZKA_G16_SETS];
  size_t counts[ZKA_G16_SETS];
  uint32_t *index[ZKA_G16_SETS];
  void *owned[ZKA_G16_SETS];
  uint64_t root_k;                   /* ours^k = snarkjs's root of order n */
  _Alignas(8) uint8_t inc[32];       /* snarkjs's primitive 2n-th root (Montgomery) */
};

zka_groth16_prove_options zka_groth16_prove_options_default(void) {
  zka_groth16_prove_options o;
  memset(&o, 0, sizeof o);
  o.precompute = 1;
  return o;
}

static double zka_g16_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void zka_g16_stage(const zka_groth16_prover *p, const char *stage) {
  if (p->opt.progress) p->opt.progress(p->opt.progress_arg, stage);
}

/* ---- randomness ------------------------------------------------------------------------ */

typedef struct {
  int seeded;
  uint64_t seed, counter;
} zka_g16_rng_state;

/* Seeded: SHA-256("zkaccel groth16 seed" || seed || counter) blocks.  Else getrandom. */
static int zka_g16_rng(void *arg, uint8_t *buf, size_t len) {
  zka_g16_rng_state *s = arg;
  if (!s->seeded) {
    while (len) {
      ssize_t got = getrandom(buf, len, 0);
      if (got <= 0) return 1;
      buf += got;
      len -= (size_t)got;
    }
    return 0;
  }
  while (len) {
    uint8_t msg[36], dig[32];
    memcpy(msg, "zkaccel groth16 seed", 20);
    for (int i = 0; i < 8; i++) msg[20 + i] = (uint8_t)(s->seed >> (8 * i));
    for (int i = 0; i < 8; i++) msg[28 + i] = (uint8_t)(s->counter >> (8 * i));
    s->counter++;
    zka_sha256(dig, msg, sizeof msg);
    size_t take = len < 32 ? len : 32;
    memcpy(buf, dig, take);
    buf += take;
    len -= take;
  }
  return 0;
}

/* ---- prover object ---------------------------------------------------------------------- */

static void zka_g16_plan_path(char *out, size_t cap, const char *dir, const zka_zkey *z, int set,
                              unsigned k) {
  /* name from a hash of the set's bytes: a changed zkey never meets a stale cache */
  uint8_t h[32];
  size_t sz = z->counts[set] * (set == ZKA_G16_SET_B2 ? z->curve->g2_aff : z->curve->g1_aff);
  zka_sha256(h, z->points[set], sz);
  static const char *const names[ZKA_G16_SETS] = {"a", "b1", "b2", "c", "h"};
  snprintf(out, cap, "%s/zkey-%02x%02x%02x%02x%02x%02x%02x%02x-%s-x%u.msmplan", dir, h[0], h[1],
           h[2], h[3], h[4], h[5], h[6], h[7], names[set], k);
}

zka_status zka_groth16_prover_create(zka_groth16_prover **out, zka_engine *e, const zka_zkey *z,
                                     const zka_groth16_prove_options *opt, zka_ctx *ctx) {
  if (!out || !e || !z)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_groth16_prover_create: NULL argument");
  zka_groth16_prover *p = calloc(1, sizeof *p);
  if (!p) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_groth16_prover_create: out of memory");
  p->engine = e;
  p->zkey = z;
  p->opt = opt ? *opt : zka_groth16_prove_options_default();
  const zka_g16_curve *c = z->curve;
  uint32_t log = z->info.log_domain;
  zka_status st = zka_g16_root_exponent(c, log, &p->root_k, ctx);
  if (st == ZKA_OK) st = zka_g16_snarkjs_root(c, p->inc, log + 1);
  if (st != ZKA_OK) {
    free(p);
    return st ? st : zka_error(ctx, ZKA_ERR_INTERNAL, "no root of unity of order 2^%u", log + 1);
  }
  for (int s = 0; s < ZKA_G16_SETS; s++) {
    int g2 = s == ZKA_G16_SET_B2;
    size_t ps = g2 ? c->g2_aff : c->g1_aff, n = z->counts[s], kept = 0;
    const uint8_t *src = z->points[s];
    for (size_t i = 0; i < n; i++) kept += !c->g[g2].is_infinity(src + i * ps);
    p->points[s] = z->points[s];
    p->counts[s] = n;
    if (kept == n) continue;
    p->owned[s] = malloc(kept ? kept * ps : 1);
    p->index[s] = malloc(kept ? kept * sizeof(uint32_t) : 1);
    if (!p->owned[s] || !p->index[s]) {
      zka_groth16_prover_destroy(p);
      return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_groth16_prover_create: out of memory");
    }
    uint8_t *dst = p->owned[s];
    for (size_t i = 0, k = 0; i < n; i++) {
      if (c->g[g2].is_infinity(src + i * ps)) continue;
      memcpy(dst + k * ps, src + i * ps, ps);
      p->index[s][k++] = (uint32_t)i;
    }
    p->points[s] = p->owned[s];
    p->counts[s] = kept;
  }
  if (p->opt.precompute > 1) {
    for (int s = 0; s < ZKA_G16_SETS; s++) {
      zka_msm_plan_options po = zka_msm_plan_options_default();
      po.precompute = p->opt.precompute;
      char path[4096];
      if (p->opt.plan_cache_dir) {
        zka_g16_plan_path(path, sizeof path, p->opt.plan_cache_dir, z, s, po.precompute);
        po.cache_path = path;
      }
      zka_g16_stage(p, "precompute");
      st = zka_msm_plan_create(&p->plans[s], e, s == ZKA_G16_SET_B2 ? c->g2 : c->g1, p->points[s],
                               p->counts[s], &po, ctx);
      if (st != ZKA_OK) {
        zka_groth16_prover_destroy(p);
        return st;
      }
    }
  }
  *out = p;
  return ZKA_OK;
}

void zka_groth16_prover_destroy(zka_groth16_prover *p) {
  if (!p) return;
  for (int s = 0; s < ZKA_G16_SETS; s++) {
    zka_msm_plan_destroy(p->plans[s]);
    free(p->owned[s]);
    free(p->index[s]);
  }
  free(p);
}

/* ---- step 1: A·w, B·w over the domain --------------------------------------------------- */

typedef struct {
  const zka_g16_curve *c;
  const uint8_t *coefs;
  uint64_t ncoef;
  const uint8_t *w;
  uint8_t *abc; /* A_T | B_T | C_T, n elements each */
  size_t n;
  uint64_t k; /* permutation i -> i·k mod n (snarkjs's root = ours^k) */
} zka_g16_eval_job;

/* Thread t of nt: matrix t % 2 (A or B), its share of the rows by row % (nt/2). */
static void zka_g16_eval_body(void *arg, unsigned t, unsigned nt) {
  zka_g16_eval_job *j = arg;
  unsigned matrix = t & 1, lanes = nt / 2 ? nt / 2 : 1, lane = t / 2;
  if (nt == 1) lanes = 1, lane = 0;
  size_t mask = j->n - 1;
  for (unsigned m = 0; m < 2; m++) {
    if (nt > 1 && m != matrix) continue;
    uint8_t *dst = j->abc + (size_t)m * j->n * 32;
    for (uint64_t i = 0; i < j->ncoef; i++) {
      const uint8_t *e = j->coefs + i * 44;
      if (zka_le32(e) != m) continue;
      uint32_t row = zka_le32(e + 4);
      if (lanes > 1 && row % lanes != lane) continue;
      uint32_t sig = zka_le32(e + 8);
      _Alignas(8) uint8_t v[32], w[32], prod[32];
      memcpy(v, e + 12, 32);
      memcpy(w, j->w + (size_t)sig * 32, 32);
      j->c->fr_mul(prod, v, w);
      uint8_t *slot = dst + (((size_t)row * j->k) & mask) * 32;
      j->c->fr_add(slot, slot, prod);
    }
  }
}

typedef struct {
  const zka_g16_curve *c;
  uint8_t *abc;
  size_t n;
  int step; /* 0: C = A·B; 1: P = A·B − C, stored in A */
} zka_g16_pointwise_job;

static void zka_g16_pointwise_body(void *arg, unsigned t, unsigned nt) {
  zka_g16_pointwise_job *j = arg;
  size_t lo = j->n * t / nt, hi = j->n * (t + 1) / nt;
  uint8_t *a = j->abc, *b = a + j->n * 32, *cc = b + j->n * 32;
  for (size_t i = lo; i < hi; i++) {
    if (j->step == 0) {
      j->c->fr_mul(cc + i * 32, a + i * 32, b + i * 32);
    } else {
      j->c->fr_mul(a + i * 32, a + i * 32, b + i * 32);
      j->c->fr_sub(a + i * 32, a + i * 32, cc + i * 32);
    }
  }
}

typedef struct {
  const zka_g16_curve *c;
  const uint8_t *p; /* P values in our evaluation order */
  uint8_t *scalars; /* out: canonical, in the zkey's H order */
  size_t n;
  uint64_t k;
} zka_g16_hscalar_job;

static void zka_g16_hscalar_body(void *arg, unsigned t, unsigned nt) {
  zka_g16_hscalar_job *j = arg;
  size_t lo = j->n * t / nt, hi = j->n * (t + 1) / nt, mask = j->n - 1;
  for (size_t i = lo; i < hi; i++) j->c->fr_to_bytes_le(j->scalars + i * 32, j->p + ((i * j->k) & mask) * 32);
}

/* ---- MSMs -------------------------------------------------------------------------------- */

/* MSM of one set; scratch holds counts[set] gathered scalars when the set was compacted. */
static zka_status zka_g16_msm(zka_groth16_prover *p, int set, void *result, const uint8_t *scalars,
                              uint8_t *scratch, zka_ctx *ctx) {
  const zka_zkey *z = p->zkey;
  if (p->index[set]) {
    for (size_t k = 0; k < p->counts[set]; k++)
      memcpy(scratch + k * 32, scalars + (size_t)p->index[set][k] * 32, 32);
    scalars = scratch;
  }
  if (p->plans[set]) return zka_msm_plan_run(p->plans[set], result, scalars, ctx);
  zka_group_id g = set == ZKA_G16_SET_B2 ? z->curve->g2 : z->curve->g1;
  return zka_msm(p->engine, g, result, p->points[set], scalars, p->counts[set], ctx);
}

/* ---- the proof ---------------------------------------------------------------------------- */

zka_status zka_groth16_prove(zka_groth16_prover *p, zka_groth16_proof *proof, const zka_wtns *w,
                             zka_groth16_timings *timings, zka_ctx *ctx) {
  if (!p || !proof || !w) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_groth16_prove: NULL argument");
  const zka_zkey *z = p->zkey;
  const zka_g16_curve *c = z->curve;
  zka_groth16_timings tm;
  memset(&tm, 0, sizeof tm);
  double t0 = zka_g16_now(), t;
  if (w->curve != c)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "%s: the witness is over %s but %s (the zkey) is over %s", w->file.name,
                     w->curve->snarkjs_name, z->file.name, c->snarkjs_name);
  if (w->count != z->info.n_vars)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "%s: the witness has %u values but %s (the zkey) expects %u (nVars): a witness "
                     "of another circuit?",
                     w->file.name, w->count, z->file.name, z->info.n_vars);
  _Alignas(8) uint8_t one_le[32] = {1};
  if (memcmp(w->values, one_le, 32) != 0)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "%s: witness value 0 must be the constant 1", w->file.name);
  size_t n = z->info.domain_size;
  uint32_t log = z->info.log_domain;
  zka_status st = ZKA_OK;
  uint8_t *abc = NULL, *hs = NULL;
  unsigned nt = zka_g16_threads();

  /* 1. evaluations */
  zka_g16_stage(p, "evaluate A·w, B·w");
  abc = calloc(3 * n, 32);
  /* H scalars, then room for one set's gathered scalars (no set is longer than max) */
  size_t gather = z->info.n_vars > n ? z->info.n_vars : n;
  hs = malloc((n + gather) * 32);
  if (!abc || !hs) {
    st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "groth16: %zu-element domain does not fit in memory", n);
    goto done;
  }
  {
    zka_g16_eval_job ej = {c, z->coefs, z->info.n_coefficients, w->values, abc, n, p->root_k};
    unsigned ent = nt >= 2 ? (nt / 2) * 2 : 1;
    zka_g16_parallel(ent, zka_g16_eval_body, &ej);
    zka_g16_pointwise_job pj = {c, abc, n, 0};
    zka_g16_parallel(n < 4096 ? 1 : nt, zka_g16_pointwise_body, &pj);
  }
  t = zka_g16_now();
  tm.read = t - t0;

  /* 2. inverse NTT, then the coset NTT on inc·H (three transforms in one batch) */
  zka_g16_stage(p, "ntt");
  {
    zka_ntt_options no = zka_ntt_options_default();
    no.direction = ZKA_NTT_INVERSE;
    no.batch = 3;
    st = zka_ntt(p->engine, c->fr_field, abc, log, &no, ctx);
    if (st != ZKA_OK) goto done;
    no = zka_ntt_options_default();
    no.coset = 1;
    no.coset_shift = p->inc;
    no.batch = 3;
    st = zka_ntt(p->engine, c->fr_field, abc, log, &no, ctx);
    if (st != ZKA_OK) goto done;
  }
  {
    zka_g16_pointwise_job pj = {c, abc, n, 1};
    zka_g16_parallel(n < 4096 ? 1 : nt, zka_g16_pointwise_body, &pj);
    /* our index j holds the point inc·ours^j = inc·theirs^i with j = i·k: H point i's scalar */
    zka_g16_hscalar_job hj = {c, abc, hs, n, p->root_k};
    zka_g16_parallel(n < 4096 ? 1 : nt, zka_g16_hscalar_body, &hj);
  }
  double t1 = zka_g16_now();
  tm.ntt = t1 - t;

  /* 3, 4. MSMs */
  _Alignas(8) uint8_t ja[ZKA_G16_MAX_G1_JAC], jb1[ZKA_G16_MAX_G1_JAC], jc[ZKA_G16_MAX_G1_JAC],
      jh[ZKA_G16_MAX_G1_JAC], jb2[ZKA_G16_MAX_G2_JAC];
  static const char *const stage[ZKA_G16_SETS] = {"msm A (G1)", "msm B1 (G1)", "msm B2 (G2)",
                                                   "msm C (G1)", "msm H (G1)"};
  void *res[ZKA_G16_SETS] = {ja, jb1, jb2, jc, jh};
  double *stm[ZKA_G16_SETS] = {&tm.msm_a, &tm.msm_b1, &tm.msm_b2, &tm.msm_c, &tm.msm_h};
  for (int s = 0; s < ZKA_G16_SETS; s++) {
    zka_g16_stage(p, stage[s]);
    double ts = zka_g16_now();
    const uint8_t *sc = s == ZKA_G16_SET_H   ? hs
                        : s == ZKA_G16_SET_C ? w->values + (size_t)(z->info.n_public + 1) * 32
                                             : w->values;
    st = zka_g16_msm(p, s, res[s], sc, hs + n * 32, ctx);
    if (st != ZKA_OK) goto done;
    *stm[s] = zka_g16_now() - ts;
  }

  /* blinding */
  zka_g16_stage(p, "blind");
  {
    zka_g16_rng_state rs = {p->opt.use_seed, p->opt.seed, 0};
    _Alignas(8) uint8_t r[32], s[32], rsm[32], r_le[32], s_le[32], rs_le[32];
    if (c->fr_random(r, zka_g16_rng, &rs) != ZKA_OK || c->fr_random(s, zka_g16_rng, &rs) != ZKA_OK) {
      st = zka_error(ctx, ZKA_ERR_IO, "groth16: the OS gave no randomness for r and s");
      goto done;
    }
    c->fr_mul(rsm, r, s);
    c->fr_to_bytes_le(r_le, r);
    c->fr_to_bytes_le(s_le, s);
    c->fr_to_bytes_le(rs_le, rsm);
    _Alignas(8) uint8_t tmp[ZKA_G16_MAX_G2_JAC], acc[ZKA_G16_MAX_G2_JAC];
    /* pi_A = A + alpha1 + r·delta1 */
    c->g[0].add_mixed(ja, ja, z->alpha1);
    c->g[0].to_jac(tmp, z->delta1);
    c->g[0].mul_var(tmp, tmp, r_le);
    c->g[0].add(ja, ja, tmp);
    /* pi_B = B2 + beta2 + s·delta2 */
    c->g[1].add_mixed(jb2, jb2, z->beta2);
    c->g[1].to_jac(tmp, z->delta2);
    c->g[1].mul_var(tmp, tmp, s_le);
    c->g[1].add(jb2, jb2, tmp);
    /* B1 = B1 + beta1 + s·delta1 */
    c->g[0].add_mixed(jb1, jb1, z->beta1);
    c->g[0].to_jac(tmp, z->delta1);
    c->g[0].mul_var(tmp, tmp, s_le);
    c->g[0].add(jb1, jb1, tmp);
    /* pi_C = C + H + s·pi_A + r·B1 − rs·delta1 */
    c->g[0].add(acc, jc, jh);
    c->g[0].mul_var(tmp, ja, s_le);
    c->g[0].add(acc, acc, tmp);
    c->g[0].mul_var(tmp, jb1, r_le);
    c->g[0].add(acc, acc, tmp);
    c->g[0].to_jac(tmp, z->delta1);
    c->g[0].mul_var(tmp, tmp, rs_le);
    c->g[0].neg(tmp, tmp);
    c->g[0].add(acc, acc, tmp);
    memset(proof, 0, sizeof *proof);
    proof->curve = c->id;
    if (c->id == ZKA_CURVE_BN254) {
      c->g[0].to_aff(&proof->u.bn254.a, ja);
      c->g[1].to_aff(&proof->u.bn254.b, jb2);
      c->g[0].to_aff(&proof->u.bn254.c, acc);
    } else {
      c->g[0].to_aff(&proof->u.bls12_381.a, ja);
      c->g[1].to_aff(&proof->u.bls12_381.b, jb2);
      c->g[0].to_aff(&proof->u.bls12_381.c, acc);
    }
    memset(r, 0, sizeof r);
    memset(s, 0, sizeof s);
  }
  tm.total = zka_g16_now() - t0;
  zka_g16_stage(p, "done");
done:
  free(abc);
  free(hs);
  if (timings) *timings = tm;
  return st;
}

zka_status zka_groth16_prove_bytes(zka_engine *e, const void *zkey, size_t zkey_len, const void *wtns,
                                   size_t wtns_len, const zka_groth16_prove_options *opt,
                                   char **proof_json, char **public_json, zka_ctx *ctx) {
  if (!proof_json || !public_json)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_groth16_prove_bytes: NULL argument");
  *proof_json = *public_json = NULL;
  zka_zkey *z = NULL;
  zka_wtns *w = NULL;
  zka_groth16_prover *p = NULL;
  zka_groth16_proof proof;
  zka_status st = zka_zkey_from_bytes(&z, zkey, zkey_len, "zkey", ctx);
  if (st == ZKA_OK) st = zka_wtns_from_bytes(&w, wtns, wtns_len, "wtns", ctx);
  if (st == ZKA_OK) st = zka_groth16_prover_create(&p, e, z, opt, ctx);
  if (st == ZKA_OK) st = zka_groth16_prove(p, &proof, w, NULL, ctx);
  if (st == ZKA_OK) st = zka_groth16_proof_to_json(proof_json, &proof);
  if (st == ZKA_OK) st = zka_groth16_public_to_json(public_json, w, z->info.n_public);
  if (st != ZKA_OK) {
    free(*proof_json);
    *proof_json = NULL;
  }
  zka_groth16_prover_destroy(p);
  zka_wtns_close(w);
  zka_zkey_close(z);
  return st;
}
