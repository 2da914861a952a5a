/* msm_cpu.c — the CPU backend's multi-scalar multiplication (contract: msm_cpu.h,
 * include/zkaccel/msm.h): Pippenger's bucket method.
 *
 * Plan of one job:
 *  1. prep (parallel over point chunks): each scalar k (GLV groups: split k = k1 + k2
 *     lambda, |k1|, |k2| < 2^129, and x of phi(P) = beta x) is recoded into signed
 *     c-bit digits d_w in [-2^(c-1), 2^(c-1)] (k = sum d_w 2^(wc)); a negative digit adds
 *     -P, so a window needs only 2^(c-1) buckets.  Infinity points get zero digits.
 *  2. window tasks (parallel, windows x point chunks): each task puts its points into
 *     2^(c-1) buckets and reduces them to sum_b (b + 1) B_b with running sums (XYZZ).
 *     Buckets are affine and filled with batch-affine additions: up to K pending
 *     additions, no two on one bucket (a busy flag; a point whose bucket is busy waits
 *     up to MSM_DEFER_MAX rounds, then goes to an XYZZ overflow bucket), then one
 *     inversion for all K (Montgomery's trick): about 5M + 1S per addition against
 *     8M + 2S for an XYZZ mixed addition.  Small jobs use the XYZZ buckets directly.
 *  3. finish: the window sums, Horner in 2^c (c doublings per window), to Jacobian.
 *
 * Window size rule (msm_choose): minimize the estimated field multiplications
 *   windows(c) x (points x cost_per_add + chunks x 2^(c-1) x 22)
 * over c in [2, 15], with cost_per_add = 8 + 2 (XYZZ) or 6 + inversion/K (batch-affine,
 * used when 2^(c-1) >= 1024 buckets and a task has >= 4K points), +25% when the bucket
 * array of a task exceeds half the L2; with the AVX-512 IFMA batch (msm_ifma.c: eight
 * additions per vector, G1) cost_per_add = 2 + (inversion + 45)/K.  Chunks per window:
 * the fewest that keep the threads busy (windows x chunks a multiple of, or well above,
 * the thread count).
 * GLV (G1): automatic when the scalars have more than 160 bits (halves the windows for
 * twice the points; pays mostly through the larger c it allows).
 *
 * References: Pippenger's bucket method as in Bernstein et al., "Faster batch forgery
 * identification" (2012) and the ZPrize 2022 MSM write-ups (signed digits, batch-affine
 * buckets, as in gnark-crypto's msm and arkworks' VariableBaseMSM); GLV: Gallant,
 * Lambert, Vanstone, CRYPTO 2001 (constants: tools/gen_glv_params.py).
 */
#include "kernels/cpu/msm_cpu.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/curve/curves_host.h"
#include "core/params/glv_params.h"
#include "kernels/cpu/msm_cpu_internal.h"
#include "kernels/cpu/msm_ifma.h"

enum { MSM_FULL = 1, MSM_BUSY = 2 };

typedef struct {
  size_t i;  /* virtual point */
  int d;     /* its digit */
  int tries; /* rounds it has waited for a busy bucket */
} msm_bucket_item;

/* Rounds a point may wait for its busy bucket before it goes to the XYZZ overflow bucket
 * (8M + 2S instead of about 6M in the batch).  With K pending additions on 2^(c-1)
 * buckets a point meets a busy bucket with probability about K / 2^(c-1) (1/4 with the
 * default K), so one round of waiting still sent a few percent of all points to the
 * overflow path; a repeated bucket (many equal digits) stops after this many rounds. */
#define MSM_DEFER_MAX 4

/* Points fetched ahead in a window task's point stream: a guess (L3 latency over the time
 * per point), not tuned. */
#define MSM_PREFETCH_AHEAD 16

