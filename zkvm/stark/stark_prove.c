/* stark_prove.c — the STARK prover of stark.h (protocol and proof format: see stark.h and the
 * comment before zka_stark_prove).  Variable-time: provers need not be constant-time.
 *
 * Speed (the proof bytes are fixed by the protocol; tests/test_stark.c's known answers pin
 * them): the constraint nodes are evaluated in the base field a block of ZKA_ST_BLK rows at
 * a time, node-major, on the engine's threads (check, aux, quotient); the combiner's powers
 * are precomputed so each base constraint costs 4 word products summed lazily (no
 * reduction) instead of an extension Horner step; the openings and the DEEP sums are lazy
 * dot products of base cells with extension powers; batch inversions run per row range;
 * the LDE's transposes are tiled and threaded.  NTTs and Merkle trees are the engine's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#if defined(__SSE2__) && !defined(ZKA_PORTABLE)
#include <emmintrin.h>
#endif

#include "core/error.h"
#include "host/engine_internal.h"
#include "zkaccel/field_small.h"
#include "zkaccel/hash.h"
#include "zkaccel/ntt.h"
#include "zkvm/stark/stark_util.h"

zka_stark_params zka_stark_params_default(void) {
  zka_stark_params p;
  p.log_blowup = 2;
  p.num_queries = 42;
  p.pow_bits = 16;
  p.log_final = 3;
  return p;
}

unsigned zka_stark_security_bits(const zka_stark_params *p) {
  if (!p) return 0;
  /* ethSTARK conjecture: each query costs log_blowup bits; grinding adds pow_bits.
   * Capped by the degree-4 extension (|F_p^4| ~ 2^124). */
  uint64_t b = (uint64_t)p->log_blowup * p->num_queries + p->pow_bits;
  return b > 124 ? 124u : (unsigned)b;
}

/* ---- helpers ---------------------------------------------------------------------------- */

static zka_status zka_st_ntt(zka_engine *e, zka_st_f *data, uint32_t log_n, size_t batch,
                             int inverse, zka_st_f shift, int coset, zka_ctx *ctx) {
  zka_ntt_options o = zka_ntt_options_default();
  o.direction = inverse ? ZKA_NTT_INVERSE : ZKA_NTT_FORWARD;
  o.coset = coset;
  o.coset_shift = coset ? &shift : NULL;
  o.batch = batch;
  return zka_ntt(e, ZKA_FIELD_BABYBEAR, data, log_n, &o, ctx);
}

/* Transposes: dst[i·ldd + j] = src[j·lds + i] for i < I, j < J, in 32 x 32 tiles (both
 * sides stay in cache) spread over the engine's threads, each tile in 4 x 4 SSE2 blocks
 * where available. */
typedef struct {
  zka_st_f *dst;
  const zka_st_f *src;
  size_t ldd, lds, I, J, ti, tj, ntasks;
} zka_st_tp;

#define ZKA_ST_TILE 32

static void zka_st_tp_tile(uint32_t *dst, size_t ldd, const uint32_t *src, size_t lds, size_t I,
                           size_t J) {
  size_t i4 = 0, j4 = 0;
#if defined(__SSE2__) && !defined(ZKA_PORTABLE)
  i4 = I & ~(size_t)3;
  j4 = J & ~(size_t)3;
  for (size_t j = 0; j < j4; j += 4)
    for (size_t i = 0; i < i4; i += 4) {
      __m128i a0 = _mm_loadu_si128((const __m128i *)(src + j * lds + i));
      __m128i a1 = _mm_loadu_si128((const __m128i *)(src + (j + 1) * lds + i));
      __m128i a2 = _mm_loadu_si128((const __m128i *)(src + (j + 2) * lds + i));
      __m128i a3 = _mm_loadu_si128((const __m128i *)(src + (j + 3) * lds + i));
      __m128i t0 = _mm_unpacklo_epi32(a0, a1), t1 = _mm_unpacklo_epi32(a2, a3);
      __m128i t2 = _mm_unpackhi_epi32(a0, a1), t3 = _mm_unpackhi_epi32(a2, a3);
      _mm_storeu_si128((__m128i *)(dst + i * ldd + j), _mm_unpacklo_epi64(t0, t1));
      _mm_storeu_si128((__m128i *)(dst + (i + 1) * ldd + j), _mm_unpackhi_epi64(t0, t1));
      _mm_storeu_si128((__m128i *)(dst + (i + 2) * ldd + j), _mm_unpacklo_epi64(t2, t3));
      _mm_storeu_si128((__m128i *)(dst + (i + 3) * ldd + j), _mm_unpackhi_epi64(t2, t3));
    }
#endif
  /* the rest: rows i >= i4 (all j), then columns j >= j4 of rows i < i4 */
  for (size_t i = i4; i < I; i++)
    for (size_t j = 0; j < J; j++) dst[i * ldd + j] = src[j * lds + i];
  for (size_t i = 0; i < i4; i++)
    for (size_t j = j4; j < J; j++) dst[i * ldd + j] = src[j * lds + i];
}

static void zka_st_tp_task(void *arg, size_t task) {
  const zka_st_tp *P = arg;
  size_t nt = P->ti * P->tj, t0 = task * nt / P->ntasks, t1 = (task + 1) * nt / P->ntasks;
  for (size_t t = t0; t < t1; t++) {
    size_t i = (t / P->tj) * ZKA_ST_TILE, j = (t % P->tj) * ZKA_ST_TILE;
    size_t I = P->I - i < ZKA_ST_TILE ? P->I - i : ZKA_ST_TILE;
    size_t J = P->J - j < ZKA_ST_TILE ? P->J - j : ZKA_ST_TILE;
    zka_st_tp_tile(&P->dst[i * P->ldd + j].v, P->ldd, &P->src[j * P->lds + i].v, P->lds, I, J);
  }
}

static void zka_st_tp_run(zka_engine *e, zka_st_f *dst, size_t ldd, const zka_st_f *src,
                          size_t lds, size_t I, size_t J) {
  zka_st_tp P = {dst, src, ldd, lds, I, J, 0, 0, 1};
  if (!I || !J) return;
  P.ti = (I + ZKA_ST_TILE - 1) / ZKA_ST_TILE;
  P.tj = (J + ZKA_ST_TILE - 1) / ZKA_ST_TILE;
  size_t nt = P.ti * P.tj;
  P.ntasks = nt / 16 < 1 ? 1 : nt / 16 > 64 ? 64 : nt / 16; /* >= 16 tiles (64 KiB) a task */
  zka_threadpool_parallel_for(e ? e->pool : NULL, P.ntasks, zka_st_tp_task, &P);
}

/* Row-major rows x cols -> column-major. */
static void zka_st_transpose(zka_engine *e, zka_st_f *dst, const zka_st_f *src, size_t rows,
                             size_t cols) {
  zka_st_tp_run(e, dst, rows, src, cols, cols, rows);
}

/* Coefficients (column-major, cols x n) -> evaluations on the LDE coset g·<w_N>, row-major
 * N x cols (*rows_out, malloc'd).  Columns go through the NTT in groups of about 64 MiB (at
 * least 8 columns) so the column-major scratch stays small next to the N x cols result. */
static zka_status zka_st_lde(zka_engine *e, zka_st_f **rows_out, const zka_st_f *coef, size_t cols,
                             uint32_t log_n, uint32_t log_N, zka_ctx *ctx) {
  size_t n = (size_t)1 << log_n, N = (size_t)1 << log_N;
  size_t group = ((size_t)16 << 20) / N;
  if (group < 8) group = 8;
  if (group > cols) group = cols;
  *rows_out = NULL;
  zka_st_f *buf = malloc(group * N * sizeof *buf);
  zka_st_f *rows = malloc(cols * N * sizeof *rows);
  if (!buf || !rows) {
    free(buf);
    free(rows);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark: LDE of %zu columns", cols);
  }
  zka_status st = ZKA_OK;
  for (size_t c0 = 0; c0 < cols && st == ZKA_OK; c0 += group) {
    size_t gc = cols - c0 < group ? cols - c0 : group;
    for (size_t c = 0; c < gc; c++) {
      memcpy(buf + c * N, coef + (c0 + c) * n, n * sizeof *buf);
      memset(buf + c * N + n, 0, (N - n) * sizeof *buf);
    }
    st = zka_st_ntt(e, buf, log_N, gc, 0, zka_babybear_from_u64_ref(ZKA_ST_GEN), 1, ctx);
    if (st != ZKA_OK) break;
    zka_st_tp_run(e, rows + c0, cols, buf, N, N, gc);
  }
  free(buf);
  if (st == ZKA_OK) *rows_out = rows;
  else free(rows);
  return st;
}

static zka_status zka_st_commit(zka_engine *e, zka_merkle_tree **tree, zka_st_f root[ZKA_ST_DIGEST],
                                const zka_st_f *rows, size_t cols, size_t count, zka_ctx *ctx) {
  zka_status st = zka_merkle_build(tree, e, ZKA_HASH_POSEIDON2_BABYBEAR_16, rows, cols, count,
                                   NULL, ctx);
  if (st == ZKA_OK) zka_merkle_root(*tree, root);
  return st;
}