/* One job's plan and buffers, shared by the tasks. */
typedef struct {
  const void *points;
  const uint8_t *scalars;
  size_t n;         /* real points */
  size_t npts;      /* virtual points: n, or 2n with GLV */
  int glv;
  unsigned bits;    /* bits of the (split) scalars */
  unsigned c, nwin; /* window size, windows */
  size_t chunks, chunk_len;
  size_t prep_len;
  int batch_affine;
  int ifma;         /* batch-affine field work in AVX-512 IFMA lanes (msm_ifma.h) */
  size_t batch;
  int16_t *digits;  /* [nwin][npts] */
  void *phix;       /* n x field (GLV) */
  void *win_sums;   /* [nwin * chunks] XYZZ */
  atomic_int oom;
} msm_run;

/* ---- scalars ------------------------------------------------------------------------ */

__extension__ typedef unsigned __int128 msm_u128;

/* c bits of k (4 limbs) from bit pos. */
static inline uint64_t msm_bits_at(const uint64_t k[4], unsigned pos, unsigned c) {
  unsigned limb = pos / 64, off = pos % 64;
  if (limb >= 4) return 0;
  uint64_t v = k[limb] >> off;
  if (off + c > 64 && limb + 1 < 4) v |= k[limb + 1] << (64 - off);
  return v & (((uint64_t)1 << c) - 1);
}

/* Signed digits of k (magnitude, negated when neg) for virtual point vi: digit w in
 * [-2^(c-1), 2^(c-1)], carry 1 into the next window when the raw value exceeds 2^(c-1).
 * nwin * c >= bits + 1 leaves no carry out of the top window. */
static void msm_recode(const msm_run *run, const uint64_t k[4], int neg, size_t vi) {
  unsigned c = run->c;
  int half = 1 << (c - 1), carry = 0;
  for (unsigned w = 0; w < run->nwin; w++) {
    int v = (int)msm_bits_at(k, w * c, c) + carry;
    carry = v > half;
    if (carry) v -= 1 << c;
    run->digits[(size_t)w * run->npts + vi] = (int16_t)(neg ? -v : v);
  }
}

typedef struct {
  uint64_t g1[3], g2[3], a1[4], b1[4], a2[4], b2[4];
} msm_glv_consts;

static const msm_glv_consts msm_glv_bn254 = {
    {ZKA_BN254_G1_GLV_G1}, {ZKA_BN254_G1_GLV_G2}, {ZKA_BN254_G1_GLV_A1},
    {ZKA_BN254_G1_GLV_B1}, {ZKA_BN254_G1_GLV_A2}, {ZKA_BN254_G1_GLV_B2}};
static const msm_glv_consts msm_glv_bls12_381 = {
    {ZKA_BLS12_381_G1_GLV_G1}, {ZKA_BLS12_381_G1_GLV_G2}, {ZKA_BLS12_381_G1_GLV_A1},
    {ZKA_BLS12_381_G1_GLV_B1}, {ZKA_BLS12_381_G1_GLV_A2}, {ZKA_BLS12_381_G1_GLV_B2}};

/* floor(g k / 2^256) for g of 3 limbs: limbs 4..6 of the 7-limb product (fits 3 limbs). */
static void msm_mulhi(uint64_t out[3], const uint64_t g[3], const uint64_t k[4]) {
  uint64_t p[7] = {0};
  for (int i = 0; i < 3; i++) {
    uint64_t carry = 0;
    for (int j = 0; j < 4; j++) {
      msm_u128 t = (msm_u128)g[i] * k[j] + p[i + j] + carry;
      p[i + j] = (uint64_t)t;
      carry = (uint64_t)(t >> 64);
    }
    p[i + 4] = carry;
  }
  out[0] = p[4];
  out[1] = p[5];
  out[2] = p[6];
}

/* acc -= c a (mod 2^256), c of 3 limbs. */
static void msm_submul(uint64_t acc[4], const uint64_t c[3], const uint64_t a[4]) {
  uint64_t p[4] = {0};
  for (int i = 0; i < 3; i++) {
    uint64_t carry = 0;
    for (int j = 0; i + j < 4; j++) {
      msm_u128 t = (msm_u128)c[i] * a[j] + p[i + j] + carry;
      p[i + j] = (uint64_t)t;
      carry = (uint64_t)(t >> 64);
    }
  }
  uint64_t borrow = 0;
  for (int j = 0; j < 4; j++) {
    uint64_t x = acc[j], y = p[j];
    uint64_t d = x - y - borrow;
    borrow = (x < y) | ((x == y) & borrow);
    acc[j] = d;
  }
}

/* Two's complement to magnitude and sign. */
static void msm_abs(uint64_t v[4], int *neg) {
  *neg = (int)(v[3] >> 63);
  if (*neg) {
    uint64_t carry = 1;
    for (int j = 0; j < 4; j++) {
      v[j] = ~v[j] + carry;
      carry = carry && v[j] == 0;
    }
  }
}

/* k = k1 + k2 lambda (mod r): (k1, k2) = (k, 0) - c1 v1 - c2 v2 (glv_params.h). */
static void msm_glv_split(zka_group_id g, const uint64_t k[4], uint64_t k1[4], int *n1,
                          uint64_t k2[4], int *n2) {
  const msm_glv_consts *gc = g == ZKA_GROUP_BN254_G1 ? &msm_glv_bn254 : &msm_glv_bls12_381;
  uint64_t c1[3], c2[3];
  msm_mulhi(c1, gc->g1, k);
  msm_mulhi(c2, gc->g2, k);
  for (int j = 0; j < 4; j++) {
    k1[j] = k[j];
    k2[j] = 0;
  }
  msm_submul(k1, c1, gc->a1);
  msm_submul(k1, c2, gc->a2);
  msm_submul(k2, c1, gc->b1);
  msm_submul(k2, c2, gc->b2);
  msm_abs(k1, n1);
  msm_abs(k2, n2);
}

int zka_cpu_msm_glv_split(zka_group_id group, const uint64_t k[4], uint64_t k1[4], int *neg1,
                          uint64_t k2[4], int *neg2) {
  if (group != ZKA_GROUP_BN254_G1 && group != ZKA_GROUP_BLS12_381_G1) return 0;
  msm_glv_split(group, k, k1, neg1, k2, neg2);
  return 1;
}

/* ---- the four groups ---------------------------------------------------------------- */

#define MT_NAME(op) msm_bn254_g1_##op
#define MT_F zka_bn254_fq
#define MT_FN(op) zka_bn254_fq_##op##_h
#define MT_PA zka_bn254_g1_affine
#define MT_PX zka_bn254_g1_xyzz
#define MT_PJ zka_bn254_g1_jacobian
#define MT_PN(op) zka_bn254_g1_##op##_h
#define MT_GLV 1
#define MT_BETA_INIT {{ZKA_BN254_G1_GLV_BETA}}
#define MT_GLV_GROUP ZKA_GROUP_BN254_G1
#define MT_IFMA_FN zka_msm_ifma_bn254_g1_batch_add
#define MT_IFMA_N 5
#define MT_IFMA_L 4
#include "kernels/cpu/msm_cpu_tmpl.h"

#define MT_NAME(op) msm_bn254_g2_##op
#define MT_F zka_bn254_fq2
#define MT_FN(op) zka_bn254_fq2_##op##_h
#define MT_PA zka_bn254_g2_affine
#define MT_PX zka_bn254_g2_xyzz
#define MT_PJ zka_bn254_g2_jacobian
#define MT_PN(op) zka_bn254_g2_##op##_h
#define MT_GLV 0
#include "kernels/cpu/msm_cpu_tmpl.h"

#define MT_NAME(op) msm_bls12_381_g1_##op
#define MT_F zka_bls12_381_fq
#define MT_FN(op) zka_bls12_381_fq_##op##_h
#define MT_PA zka_bls12_381_g1_affine
#define MT_PX zka_bls12_381_g1_xyzz
#define MT_PJ zka_bls12_381_g1_jacobian
#define MT_PN(op) zka_bls12_381_g1_##op##_h
#define MT_GLV 1
#define MT_BETA_INIT {{ZKA_BLS12_381_G1_GLV_BETA}}
#define MT_GLV_GROUP ZKA_GROUP_BLS12_381_G1
#define MT_IFMA_FN zka_msm_ifma_bls12_381_g1_batch_add
#define MT_IFMA_N 8
#define MT_IFMA_L 6
#include "kernels/cpu/msm_cpu_tmpl.h"