/* Montgomery's trick; returns 0 (and leaves a unspecified) when an element is zero. */
static int zka_st_batch_inv_f(zka_st_f *a, size_t n, zka_st_f *tmp) {
  zka_st_f acc = zka_babybear_one_ref();
  for (size_t i = 0; i < n; i++) {
    tmp[i] = acc;
    acc = zka_babybear_mul_ref(acc, a[i]);
  }
  if (zka_babybear_is_zero_ref(acc)) return 0;
  zka_st_f inv = zka_babybear_inv_ref(acc);
  for (size_t i = n; i-- > 0;) {
    zka_st_f ai = a[i];
    a[i] = zka_babybear_mul_ref(inv, tmp[i]);
    inv = zka_babybear_mul_ref(inv, ai);
  }
  return 1;
}
static int zka_st_batch_inv_e(zka_st_e *a, size_t n, zka_st_e *tmp) {
  zka_st_e acc = zka_st_eone();
  for (size_t i = 0; i < n; i++) {
    tmp[i] = acc;
    acc = zka_st_emul(acc, a[i]);
  }
  if (zka_babybear4_is_zero_ref(acc)) return 0;
  zka_st_e inv = zka_babybear4_inv_ref(acc);
  for (size_t i = n; i-- > 0;) {
    zka_st_e ai = a[i];
    a[i] = zka_st_emul(inv, tmp[i]);
    inv = zka_st_emul(inv, ai);
  }
  return 1;
}

static zka_st_f zka_st_root(uint32_t log) {
  zka_st_f w = zka_babybear_one_ref();
  if (zka_babybear_root_of_unity(&w, log) != ZKA_OK) w = zka_babybear_one_ref();
  return w;
}

static void zka_st_progress(zka_stark_progress_fn fn, void *user, const char *stage) {
  if (fn) fn(user, stage);
}

/* Write a Merkle opening: the leaf's cells, then its path. */
static zka_status zka_st_w_open(zka_st_w *w, const zka_merkle_tree *t, const zka_st_f *leaf,
                                size_t cols, size_t index, zka_st_f *path, zka_ctx *ctx) {
  zka_st_w_fs(w, leaf, cols);
  zka_status st = zka_merkle_open(t, index, path, ctx);
  if (st != ZKA_OK) return st;
  zka_st_w_fs(w, path, zka_merkle_depth(t) * ZKA_ST_DIGEST);
  return ZKA_OK;
}

/* ---- word-level BabyBear for the hot loops ------------------------------------------------
 * The same values as core/field/babybear.h's _ref functions (fully reduced Montgomery words,
 * R = 2^32), on plain uint32_t so that loops over the rows of a block vectorize.  Field
 * arithmetic is exact, so however a sum is grouped or reduced, its reduced word is the same:
 * the proof bytes do not depend on these shortcuts. */
#define ZKA_ST_BLK 32 /* rows per evaluation block: the node interpreter's dispatch is paid once
                         per node per 32 rows; max_nodes x 32 words per task stay in L2 */

static inline uint32_t zka_st_wadd(uint32_t a, uint32_t b) {
  uint32_t s = a + b, t = s - ZKA_ST_P; /* s < 2p < 2^32; t wraps above s when s < p */
  return s < t ? s : t;
}
static inline uint32_t zka_st_wsub(uint32_t a, uint32_t b) {
  uint32_t d = a - b, t = d + ZKA_ST_P;
  return d < t ? d : t;
}
static inline uint32_t zka_st_wmul(uint32_t a, uint32_t b) {
  return zka_babybear_monty_reduce_ref((uint64_t)a * b);
}
/* Lazy dot products: Σ a_k·b_k of Montgomery words is kept as two 64-bit sums of the
 * products' low and high 32-bit halves, so a product costs one multiply and two adds, no
 * reduction.  With S = hi·2^32 + lo, the Montgomery word of the sum is
 * S·2^-32 = hi + lo·2^-32 = (hi mod p) + monty_reduce(lo).  Valid for fewer than 2^30 terms:
 * lo < 2^30·2^32 < p·2^32, monty_reduce's bound (the longest sums here have n <=
 * 2^ZKA_NTT_MAX_LOG_N terms). */
static inline uint32_t zka_st_lazy_fin(uint64_t lo, uint64_t hi) {
  return zka_st_wadd((uint32_t)(hi % ZKA_ST_P), zka_babybear_monty_reduce_ref(lo));
}
/* The same for at most 16 terms (hi < 2^34, lo < 2^36), in one reduction: 2^32 = 2^32 - 2p
 * (mod p), so S = hi·(2^32 - 2p) + lo (mod p), and that is < 2^62 + 2^36 < p·2^32. */
static inline uint32_t zka_st_lazy_fin16(uint64_t lo, uint64_t hi) {
  return zka_babybear_monty_reduce_ref(hi * (uint64_t)(0u - 2u * ZKA_ST_P) + lo);
}
static inline zka_st_f zka_st_fw(uint32_t w) {
  zka_st_f r;
  r.v = w;
  return r;
}

/* Every node of T on B <= ZKA_ST_BLK rows, node-major: v[i·B + r] = node i at row r.
 * cur[r] / nxt[r]: row r's and its next row's cells (the table's columns); sel: 3 x B words,
 * the first / last / transition selectors at each row. */
static void zka_st_eval_block(const zka_air_table *T, uint32_t *v, size_t B,
                              const zka_st_f *const *cur, const zka_st_f *const *nxt,
                              const uint32_t *sel) {
  for (size_t i = 0; i < T->n_nodes; i++) {
    const zka_air_node *nd = &T->nodes[i];
    uint32_t *o = v + i * B;
    switch (nd->op) {
      case ZKA_AIR_CONST:
        for (size_t r = 0; r < B; r++) o[r] = nd->c.v;
        break;
      case ZKA_AIR_MAIN:
        for (size_t r = 0; r < B; r++) o[r] = cur[r][nd->a].v;
        break;
      case ZKA_AIR_MAIN_NEXT:
        for (size_t r = 0; r < B; r++) o[r] = nxt[r][nd->a].v;
        break;
      case ZKA_AIR_FIRST: memcpy(o, sel, B * sizeof *o); break;
      case ZKA_AIR_LAST: memcpy(o, sel + B, B * sizeof *o); break;
      case ZKA_AIR_TRANS: memcpy(o, sel + 2 * B, B * sizeof *o); break;
      case ZKA_AIR_ADD: {
        const uint32_t *x = v + (size_t)nd->a * B, *y = v + (size_t)nd->b * B;
        for (size_t r = 0; r < B; r++) o[r] = zka_st_wadd(x[r], y[r]);
        break;
      }
      case ZKA_AIR_SUB: {
        const uint32_t *x = v + (size_t)nd->a * B, *y = v + (size_t)nd->b * B;
        for (size_t r = 0; r < B; r++) o[r] = zka_st_wsub(x[r], y[r]);
        break;
      }
      default: {
        const uint32_t *x = v + (size_t)nd->a * B, *y = v + (size_t)nd->b * B;
        for (size_t r = 0; r < B; r++) o[r] = zka_st_wmul(x[r], y[r]);
        break;
      }
    }
  }
}

/* alpha - fp of interaction `in` (air.h's zka_air_denominator, the beta-power products
 * summed lazily) for the B rows of a block, component-major: d[j][r] = component j at row r. */
static void zka_st_den_block(uint32_t d[4][ZKA_ST_BLK], const zka_air_challenges *ch,
                             const zka_air_interaction *in, const uint32_t *v, size_t B) {
  const uint32_t bus = zka_bb(in->bus).v;
  for (int j = 0; j < 4; j++) {
    uint64_t lo[ZKA_ST_BLK] = {0}, hi[ZKA_ST_BLK] = {0};
    for (uint32_t u = 0; u < in->n; u++) {
      const uint64_t w = ch->beta_pow[u + 1].c[j].v;
      const uint32_t *x = v + (size_t)in->vals[u] * B;
      for (size_t r = 0; r < B; r++) {
        uint64_t pr = w * x[r];
        lo[r] += (uint32_t)pr;
        hi[r] += pr >> 32;
      }
    }
    const uint32_t aj = ch->alpha.c[j].v;
    for (size_t r = 0; r < B; r++) {
      uint32_t f = zka_st_lazy_fin16(lo[r], hi[r]); /* in->n <= 16 (zka_st_table_ok) */
      if (j == 0) f = zka_st_wadd(f, bus);
      d[j][r] = zka_st_wsub(aj, f);
    }
  }
}

/* c = a·b in the extension for each row of a block, component-major (as
 * zka_babybear4_mul_ref: X^4 = W, the W·b_j products first). */