#define MT_NAME(op) msm_bls12_381_g2_##op
#define MT_F zka_bls12_381_fq2
#define MT_FN(op) zka_bls12_381_fq2_##op##_h
#define MT_PA zka_bls12_381_g2_affine
#define MT_PX zka_bls12_381_g2_xyzz
#define MT_PJ zka_bls12_381_g2_jacobian
#define MT_PN(op) zka_bls12_381_g2_##op##_h
#define MT_GLV 0
#include "kernels/cpu/msm_cpu_tmpl.h"

typedef struct {
  zka_group_id id;
  int has_glv;
  int has_ifma;        /* an msm_ifma.h kernel for the coordinate field */
  unsigned r_bits;     /* bits of the group order */
  size_t field_size, affine_size, xyzz_size;
  double inv_cost;     /* an inversion, in multiplications of the coordinate field */
  void (*prep)(void *arg, size_t t);
  void (*task)(void *arg, size_t t);
  void (*finish)(const msm_run *run, void *result);
  void (*infinity)(void *result);
} msm_group;

static void msm_inf_bn254_g1(void *r) { *(zka_bn254_g1_jacobian *)r = zka_bn254_g1_infinity_h(); }
static void msm_inf_bn254_g2(void *r) { *(zka_bn254_g2_jacobian *)r = zka_bn254_g2_infinity_h(); }
static void msm_inf_bls12_381_g1(void *r) {
  *(zka_bls12_381_g1_jacobian *)r = zka_bls12_381_g1_infinity_h();
}
static void msm_inf_bls12_381_g2(void *r) {
  *(zka_bls12_381_g2_jacobian *)r = zka_bls12_381_g2_infinity_h();
}

/* Inversion = Fermat (p - 2 power): ~bits squarings + bits/2 multiplications. */
static const msm_group msm_groups[] = {
    {ZKA_GROUP_BN254_G1, 1, 1, 254, sizeof(zka_bn254_fq), sizeof(zka_bn254_g1_affine),
     sizeof(zka_bn254_g1_xyzz), 380.0, msm_bn254_g1_prep, msm_bn254_g1_task,
     msm_bn254_g1_finish, msm_inf_bn254_g1},
    {ZKA_GROUP_BN254_G2, 0, 0, 254, sizeof(zka_bn254_fq2), sizeof(zka_bn254_g2_affine),
     sizeof(zka_bn254_g2_xyzz), 130.0, msm_bn254_g2_prep, msm_bn254_g2_task,
     msm_bn254_g2_finish, msm_inf_bn254_g2},
    {ZKA_GROUP_BLS12_381_G1, 1, 1, 255, sizeof(zka_bls12_381_fq), sizeof(zka_bls12_381_g1_affine),
     sizeof(zka_bls12_381_g1_xyzz), 570.0, msm_bls12_381_g1_prep, msm_bls12_381_g1_task,
     msm_bls12_381_g1_finish, msm_inf_bls12_381_g1},
    {ZKA_GROUP_BLS12_381_G2, 0, 0, 255, sizeof(zka_bls12_381_fq2), sizeof(zka_bls12_381_g2_affine),
     sizeof(zka_bls12_381_g2_xyzz), 190.0, msm_bls12_381_g2_prep, msm_bls12_381_g2_task,
     msm_bls12_381_g2_finish, msm_inf_bls12_381_g2},
};

/* ---- planning ----------------------------------------------------------------------- */

static void msm_run_tasks(const zka_cpu_exec *exec, size_t ntasks,
                          void (*body)(void *arg, size_t task), void *arg) {
  if (exec && exec->parallel_for && exec->threads > 1 && ntasks > 1) {
    exec->parallel_for(exec->pool, ntasks, body, arg);
  } else {
    for (size_t t = 0; t < ntasks; t++) body(arg, t);
  }
}

/* Chunks per window: the fewest (<= 8) whose tasks spread evenly over the threads. */
static size_t msm_choose_chunks(unsigned nwin, unsigned threads, size_t npts) {
  if (threads <= 1) return 1;
  size_t best = 1;
  double best_eff = 0;
  for (size_t ch = 1; ch <= 8; ch++) {
    if (ch > 1 && npts / ch < 4096) break;
    size_t tasks = nwin * ch;
    size_t rounds = (tasks + threads - 1) / threads;
    double eff = (double)tasks / (double)(rounds * threads);
    if (eff > best_eff + 0.04) {
      best_eff = eff;
      best = ch;
    }
  }
  return best;
}

typedef struct {
  unsigned c, nwin;
  size_t chunks, batch;
  int batch_affine;
} msm_choice;

/* Estimated cost (field multiplications) of window size c: see the file comment. */
static double msm_cost(const msm_group *g, size_t npts, unsigned bits, unsigned c,
                       unsigned threads, size_t l2, int ifma, msm_choice *out) {
  msm_choice ch;
  ch.c = c;
  ch.nwin = (bits + 1 + c - 1) / c;
  ch.chunks = msm_choose_chunks(ch.nwin, threads, npts);
  size_t nb = (size_t)1 << (c - 1);
  size_t per_task = npts / ch.chunks;
  ch.batch = nb / 4 < 1024 ? nb / 4 : 1024;
  ch.batch_affine = nb >= 1024 && per_task >= 4 * ch.batch;
  double add = ch.batch_affine ? 6.0 + g->inv_cost / (double)ch.batch : 10.0;
  /* IFMA lanes: an addition of the batch costs about two scalar multiplications
   * (measured: ~70 ns against ~40 ns per dependent scalar product, BN254, loaded
   * machine); the shared inversion also pays 45 products for the 16 lane chains */
  if (ch.batch_affine && ifma) add = 2.0 + (g->inv_cost + 45.0) / (double)ch.batch;
  size_t bucket_bytes = nb * (ch.batch_affine ? g->affine_size : g->xyzz_size);
  if (bucket_bytes > l2 / 2) add *= 1.25;
  double reduce = (double)nb * 22.0 * (double)ch.chunks;
  double cost = (double)ch.nwin * ((double)npts * add + reduce);
  *out = ch;
  return cost;
}