static void zka_st_emul_block(uint32_t c[4][ZKA_ST_BLK], const uint32_t a[4][ZKA_ST_BLK],
                              const uint32_t b[4][ZKA_ST_BLK], size_t B) {
  const uint32_t w = ZKA_BABYBEAR4_W;
  for (size_t r = 0; r < B; r++) {
    uint64_t a0 = a[0][r], a1 = a[1][r], a2 = a[2][r], a3 = a[3][r];
    uint64_t b0 = b[0][r], b1 = b[1][r], b2 = b[2][r], b3 = b[3][r];
    uint64_t wb1 = zka_st_wmul(b[1][r], w), wb2 = zka_st_wmul(b[2][r], w), wb3 = zka_st_wmul(b[3][r], w);
    /* two products of reduced words < 2p^2 < p·2^32: one reduction per pair */
    c[0][r] = zka_st_wadd(zka_babybear_monty_reduce_ref(a0 * b0 + a1 * wb3),
                          zka_babybear_monty_reduce_ref(a2 * wb2 + a3 * wb1));
    c[1][r] = zka_st_wadd(zka_babybear_monty_reduce_ref(a0 * b1 + a1 * b0),
                          zka_babybear_monty_reduce_ref(a2 * wb3 + a3 * wb2));
    c[2][r] = zka_st_wadd(zka_babybear_monty_reduce_ref(a0 * b2 + a1 * b1),
                          zka_babybear_monty_reduce_ref(a2 * b0 + a3 * wb3));
    c[3][r] = zka_st_wadd(zka_babybear_monty_reduce_ref(a0 * b3 + a1 * b2),
                          zka_babybear_monty_reduce_ref(a2 * b1 + a3 * b0));
  }
}

/* Multiplication by a constant extension element a as a 4 x 4 matrix of words:
 * (a·x)_i = Σ_b m[4i + b]·x_b, m[4i + b] = a_(i-b) for b <= i, W·a_(i-b+4) for b > i. */
static void zka_st_emat(uint32_t m[16], zka_st_e a) {
  for (int i = 0; i < 4; i++)
    for (int b = 0; b < 4; b++)
      m[4 * i + b] = b <= i ? a.c[i - b].v : zka_st_wmul(a.c[i - b + 4].v, ZKA_BABYBEAR4_W);
}

/* lo/hi (lazy sums, component-major) += m·x for each row of a block. */
static void zka_st_lazy_emat(uint64_t lo[4][ZKA_ST_BLK], uint64_t hi[4][ZKA_ST_BLK],
                             const uint32_t m[16], const uint32_t x[4][ZKA_ST_BLK], size_t B) {
  for (int i = 0; i < 4; i++)
    for (int b = 0; b < 4; b++) {
      const uint64_t w = m[4 * i + b];
      const uint32_t *xb = x[b];
      uint64_t *li = lo[i], *hh = hi[i];
      for (size_t r = 0; r < B; r++) {
        uint64_t pr = w * xb[r];
        li[r] += (uint32_t)pr;
        hh[r] += pr >> 32;
      }
    }
}

/* The selectors of trace row r (of n): first, last, transition, as words. */
static void zka_st_trace_sel(uint32_t *sel, size_t B, size_t r0, size_t n) {
  const uint32_t one = zka_babybear_one_ref().v;
  for (size_t r = 0; r < B; r++) {
    size_t i = r0 + r;
    sel[r] = i == 0 ? one : 0;
    sel[B + r] = i == n - 1 ? one : 0;
    sel[2 * B + r] = i != n - 1 ? one : 0;
  }
}

/* ---- the loops that run on the engine's CPU worker threads --------------------------------
 * Each task writes a disjoint range of the output, so the result does not depend on the
 * thread count (a batch inversion per range gives the same inverses as one over all). */
typedef struct {
  const zka_air_table *const *tables;
  const zka_babybear *const *traces;
  const zka_st_layout *L;
  size_t n_tables, n, N, D, W, AW, QW, M, ntasks, max_nodes;
  uint32_t *wscratch; /* ntasks x max_nodes x ZKA_ST_BLK words */
  /* check / aux: one table of the trace */
  size_t tab, k_n;
  size_t *bad_row, *bad_con; /* per task: the first failing row and constraint (n: none) */
  zka_st_e *den, *dtmp, *aux_tr;
  zka_st_f *num;             /* n x k_n: sign·m of each interaction (aux) */
  int *fail;                 /* per task: a zero denominator */
  /* quotient */
  const zka_st_f *main_rows, *aux_rows, *quot_rows, *l0, *llast, *zh_inv, *xs;
  const zka_st_e *totals;
  const zka_air_challenges *ch;
  const uint32_t *cpw;  /* 4 x n_comb: components of comb^(n_comb - 1 - j) */
  const uint32_t *cmat; /* 16 x n_comb: comb^(n_comb - 1 - j) as a matrix (zka_st_emat) */
  const size_t *tab_j0; /* each table's first constraint index in the combiner order */
  size_t n_comb, Nq, qstride;
  zka_st_e *q;
  /* openings */
  const zka_st_f *main_coef, *aux_coef, *quot_coef;
  const uint32_t *zpw, *zwpw; /* 4 x n: components of z^k and (z·w)^k */
  zka_st_e *op_z, *op_zw;
  /* DEEP */
  const uint32_t *lamw; /* 4 x M: components of lambda^c */
  const zka_st_e *lam;
  zka_st_e z, zw, sum_z, sum_zw;
  zka_st_e *inv_xz, *inv_xzw, *etmp;
  zka_st_e *deep;
} zka_st_job;

static size_t zka_st_lo(const zka_st_job *J, size_t total, size_t task) {
  return task * total / J->ntasks;
}

/* Step 0: trace rows of table J->tab where a constraint fails (the first in the range). */
static void zka_st_check_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  const zka_air_table *T = J->tables[J->tab];
  const zka_st_f *tr = J->traces[J->tab];
  uint32_t *v = J->wscratch + task * J->max_nodes * ZKA_ST_BLK;
  size_t r0 = zka_st_lo(J, J->n, task), r1 = zka_st_lo(J, J->n, task + 1), n = J->n;
  const zka_st_f *cur[ZKA_ST_BLK], *nxt[ZKA_ST_BLK];
  uint32_t sel[3 * ZKA_ST_BLK];
  J->bad_row[task] = n;
  for (size_t b0 = r0; b0 < r1; b0 += ZKA_ST_BLK) {
    size_t B = r1 - b0 < ZKA_ST_BLK ? r1 - b0 : ZKA_ST_BLK;
    for (size_t r = 0; r < B; r++) {
      cur[r] = tr + (b0 + r) * T->width;
      nxt[r] = tr + ((b0 + r + 1) & (n - 1)) * T->width;
    }
    zka_st_trace_sel(sel, B, b0, n);
    zka_st_eval_block(T, v, B, cur, nxt, sel);
    for (size_t r = 0; r < B; r++)
      for (size_t c = 0; c < T->n_constraints; c++)
        if (v[(size_t)T->constraints[c] * B + r]) {
          J->bad_row[task] = b0 + r;
          J->bad_con[task] = c;
          return;
        }
  }
}

/* Step 3: table J->tab's helper columns h_g = Σ_{k in group g} sign_k·m_k / (alpha - fp_k)
 * on a range of trace rows (the running sum is added afterwards, in order). */
static void zka_st_aux_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  const zka_air_table *T = J->tables[J->tab];
  const zka_st_f *tr = J->traces[J->tab];
  uint32_t *v = J->wscratch + task * J->max_nodes * ZKA_ST_BLK;
  size_t r0 = zka_st_lo(J, J->n, task), r1 = zka_st_lo(J, J->n, task + 1), n = J->n;
  size_t k_n = J->k_n, A = J->AW / 4, a0 = J->L->aux_off[J->tab];
  const zka_st_f *cur[ZKA_ST_BLK], *nxt[ZKA_ST_BLK];
  uint32_t sel[3 * ZKA_ST_BLK];
  zka_st_e *den = J->den + r0 * k_n;
  for (size_t b0 = r0; b0 < r1; b0 += ZKA_ST_BLK) {
    size_t B = r1 - b0 < ZKA_ST_BLK ? r1 - b0 : ZKA_ST_BLK;
    for (size_t r = 0; r < B; r++) {
      cur[r] = tr + (b0 + r) * T->width;
      nxt[r] = tr + ((b0 + r + 1) & (n - 1)) * T->width;
    }
    zka_st_trace_sel(sel, B, b0, n);
    zka_st_eval_block(T, v, B, cur, nxt, sel);
    for (size_t k = 0; k < k_n; k++) {
      const zka_air_interaction *in = &T->inter[k];
      uint32_t d[4][ZKA_ST_BLK];
      zka_st_den_block(d, J->ch, in, v, B);
      for (size_t r = 0; r < B; r++) {
        zka_st_e *dr = &J->den[(b0 + r) * k_n + k];
        for (int c = 0; c < 4; c++) dr->c[c] = zka_st_fw(d[c][r]);
        zka_st_f m = zka_st_fw(v[(size_t)in->mult * B + r]);
        J->num[(b0 + r) * k_n + k] = in->sign < 0 ? zka_babybear_neg_ref(m) : m;
      }
    }
  }
  J->fail[task] = 0;
  if (!zka_st_batch_inv_e(den, (r1 - r0) * k_n, J->dtmp + r0 * k_n)) {
    J->fail[task] = 1;
    return;
  }
  const size_t g0 = J->L->grp_off[J->tab], ng = J->L->n_grp[J->tab];
  for (size_t r = r0; r < r1; r++) {
    zka_st_e *row = J->aux_tr + r * A + a0;
    const zka_st_e *dr = den + (r - r0) * k_n;
    const zka_st_f *nr = J->num + r * k_n;
    for (size_t g = 0; g < ng; g++) {
      size_t k = J->L->grp[g0 + g];
      row[g] = zka_st_emulf(dr[k], nr[k]);
      if (J->L->grp_len[g0 + g] == 2) row[g] = zka_st_eadd(row[g], zka_st_emulf(dr[k + 1], nr[k + 1]));
    }
  }
}

/* Q(x_i) = Σ_j comb^(n_comb-1-j)·C_j(x_i) / Z_H(x_i): the Horner sum of stark_util.h's order
 * written out, at the LDE rows i = off + k·stride for k in [k0, k1), into out[k - k0].  The
 * base-field constraints are evaluated a block of rows at a time and summed lazily (4 word
 * products each); the LogUp terms are extension products, the same way per block. */
static void zka_st_quot_rows(const zka_st_job *J, uint32_t *v, size_t k0, size_t k1, size_t off,
                             size_t stride, zka_st_e *out) {
  const size_t W = J->W, AW = J->AW, N = J->N, D = J->D, nc = J->n_comb;
  const zka_st_f *cur[ZKA_ST_BLK], *nxt[ZKA_ST_BLK];
  size_t idx[ZKA_ST_BLK];
  uint32_t sel[3 * ZKA_ST_BLK];
  uint64_t lo[4][ZKA_ST_BLK], hi[4][ZKA_ST_BLK];
  const uint32_t one = zka_babybear_one_ref().v;
  for (size_t b0 = k0; b0 < k1; b0 += ZKA_ST_BLK) {
    size_t B = k1 - b0 < ZKA_ST_BLK ? k1 - b0 : ZKA_ST_BLK;
    for (size_t r = 0; r < B; r++) idx[r] = off + (b0 + r) * stride;
    for (size_t r = 0; r < B; r++) {
      sel[r] = J->l0[idx[r]].v;
      sel[B + r] = J->llast[idx[r]].v;
      sel[2 * B + r] = zka_st_wsub(one, J->llast[idx[r]].v);
    }
    memset(lo, 0, sizeof lo);
    memset(hi, 0, sizeof hi);
    for (size_t t = 0; t < J->n_tables; t++) {
      const zka_air_table *T = J->tables[t];
      const size_t coff = J->L->col_off[t];
      for (size_t r = 0; r < B; r++) {
        cur[r] = J->main_rows + idx[r] * W + coff;
        nxt[r] = J->main_rows + ((idx[r] + D) & (N - 1)) * W + coff;
      }
      zka_st_eval_block(T, v, B, cur, nxt, sel);
      size_t j = J->tab_j0[t];
      for (size_t c = 0; c < T->n_constraints; c++, j++) {
        const uint32_t *x = v + (size_t)T->constraints[c] * B;
        for (int k = 0; k < 4; k++) {
          const uint64_t w = J->cpw[(size_t)k * nc + j];
          uint64_t *lk = lo[k], *hk = hi[k];
          for (size_t r = 0; r < B; r++) {
            uint64_t pr = w * x[r];
            lk[r] += (uint32_t)pr;
            hk[r] += pr >> 32;
          }
        }
      }
      if (!T->n_inter) continue;
      /* LogUp: per group cp_j·(its helper constraint, stark_util.h), then cp·first·(s - Σh),
       * cp·trans·(s' - s - Σh'), cp·last·(s - total); the cp products summed lazily. */
      const size_t ng = J->L->n_grp[t], g0 = J->L->grp_off[t], aoff = 4 * J->L->aux_off[t];
      uint32_t sm[4][ZKA_ST_BLK], smn[4][ZKA_ST_BLK], hv[4][ZKA_ST_BLK], hn[4][ZKA_ST_BLK];
      uint32_t d[4][ZKA_ST_BLK], d2[4][ZKA_ST_BLK], cv[4][ZKA_ST_BLK];
      memset(sm, 0, sizeof sm);
      memset(smn, 0, sizeof smn);
      for (size_t g = 0; g <= ng; g++) {
        for (size_t r = 0; r < B; r++) {
          const zka_st_f *h = J->aux_rows + idx[r] * AW + aoff + 4 * g;
          const zka_st_f *hx = J->aux_rows + ((idx[r] + D) & (N - 1)) * AW + aoff + 4 * g;
          for (int c = 0; c < 4; c++) {
            hv[c][r] = h[c].v;
            hn[c][r] = hx[c].v;
          }
        }
        if (g == ng) break; /* hv, hn: the running sum s here and at the next row */
        for (int c = 0; c < 4; c++)
          for (size_t r = 0; r < B; r++) {
            sm[c][r] = zka_st_wadd(sm[c][r], hv[c][r]);
            smn[c][r] = zka_st_wadd(smn[c][r], hn[c][r]);
          }
        const zka_air_interaction *in = &T->inter[J->L->grp[g0 + g]];
        const uint32_t *m = v + (size_t)in->mult * B;
        zka_st_den_block(d, J->ch, in, v, B);
        if (J->L->grp_len[g0 + g] == 1) {
          /* h·d - sign·m */
          zka_st_emul_block(cv, (const uint32_t(*)[ZKA_ST_BLK])hv, (const uint32_t(*)[ZKA_ST_BLK])d, B);
          if (in->sign < 0)
            for (size_t r = 0; r < B; r++) cv[0][r] = zka_st_wadd(cv[0][r], m[r]);
          else
            for (size_t r = 0; r < B; r++) cv[0][r] = zka_st_wsub(cv[0][r], m[r]);
        } else {
          /* h·d·d2 - sign·m·d2 - sign2·m2·d (hn is free again: scratch for h·d) */
          const zka_air_interaction *in2 = in + 1;
          const uint32_t *m2 = v + (size_t)in2->mult * B;
          zka_st_den_block(d2, J->ch, in2, v, B);
          zka_st_emul_block(hn, (const uint32_t(*)[ZKA_ST_BLK])hv, (const uint32_t(*)[ZKA_ST_BLK])d, B);
          zka_st_emul_block(cv, (const uint32_t(*)[ZKA_ST_BLK])hn, (const uint32_t(*)[ZKA_ST_BLK])d2, B);
          for (int c = 0; c < 4; c++)
            for (size_t r = 0; r < B; r++) {
              uint32_t t1 = zka_st_wmul(m[r], d2[c][r]), t2 = zka_st_wmul(m2[r], d[c][r]);
              uint32_t x = in->sign < 0 ? zka_st_wadd(cv[c][r], t1) : zka_st_wsub(cv[c][r], t1);
              cv[c][r] = in2->sign < 0 ? zka_st_wadd(x, t2) : zka_st_wsub(x, t2);
            }
        }
        zka_st_lazy_emat(lo, hi, J->cmat + 16 * j++, (const uint32_t(*)[ZKA_ST_BLK])cv, B);
      }
      /* hv = s, hn = s'; the three running-sum constraints into cv, sm, smn */
      for (int c = 0; c < 4; c++)
        for (size_t r = 0; r < B; r++) {
          cv[c][r] = zka_st_wmul(zka_st_wsub(hv[c][r], sm[c][r]), sel[r]);
          sm[c][r] = zka_st_wmul(zka_st_wsub(zka_st_wsub(hn[c][r], hv[c][r]), smn[c][r]), sel[2 * B + r]);
          smn[c][r] = zka_st_wmul(zka_st_wsub(hv[c][r], J->totals[t].c[c].v), sel[B + r]);
        }
      zka_st_lazy_emat(lo, hi, J->cmat + 16 * j++, (const uint32_t(*)[ZKA_ST_BLK])cv, B);
      zka_st_lazy_emat(lo, hi, J->cmat + 16 * j++, (const uint32_t(*)[ZKA_ST_BLK])sm, B);
      zka_st_lazy_emat(lo, hi, J->cmat + 16 * j++, (const uint32_t(*)[ZKA_ST_BLK])smn, B);
    }
    for (size_t r = 0; r < B; r++) {
      zka_st_e a;
      for (int k = 0; k < 4; k++) a.c[k] = zka_st_fw(zka_st_lazy_fin(lo[k][r], hi[k][r]));
      out[b0 + r - k0] = zka_st_emulf(a, J->zh_inv[idx[r]]);
    }
  }
}

/* The quotient on the rows k·qstride of the LDE (k < Nq; see step 4). */
static void zka_st_quot_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  uint32_t *v = J->wscratch + task * J->max_nodes * ZKA_ST_BLK;
  size_t k0 = zka_st_lo(J, J->Nq, task), k1 = zka_st_lo(J, J->Nq, task + 1);
  zka_st_quot_rows(J, v, k0, k1, 0, J->qstride, J->q + k0);
}