zka_status zka_cpu_msm_ex(void *result, const void *points, const uint8_t *scalars,
                          const zka_msm_job *job, const zka_cpu_exec *exec,
                          const zka_cpu_msm_opts *opts, zka_cpu_msm_plan_info *info, char *err,
                          size_t err_len) {
  const msm_group *g = NULL;
  for (size_t i = 0; i < sizeof msm_groups / sizeof msm_groups[0]; i++)
    if (job && msm_groups[i].id == job->group) g = &msm_groups[i];
  if (!g || !result || (job->n && (!points || !scalars))) {
    if (err && err_len) snprintf(err, err_len, "cpu msm: bad group or NULL buffer");
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_cpu_msm_opts o = {0, -1, -1, 0, 0, 0};
  if (opts) o = *opts;
  if (o.window > 15) {
    if (err && err_len) snprintf(err, err_len, "cpu msm: window %u > 15", o.window);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  if (job->n == 0) {
    g->infinity(result);
    if (info) memset(info, 0, sizeof *info);
    return ZKA_OK;
  }
  unsigned threads = exec && exec->parallel_for && exec->threads > 1 ? exec->threads : 1;
  size_t l2 = exec && exec->l2_bytes ? exec->l2_bytes : (size_t)512 << 10;
  unsigned sbits = job->scalar_bits == 0 || job->scalar_bits > g->r_bits ? g->r_bits
                                                                         : job->scalar_bits;

  msm_run run;
  memset(&run, 0, sizeof run);
  run.points = points;
  run.scalars = scalars;
  run.n = job->n;
  run.glv = g->has_glv && (o.glv == 1 || (o.glv == -1 && sbits > 160));
  run.npts = run.glv ? 2 * run.n : run.n;
  run.bits = run.glv ? ZKA_BN254_G1_GLV_BITS : sbits;
#if ZKA_BN254_G1_GLV_BITS != ZKA_BLS12_381_G1_GLV_BITS
#error "one GLV bound assumed for both curves"
#endif

  /* IFMA lanes only on the fast field path: ZKA_PORTABLE=1 (or zka_field_set_path) keeps
   * the whole MSM on the reference code */
  const int ifma_ok =
      g->has_ifma && o.simd != 1 && zka_field_fast_enabled && zka_msm_ifma_available();
  msm_choice best = {0, 0, 1, 0, 0};
  double best_cost = -1;
  for (unsigned c = 2; c <= 15; c++) {
    if (o.window && c != o.window) continue;
    msm_choice ch;
    double cost = msm_cost(g, run.npts, run.bits, c, threads, l2, ifma_ok, &ch);
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best = ch;
    }
  }
  if (o.window == 1) { /* c = 1 allowed when forced: digits in {-1, 0, 1}, one bucket */
    best.c = 1;
    best.nwin = run.bits + 1;
    best.chunks = 1;
    best.batch = 0;
    best.batch_affine = 0;
  }
  if (o.chunks) best.chunks = o.chunks;
  if (o.batch_affine != -1) best.batch_affine = o.batch_affine;
  if (o.batch) best.batch = o.batch;
  if (best.batch_affine && best.batch < 1) best.batch = 1;
  run.c = best.c;
  run.nwin = best.nwin;
  run.chunks = best.chunks;
  run.chunk_len = (run.npts + run.chunks - 1) / run.chunks;
  run.batch_affine = best.batch_affine;
  run.batch = best.batch;
  run.ifma = run.batch_affine && ifma_ok;
  if (info) {
    info->ifma = run.ifma;
    info->window = run.c;
    info->windows = run.nwin;
    info->chunks = (unsigned)run.chunks;
    info->glv = run.glv;
    info->batch_affine = run.batch_affine;
    info->batch = run.batch;
  }

  zka_status st = ZKA_OK;
  run.digits = (int16_t *)malloc((size_t)run.nwin * run.npts * sizeof(int16_t));
  run.phix = run.glv ? malloc(run.n * g->field_size) : NULL;
  size_t ntasks = (size_t)run.nwin * run.chunks;
  run.win_sums = malloc(ntasks * g->xyzz_size);
  atomic_init(&run.oom, 0);
  if (!run.digits || (run.glv && !run.phix) || !run.win_sums) {
    st = ZKA_ERR_OUT_OF_MEMORY;
    goto out;
  }
  size_t nprep = threads > 1 ? 4 * (size_t)threads : 1;
  run.prep_len = (run.n + nprep - 1) / nprep;
  nprep = (run.n + run.prep_len - 1) / run.prep_len;
  msm_run_tasks(exec, nprep, g->prep, &run);
  msm_run_tasks(exec, ntasks, g->task, &run);
  if (atomic_load(&run.oom)) {
    st = ZKA_ERR_OUT_OF_MEMORY;
    goto out;
  }
  g->finish(&run, result);
out:
  if (st == ZKA_ERR_OUT_OF_MEMORY && err && err_len)
    snprintf(err, err_len, "cpu msm: out of memory (n = %zu)", job->n);
  free(run.digits);
  free(run.phix);
  free(run.win_sums);
  return st;
}

zka_status zka_cpu_msm(void *result, const void *points, const uint8_t *scalars,
                       const zka_msm_job *job, const zka_cpu_exec *exec, char *err,
                       size_t err_len) {
  return zka_cpu_msm_ex(result, points, scalars, job, exec, NULL, NULL, err, err_len);
}