/* Σ_k w[k]·cf[k] for the 4 components of the extension powers w (4 x n words). */
static zka_st_e zka_st_dot_pow(const uint32_t *w, const zka_st_f *cf, size_t n) {
  zka_st_e a;
  for (int j = 0; j < 4; j++) {
    const uint32_t *wj = w + (size_t)j * n;
    uint64_t lo = 0, hi = 0;
    for (size_t k = 0; k < n; k++) {
      uint64_t pr = (uint64_t)wj[k] * cf[k].v;
      lo += (uint32_t)pr;
      hi += pr >> 32;
    }
    a.c[j] = zka_st_fw(zka_st_lazy_fin(lo, hi));
  }
  return a;
}

/* Column `task` at z (and at z·w for main and aux): Σ_k coef_k·z^k. */
static void zka_st_open_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  size_t c = task, n = J->n, W = J->W, AW = J->AW;
  const zka_st_f *cf = c < W ? J->main_coef + c * n
                     : c < W + AW ? J->aux_coef + (c - W) * n : J->quot_coef + (c - W - AW) * n;
  J->op_z[c] = zka_st_dot_pow(J->zpw, cf, n);
  if (c < W + AW) J->op_zw[c] = zka_st_dot_pow(J->zwpw, cf, n);
}

/* Σ_c lam_c·row[c] over the columns [c0, c0 + cols) of lambda's order (lazily). */
static void zka_st_dot_lam(uint64_t lo[4], uint64_t hi[4], const uint32_t *lamw, size_t M,
                           size_t c0, const zka_st_f *row, size_t cols) {
  for (int j = 0; j < 4; j++) {
    const uint32_t *lj = lamw + (size_t)j * M + c0;
    uint64_t l = 0, h = 0;
    for (size_t c = 0; c < cols; c++) {
      uint64_t pr = (uint64_t)lj[c] * row[c].v;
      l += (uint32_t)pr;
      h += pr >> 32;
    }
    lo[j] += l;
    hi[j] += h;
  }
}

/* F(x_i) = (Σ_c λ^c f_c(x_i) - sum_z)/(x_i - z) + λ^M (Σ_{c<W+4A} λ^c f_c(x_i) - sum_zw)/(x_i - zw),
 * the inverses taken per range (J->etmp: scratch); a zero x_i - z sets J->fail[task]. */
static void zka_st_deep_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  size_t i0 = zka_st_lo(J, J->N, task), i1 = zka_st_lo(J, J->N, task + 1);
  const size_t W = J->W, AW = J->AW, QW = J->QW, M = J->M;
  for (size_t i = i0; i < i1; i++) {
    J->inv_xz[i] = zka_st_esub(zka_st_ef(J->xs[i]), J->z);
    J->inv_xzw[i] = zka_st_esub(zka_st_ef(J->xs[i]), J->zw);
  }
  J->fail[task] = !zka_st_batch_inv_e(J->inv_xz + i0, i1 - i0, J->etmp + i0) ||
                  !zka_st_batch_inv_e(J->inv_xzw + i0, i1 - i0, J->etmp + i0);
  if (J->fail[task]) return;
  for (size_t i = i0; i < i1; i++) {
    uint64_t lo[4] = {0}, hi[4] = {0}, qlo[4] = {0}, qhi[4] = {0};
    zka_st_dot_lam(lo, hi, J->lamw, M, 0, J->main_rows + i * W, W);
    if (AW) zka_st_dot_lam(lo, hi, J->lamw, M, W, J->aux_rows + i * AW, AW);
    zka_st_dot_lam(qlo, qhi, J->lamw, M, W + AW, J->quot_rows + i * QW, QW);
    zka_st_e s_ma, s_q;
    for (int j = 0; j < 4; j++) {
      s_ma.c[j] = zka_st_fw(zka_st_lazy_fin(lo[j], hi[j]));
      s_q.c[j] = zka_st_fw(zka_st_lazy_fin(qlo[j], qhi[j]));
    }
    zka_st_e t1 = zka_st_emul(zka_st_esub(zka_st_eadd(s_ma, s_q), J->sum_z), J->inv_xz[i]);
    zka_st_e t2 = zka_st_emul(J->lam[M], zka_st_emul(zka_st_esub(s_ma, J->sum_zw), J->inv_xzw[i]));
    J->deep[i] = zka_st_eadd(t1, t2);
  }
}

/* ---- the prover --------------------------------------------------------------------------
 * Proof bytes (all u32 little-endian; field elements canonical, < p; E = 4 elements,
 * digest = 8 elements):
 *   "ZKAS" version log_blowup num_queries pow_bits log_final log_n n_tables
 *   per table: width n_inter
 *   main root | [aux root, E total per table with interactions, when any] | quotient root
 *   openings at z: main (W E), at z·w: main (W E), aux at z (4A E), aux at z·w (4A E),
 *     quotient chunks at z (4·QCHUNKS E)                  (A = aux extension columns)
 *   FRI: one root per round (zka_st_fri_rounds(R), R = max(0, log_n - log_final) binary
 *     folds, up to 3 per round), the final polynomial's K = 2^(log_n - R)
 *     coefficients (E, constant first), the grinding nonce
 *   per query: main leaf (W) + path (log N digests), aux leaf (4A) + path (when A > 0),
 *     quotient leaf (4·QCHUNKS) + path, then per FRI round k (a = its folds, M its first
 *     layer's size, G = M/2^a) the leaf i = idx mod G (2^a E: the values at i + j·G) + path
 *     (log G digests).
 * Transcript order: see stark_util.h (zka_st_tr_init) and the code below, which the
 * verifier mirrors step by step. */
zka_status zka_stark_prove(zka_engine *e, const zka_stark_params *prm,
                           const zka_air_table *const *tables,
                           const zka_babybear *const *traces, size_t n_tables, uint32_t log_n,
                           const zka_babybear *preamble, size_t n_preamble,
                           zka_stark_progress_fn progress, void *progress_user,
                           uint8_t **proof, size_t *proof_len, zka_ctx *ctx) {
  return zka_stark_prove_ext(e, prm, tables, traces, n_tables, log_n, preamble, n_preamble, NULL,
                             NULL, progress, progress_user, proof, proof_len, ctx);
}

zka_status zka_stark_prove_ext(zka_engine *e, const zka_stark_params *prm,
                               const zka_air_table *const *tables,
                               const zka_babybear *const *traces, size_t n_tables,
                               uint32_t log_n, const zka_babybear *preamble, size_t n_preamble,
                               zka_air_external_fn external, void *external_user,
                               zka_stark_progress_fn progress, void *progress_user,
                               uint8_t **proof, size_t *proof_len, zka_ctx *ctx) {
  if (!prm || !tables || !traces || !n_tables || !proof || !proof_len || (n_preamble && !preamble))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "stark prove: NULL argument or no table");
  *proof = NULL;
  *proof_len = 0;
  if (prm->log_blowup < ZKA_ST_MIN_LOG_BLOWUP || prm->log_blowup > ZKA_ST_MAX_LOG_BLOWUP ||
      prm->num_queries < 1 || prm->num_queries > ZKA_ST_MAX_QUERIES ||
      prm->pow_bits > ZKA_ST_MAX_POW_BITS || prm->log_final > ZKA_ST_MAX_LOG_FINAL)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "stark prove: params out of range (log_blowup %u in [%d,%d], queries %u, "
                     "pow_bits %u, log_final %u)",
                     prm->log_blowup, ZKA_ST_MIN_LOG_BLOWUP, ZKA_ST_MAX_LOG_BLOWUP,
                     prm->num_queries, prm->pow_bits, prm->log_final);
  if (log_n < 1 || log_n + prm->log_blowup > ZKA_NTT_MAX_LOG_N)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "stark prove: log_n %u out of range", log_n);
  for (size_t t = 0; t < n_tables; t++) {
    if (!zka_st_table_ok(tables[t]) || !traces[t])
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "stark prove: table %zu (%s) malformed or no trace",
                       t, tables[t] ? tables[t]->name : "?");
  }

  const uint32_t log_D = prm->log_blowup, log_N = log_n + log_D;
  const size_t n = (size_t)1 << log_n, D = (size_t)1 << log_D, N = (size_t)1 << log_N;
  const size_t QC = ZKA_ST_QCHUNKS, QW = 4 * QC;
  const zka_st_f g = zka_babybear_from_u64_ref(ZKA_ST_GEN);
  const zka_st_f w_n = zka_st_root(log_n), w_N = zka_st_root(log_N);

  zka_status st = ZKA_OK;
  zka_st_layout L;
  zka_st_w pw = {0};
  zka_st_tr tr;
  zka_st_f *main_coef = NULL, *main_rows = NULL, *aux_coef = NULL, *aux_rows = NULL;
  zka_st_f *quot_coef = NULL, *quot_rows = NULL, *tmp = NULL, *xs = NULL, *zh_inv = NULL;
  zka_st_f *l0 = NULL, *llast = NULL, *path = NULL, *num = NULL;
  zka_st_e *aux_tr = NULL, *den = NULL, *etmp = NULL, *q = NULL, *fcur = NULL, *fnext = NULL;
  zka_st_e *totals = NULL, *op_z = NULL, *op_zw = NULL, *lam = NULL;
  uint32_t *wscratch = NULL, *cpw = NULL, *cmat = NULL, *lamw = NULL, *zpow = NULL, *zwpow = NULL;
  size_t *bad_row = NULL, *bad_con = NULL, *tab_j0 = NULL;
  int *fail = NULL;
  zka_st_job J;
  memset(&J, 0, sizeof J);
  zka_merkle_tree *t_main = NULL, *t_aux = NULL, *t_quot = NULL, **t_fri = NULL;
  zka_st_f **fri_leaves = NULL;
  size_t max_nodes = 1, max_inter = 0;
  uint32_t R = log_n > prm->log_final ? log_n - prm->log_final : 0;
  size_t K = (size_t)1 << (log_n - R);

  if (!zka_st_layout_init(&L, tables, n_tables)) {
    zka_st_layout_free(&L);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark prove: layout");
  }
  const size_t W = L.W, A = L.A, AW = 4 * A;
  const size_t M = W + AW + QW; /* committed base columns */
  for (size_t t = 0; t < n_tables; t++) {
    if (tables[t]->n_nodes > max_nodes) max_nodes = tables[t]->n_nodes;
    if (tables[t]->n_inter > max_inter) max_inter = tables[t]->n_inter;
  }

#define ZKA_ST_ALLOC(p, count)                                                   \
  do {                                                                           \
    (p) = malloc(((count) + 1) * sizeof *(p));                       \
    if (!(p)) {                                                                  \
      st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark prove: out of memory");  \
      goto cleanup;                                                              \
    }                                                                            \
  } while (0)
#define ZKA_ST_TRY(expr)              \
  do {                                \
    st = (expr);                      \
    if (st != ZKA_OK) goto cleanup;   \
  } while (0)

  ZKA_ST_ALLOC(path, (size_t)(log_N + 1) * ZKA_ST_DIGEST);

  /* 0. The constraints hold on the trace (names the table, constraint and row if not). */
  zka_st_progress(progress, progress_user, "check");
  J.tables = tables;
  J.traces = traces;
  J.L = &L;
  J.n_tables = n_tables;
  J.n = n;
  J.N = N;
  J.D = D;
  J.W = W;
  J.AW = AW;
  J.QW = QW;
  J.M = M;
  J.max_nodes = max_nodes;
  /* At most 256 tasks of >= 256 LDE rows each; the trace steps (check, aux: n rows) and the
   * quotient (2n rows) split the same task count over their rows.  Each task has its own
   * node scratch (max_nodes x ZKA_ST_BLK words). */
  J.ntasks = N / 256 < 1 ? 1 : N / 256 > 256 ? 256 : N / 256;
  ZKA_ST_ALLOC(wscratch, J.ntasks * max_nodes * ZKA_ST_BLK);
  ZKA_ST_ALLOC(bad_row, J.ntasks);
  ZKA_ST_ALLOC(bad_con, J.ntasks);
  ZKA_ST_ALLOC(fail, J.ntasks);
  J.wscratch = wscratch;
  J.bad_row = bad_row;
  J.bad_con = bad_con;
  J.fail = fail;
  for (size_t t = 0; t < n_tables; t++) {
    const zka_air_table *T = tables[t];
    J.tab = t;
    zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_check_task, &J);
    for (size_t k = 0; k < J.ntasks; k++)
      if (bad_row[k] < n) {
        size_t c = bad_con[k], r = bad_row[k];
        st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "stark prove: table %s: constraint %zu (%s) does not hold at row %zu",
                       T->name, c, T->labels && T->labels[c] ? T->labels[c] : "-", r);
        goto cleanup;
      }
  }

  /* 1. Transcript and header. */
  zka_st_tr_init(&tr, prm, log_n, tables, n_tables, preamble, n_preamble);
  zka_st_w_u32(&pw, 0x53414b5au); /* "ZKAS" */
  zka_st_w_u32(&pw, ZKA_ST_VERSION);
  zka_st_w_u32(&pw, prm->log_blowup);
  zka_st_w_u32(&pw, prm->num_queries);
  zka_st_w_u32(&pw, prm->pow_bits);
  zka_st_w_u32(&pw, prm->log_final);
  zka_st_w_u32(&pw, log_n);
  zka_st_w_u32(&pw, (uint32_t)n_tables);
  for (size_t t = 0; t < n_tables; t++) {
    zka_st_w_u32(&pw, (uint32_t)tables[t]->width);
    zka_st_w_u32(&pw, (uint32_t)tables[t]->n_inter);
  }

  /* 2. Main trace: interpolate, extend, commit. */
  zka_st_progress(progress, progress_user, "main LDE");
  ZKA_ST_ALLOC(main_coef, W * n);
  for (size_t t = 0; t < n_tables; t++)
    zka_st_transpose(e, main_coef + L.col_off[t] * n, traces[t], n, tables[t]->width);
  ZKA_ST_TRY(zka_st_ntt(e, main_coef, log_n, W, 1, g, 0, ctx));
  ZKA_ST_TRY(zka_st_lde(e, &main_rows, main_coef, W, log_n, log_N, ctx));
  zka_st_progress(progress, progress_user, "main commit");
  zka_st_f root[ZKA_ST_DIGEST];
  ZKA_ST_TRY(zka_st_commit(e, &t_main, root, main_rows, W, N, ctx));
  zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
  zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
  zka_air_challenges ch;
  {
    zka_st_e alpha = zka_st_tr_sqe(&tr);
    zka_st_e beta = zka_st_tr_sqe(&tr);
    zka_air_challenges_init(&ch, alpha, beta);
  }

  /* 3. Aux trace (LogUp helper columns and running sums). */
  ZKA_ST_ALLOC(totals, n_tables);
  for (size_t t = 0; t < n_tables; t++) totals[t] = zka_st_ezero();
  if (A) {
    zka_st_progress(progress, progress_user, "aux");
    ZKA_ST_ALLOC(aux_tr, n * A);
    ZKA_ST_ALLOC(den, n * (max_inter ? max_inter : 1));
    ZKA_ST_ALLOC(etmp, n * (max_inter ? max_inter : 1));
    ZKA_ST_ALLOC(num, n * (max_inter ? max_inter : 1));
    J.num = num;
    J.ch = &ch;
    J.aux_tr = aux_tr;
    J.den = den;
    J.dtmp = etmp;
    for (size_t t = 0; t < n_tables; t++) {
      const zka_air_table *T = tables[t];
      size_t k_n = T->n_inter, a0 = L.aux_off[t], ng = L.n_grp[t];
      if (!k_n) continue;
      J.tab = t;
      J.k_n = k_n;
      zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_aux_task, &J);
      for (size_t k = 0; k < J.ntasks; k++)
        if (fail[k]) {
          st = zka_error(ctx, ZKA_ERR_INTERNAL,
                         "stark prove: table %s: alpha hit a bus fingerprint", T->name);
          goto cleanup;
        }
      zka_st_e s = zka_st_ezero();
      for (size_t r = 0; r < n; r++) {
        zka_st_e *row = aux_tr + r * A + a0;
        for (size_t k = 0; k < ng; k++) s = zka_st_eadd(s, row[k]);
        row[ng] = s;
      }
      totals[t] = s;
    }
    free(den);
    free(etmp);
    free(num);
    den = etmp = NULL;
    num = NULL;
    /* The verifier's check, now, rather than a proof it would refuse: Σ totals + the
     * external sum = 0 (a cheap sum over the external tuples). */
    if (external) {
      zka_st_ext_acc ea;
      ea.ch = &ch;
      ea.sum = zka_st_ezero();
      ea.bad = 0;
      st = external(external_user, zka_st_ext_emit, &ea, ctx);
      if (st != ZKA_OK) goto cleanup;
      zka_st_e sum = ea.sum;
      for (size_t t = 0; t < n_tables; t++) sum = zka_st_eadd(sum, totals[t]);
      if (ea.bad || !zka_babybear4_is_zero_ref(sum)) {
        st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "stark prove: the buses do not balance against the verifier's side "
                       "(the tables and the claims disagree; ZKA_ZKVM_CHECK=1 names the tuples)");
        goto cleanup;
      }
    }
    /* Extension columns as 4 base columns each: base column 4c + j = component j of c. */
    zka_st_progress(progress, progress_user, "aux LDE");
    ZKA_ST_ALLOC(aux_coef, AW * n);
    zka_st_transpose(e, aux_coef, (const zka_st_f *)aux_tr, n, AW);
    free(aux_tr);
    aux_tr = NULL;
    ZKA_ST_TRY(zka_st_ntt(e, aux_coef, log_n, AW, 1, g, 0, ctx));
    ZKA_ST_TRY(zka_st_lde(e, &aux_rows, aux_coef, AW, log_n, log_N, ctx));
    zka_st_progress(progress, progress_user, "aux commit");
    ZKA_ST_TRY(zka_st_commit(e, &t_aux, root, aux_rows, AW, N, ctx));
    zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
    zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
    for (size_t t = 0; t < n_tables; t++)
      if (tables[t]->n_inter) {
        zka_st_w_e(&pw, totals[t]);
        zka_st_tr_e(&tr, totals[t]);
      }
  }
  const zka_st_e comb = zka_st_tr_sqe(&tr);

  /* 4. Quotient on the LDE coset: Q = (Horner over all constraints in order, combiner) / Z_H. */
  zka_st_progress(progress, progress_user, "quotient");
  ZKA_ST_ALLOC(xs, N);
  ZKA_ST_ALLOC(zh_inv, N);
  ZKA_ST_ALLOC(l0, N);
  ZKA_ST_ALLOC(llast, N);
  ZKA_ST_ALLOC(tmp, N);
  {
    /* x^n on the coset takes D values, g^n·w_D^(i mod D); so does Z_H = x^n - 1 (never 0:
     * g^n has order (p-1)/n, which does not divide D).  L_0 = Z_H/(n(x - 1)),
     * L_{n-1} = Z_H/(n(w_n·x - 1)). */
    zka_st_f zh[1u << ZKA_ST_MAX_LOG_BLOWUP], zhi[1u << ZKA_ST_MAX_LOG_BLOWUP], x = g;
    zka_st_f c = zka_babybear_pow_u64_ref(g, n), wD = zka_st_root(log_D);
    const zka_st_f nf = zka_babybear_from_u64_ref(n), one = zka_babybear_one_ref();
    for (size_t i = 0; i < D; i++) {
      zh[i] = zka_babybear_sub_ref(c, one);
      zhi[i] = zka_babybear_inv_ref(zh[i]);
      c = zka_babybear_mul_ref(c, wD);
    }
    for (size_t i = 0; i < N; i++) {
      xs[i] = x;
      l0[i] = zka_babybear_mul_ref(zka_babybear_sub_ref(x, one), nf);
      llast[i] = zka_babybear_mul_ref(zka_babybear_sub_ref(zka_babybear_mul_ref(x, w_n), one), nf);
      x = zka_babybear_mul_ref(x, w_N);
    }
    if (!zka_st_batch_inv_f(l0, N, tmp) || !zka_st_batch_inv_f(llast, N, tmp)) {
      st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: LDE coset meets H");
      goto cleanup;
    }
    for (size_t i = 0; i < N; i++) {
      l0[i] = zka_babybear_mul_ref(l0[i], zh[i & (D - 1)]);
      llast[i] = zka_babybear_mul_ref(llast[i], zh[i & (D - 1)]);
      zh_inv[i] = zhi[i & (D - 1)];
    }
  }
  ZKA_ST_ALLOC(q, N);
  {
    /* The combiner's powers, comb^(n_comb - 1 - j) for constraint j of stark_util.h's order:
     * the Horner sum acc = acc·comb + C_j written as Σ_j comb^(n_comb-1-j)·C_j. */
    size_t nc = 0;
    ZKA_ST_ALLOC(tab_j0, n_tables);
    for (size_t t = 0; t < n_tables; t++) {
      tab_j0[t] = nc;
      nc += tables[t]->n_constraints + (L.n_grp[t] ? L.n_grp[t] + 3 : 0);
    }
    ZKA_ST_ALLOC(cpw, 4 * nc);
    ZKA_ST_ALLOC(cmat, 16 * nc);
    zka_st_e pw_c = zka_st_eone();
    for (size_t j = nc; j-- > 0;) {
      for (size_t k = 0; k < 4; k++) cpw[k * nc + j] = pw_c.c[k].v;
      zka_st_emat(cmat + 16 * j, pw_c);
      pw_c = zka_st_emul(pw_c, comb);
    }
    J.n_comb = nc;
  }
  J.tab_j0 = tab_j0;
  J.cmat = cmat;
  J.cpw = cpw;
  J.main_rows = main_rows;
  J.aux_rows = aux_rows;
  J.l0 = l0;
  J.llast = llast;
  J.zh_inv = zh_inv;
  J.totals = totals;
  J.ch = &ch;
  J.q = q;
  /* Q has degree < QC·n, so its values on Nq >= QC·n points determine it: the coset
   * g·<w_Nq>, which is the LDE rows k·(N/Nq), and the "next row" x·w_n of such a row is
   * again one (N/Nq divides D).  Interpolating there gives the same coefficients as on the
   * whole LDE domain, for N/Nq times less constraint evaluation. */
  uint32_t log_q = 0;
  while (((size_t)1 << log_q) < QC) log_q++;
  const size_t Nq = n << log_q;
  J.Nq = Nq;
  J.qstride = N / Nq;
  zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_quot_task, &J);
  /* Coefficients of Q; chunk k = coefficients [k·n, (k+1)·n). */
  zka_st_progress(progress, progress_user, "quotient LDE");
  ZKA_ST_ALLOC(quot_coef, 4 * Nq);
  zka_st_transpose(e, quot_coef, (const zka_st_f *)q, Nq, 4);
  ZKA_ST_TRY(zka_st_ntt(e, quot_coef, log_n + log_q, 4, 1, g, 1, ctx));
  {
    /* Self-check (the trace passed step 0, so Q is a polynomial unless this prover is
     * wrong): coefficients beyond QC·n vanish, and Q from its coefficients at LDE row 1,
     * which the interpolation did not use, equals C/Z_H evaluated there. */
    int ok = 1;
    for (size_t j = 0; j < 4; j++)
      for (size_t i = QC * n; i < Nq; i++) ok &= zka_babybear_is_zero_ref(quot_coef[j * Nq + i]);
    zka_st_e direct, horner = zka_st_ezero();
    zka_st_quot_rows(&J, wscratch, 0, 1, 1, 1, &direct);
    for (size_t i = QC * n; i-- > 0;) {
      horner = zka_st_emulf(horner, xs[1]);
      for (size_t j = 0; j < 4; j++)
        horner.c[j] = zka_babybear_add_ref(horner.c[j], quot_coef[j * Nq + i]);
    }
    if (!ok || !zka_babybear4_eq_ref(horner, direct)) {
      st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                     "stark prove: the quotient is not of low degree (a constraint or a bus "
                     "check does not hold)");
      goto cleanup;
    }
  }
  {
    /* Rearrange to columns 4k + j (chunk k, component j), n coefficients each. */
    zka_st_f *qc = NULL;
    ZKA_ST_ALLOC(qc, QW * n);
    for (size_t k = 0; k < QC; k++)
      for (size_t j = 0; j < 4; j++) memcpy(qc + (4 * k + j) * n, quot_coef + j * Nq + k * n, n * sizeof *qc);
    free(quot_coef);
    quot_coef = qc;
  }
  ZKA_ST_TRY(zka_st_lde(e, &quot_rows, quot_coef, QW, log_n, log_N, ctx));
  zka_st_progress(progress, progress_user, "quotient commit");
  ZKA_ST_TRY(zka_st_commit(e, &t_quot, root, quot_rows, QW, N, ctx));
  zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
  zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
  const zka_st_e z = zka_st_draw_z(&tr, log_n, log_N);
  const zka_st_e zw = zka_st_emulf(z, w_n);

  /* 5. Openings at z and z·w_n. */
  zka_st_progress(progress, progress_user, "openings");
  ZKA_ST_ALLOC(zpow, 4 * n);
  ZKA_ST_ALLOC(zwpow, 4 * n);
  ZKA_ST_ALLOC(op_z, M);
  ZKA_ST_ALLOC(op_zw, W + AW);
  {
    /* z^k and (z·w)^k as 4 x n words (component-major) for the lazy dot products. */
    zka_st_e a = zka_st_eone(), b = zka_st_eone();
    for (size_t k = 0; k < n; k++) {
      for (size_t j = 0; j < 4; j++) {
        zpow[j * n + k] = a.c[j].v;
        zwpow[j * n + k] = b.c[j].v;
      }
      a = zka_st_emul(a, z);
      b = zka_st_emul(b, zw);
    }
  }
  J.main_coef = main_coef;
  J.aux_coef = aux_coef;
  J.quot_coef = quot_coef;
  J.zpw = zpow;
  J.zwpw = zwpow;
  J.op_z = op_z;
  J.op_zw = op_zw;
  zka_threadpool_parallel_for(e ? e->pool : NULL, M, zka_st_open_task, &J);
  for (size_t c = 0; c < W; c++) zka_st_w_e(&pw, op_z[c]);
  for (size_t c = 0; c < W; c++) zka_st_w_e(&pw, op_zw[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_w_e(&pw, op_z[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_w_e(&pw, op_zw[c]);
  for (size_t c = W + AW; c < M; c++) zka_st_w_e(&pw, op_z[c]);
  for (size_t c = 0; c < W; c++) zka_st_tr_e(&tr, op_z[c]);
  for (size_t c = 0; c < W; c++) zka_st_tr_e(&tr, op_zw[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_tr_e(&tr, op_z[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_tr_e(&tr, op_zw[c]);
  for (size_t c = W + AW; c < M; c++) zka_st_tr_e(&tr, op_z[c]);
  const zka_st_e lambda = zka_st_tr_sqe(&tr);
  /* The coefficients and the quotient's selectors are no longer needed (peak memory). */
  free(main_coef);
  free(aux_coef);
  free(quot_coef);
  free(l0);
  free(llast);
  free(zh_inv);
  free(tmp);
  main_coef = aux_coef = quot_coef = l0 = llast = zh_inv = tmp = NULL;

  /* 6. DEEP composition F(x) = (Σ_c λ^c f_c(x) - Σ_c λ^c f_c(z))/(x - z)
   *                          + λ^M (Σ_{c<W+4A} λ^c f_c(x) - Σ λ^c f_c(zw))/(x - zw). */
  zka_st_progress(progress, progress_user, "DEEP");
  ZKA_ST_ALLOC(lam, M + 1);
  lam[0] = zka_st_eone();
  for (size_t c = 1; c <= M; c++) lam[c] = zka_st_emul(lam[c - 1], lambda);
  zka_st_e sum_z = zka_st_ezero(), sum_zw = zka_st_ezero();
  for (size_t c = 0; c < M; c++) sum_z = zka_st_eadd(sum_z, zka_st_emul(lam[c], op_z[c]));
  for (size_t c = 0; c < W + AW; c++) sum_zw = zka_st_eadd(sum_zw, zka_st_emul(lam[c], op_zw[c]));
  ZKA_ST_ALLOC(lamw, 4 * M);
  for (size_t c = 0; c < M; c++)
    for (size_t j = 0; j < 4; j++) lamw[j * M + c] = lam[c].c[j].v;
  ZKA_ST_ALLOC(fcur, N);
  ZKA_ST_ALLOC(fnext, N);
  free(etmp);
  etmp = NULL;
  ZKA_ST_ALLOC(etmp, N);
  J.xs = xs;
  J.z = z;
  J.zw = zw;
  J.etmp = etmp;
  J.quot_rows = quot_rows;
  J.lam = lam;
  J.lamw = lamw;
  J.sum_z = sum_z;
  J.sum_zw = sum_zw;
  J.inv_xz = fcur;
  J.inv_xzw = fnext;
  J.deep = q; /* q (N extension elements) is free again */
  zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_deep_task, &J);
  for (size_t k = 0; k < J.ntasks; k++)
    if (fail[k]) {
      st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: z on the LDE coset");
      goto cleanup;
    }
  {
    zka_st_e *sw = fcur;
    fcur = q;
    q = sw;
  }

  /* 7. FRI: rounds of up to ZKA_ST_FRI_LOG_ARITY binary folds; each commits its first layer
   * in leaves of 2^a values (i + k·G), draws one beta per fold, then folds a times. */
  zka_st_progress(progress, progress_user, "FRI");
  const uint32_t RR = zka_st_fri_rounds(R);
  t_fri = calloc(RR ? RR : 1, sizeof *t_fri);
  fri_leaves = calloc(RR ? RR : 1, sizeof *fri_leaves);
  if (!t_fri || !fri_leaves) {
    st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark prove: FRI");
    goto cleanup;
  }
  {
    zka_st_f shift = g;
    const zka_st_f inv2 = zka_babybear_inv_ref(zka_babybear_from_u64_ref(2));
    uint32_t r = 0; /* binary folds so far */
    for (uint32_t k = 0; k < RR; k++) {
      const uint32_t a = zka_st_fri_bits(R, k);
      const size_t group = (size_t)1 << a, G = (N >> r) >> a, lw = 4 * group;
      ZKA_ST_ALLOC(fri_leaves[k], G * lw);
      for (size_t i = 0; i < G; i++)
        for (size_t j = 0; j < group; j++)
          memcpy(fri_leaves[k] + i * lw + 4 * j, fcur[i + j * G].c, sizeof fcur[i].c);
      ZKA_ST_TRY(zka_st_commit(e, &t_fri[k], root, fri_leaves[k], lw, G, ctx));
      zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
      zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
      zka_st_e fb[ZKA_ST_FRI_LOG_ARITY];
      for (uint32_t s = 0; s < a; s++) fb[s] = zka_st_tr_sqe(&tr);
      for (uint32_t s = 0; s < a; s++, r++) {
        /* f'(x^2) = (f(x) + f(-x))/2 + beta·(f(x) - f(-x))/(2x); x = shift·w_Nr^i. */
        const size_t half = (N >> r) / 2;
        zka_st_f wr = zka_st_root(log_N - r);
        zka_st_f xinv = zka_babybear_inv_ref(shift), winv = zka_babybear_inv_ref(wr);
        for (size_t i = 0; i < half; i++) {
          zka_st_e lo = fcur[i], hi = fcur[i + half];
          zka_st_e ev = zka_st_emulf(zka_st_eadd(lo, hi), inv2);
          zka_st_e od = zka_st_emulf(zka_st_esub(lo, hi), zka_babybear_mul_ref(inv2, xinv));
          fnext[i] = zka_st_eadd(ev, zka_st_emul(fb[s], od));
          xinv = zka_babybear_mul_ref(xinv, winv);
        }
        zka_st_e *sw = fcur;
        fcur = fnext;
        fnext = sw;
        shift = zka_babybear_sqr_ref(shift);
      }
    }
    /* Final layer: N_R evaluations on shift·<w_{N_R}> -> K coefficients. */
    size_t NR = N >> R;
    zka_st_f *fc = (zka_st_f *)fnext; /* reuse: 4·NR base elements fit in NR extension ones */
    zka_st_transpose(e, fc, (const zka_st_f *)fcur, NR, 4);
    ZKA_ST_TRY(zka_st_ntt(e, fc, log_N - R, 4, 1, shift, 1, ctx));
    for (size_t j = 0; j < 4; j++)
      for (size_t i = K; i < NR; i++)
        if (!zka_babybear_is_zero_ref(fc[j * NR + i])) {
          st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: FRI final layer too large a degree");
          goto cleanup;
        }
    for (size_t i = 0; i < K; i++) {
      zka_st_e cf;
      for (size_t j = 0; j < 4; j++) cf.c[j] = fc[j * NR + i];
      zka_st_w_e(&pw, cf);
      zka_st_tr_e(&tr, cf);
    }
  }

  /* 8. Grinding: the smallest nonce that passes (zka_st_tr_pow_ok). */
  zka_st_progress(progress, progress_user, "grinding");
  {
    uint32_t nonce = 0;
    for (;; nonce++) {
      zka_st_tr probe = tr;
      if (zka_st_tr_pow_ok(&probe, nonce, prm->pow_bits)) break;
      if (nonce >= ZKA_ST_P - 1) {
        st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: no grinding nonce");
        goto cleanup;
      }
    }
    (void)zka_st_tr_pow_ok(&tr, nonce, prm->pow_bits);
    zka_st_w_u32(&pw, nonce);
  }

  /* 9. Queries. */
  zka_st_progress(progress, progress_user, "queries");
  for (uint32_t qi = 0; qi < prm->num_queries; qi++) {
    size_t idx = zka_st_tr_bits(&tr, log_N);
    ZKA_ST_TRY(zka_st_w_open(&pw, t_main, main_rows + idx * W, W, idx, path, ctx));
    if (A) ZKA_ST_TRY(zka_st_w_open(&pw, t_aux, aux_rows + idx * AW, AW, idx, path, ctx));
    ZKA_ST_TRY(zka_st_w_open(&pw, t_quot, quot_rows + idx * QW, QW, idx, path, ctx));
    for (uint32_t k = 0, r = 0; k < RR; r += zka_st_fri_bits(R, k), k++) {
      const uint32_t a = zka_st_fri_bits(R, k);
      const size_t G = (N >> r) >> a, lw = (size_t)4 << a, leaf = idx & (G - 1);
      ZKA_ST_TRY(zka_st_w_open(&pw, t_fri[k], fri_leaves[k] + leaf * lw, lw, leaf, path, ctx));
      idx = leaf;
    }
  }
  if (pw.oom) {
    st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark prove: proof buffer");
    goto cleanup;
  }
  *proof = pw.p;
  *proof_len = pw.len;
  pw.p = NULL;
  zka_st_progress(progress, progress_user, "done");

cleanup:
  free(pw.p);
  free(main_coef);
  free(main_rows);
  free(aux_coef);
  free(aux_rows);
  free(quot_coef);
  free(quot_rows);
  free(tmp);
  free(xs);
  free(zh_inv);
  free(l0);
  free(llast);
  free(path);
  free(aux_tr);
  free(den);
  free(etmp);
  free(num);
  free(q);
  free(fcur);
  free(fnext);
  free(totals);
  free(zpow);
  free(zwpow);
  free(op_z);
  free(op_zw);
  free(lam);
  free(wscratch);
  free(cpw);
  free(cmat);
  free(lamw);
  free(bad_row);
  free(bad_con);
  free(tab_j0);
  free(fail);
  zka_merkle_destroy(t_main);
  zka_merkle_destroy(t_aux);
  zka_merkle_destroy(t_quot);
  for (uint32_t k = 0; k < zka_st_fri_rounds(R); k++) {
    if (t_fri) zka_merkle_destroy(t_fri[k]);
    if (fri_leaves) free(fri_leaves[k]);
  }
  free(t_fri);
  free(fri_leaves);
  zka_st_layout_free(&L);
  return st;
#undef ZKA_ST_ALLOC
#undef ZKA_ST_TRY
}
