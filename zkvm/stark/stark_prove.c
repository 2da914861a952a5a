/* stark_prove.c — the STARK prover of stark.h (protocol and proof format: see stark.h and the
 * comment before zka_stark_prove).  Variable-time: provers need not be constant-time. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

/* Row-major rows x cols -> column-major. */
static void zka_st_transpose(zka_st_f *dst, const zka_st_f *src, size_t rows, size_t cols) {
  for (size_t r = 0; r < rows; r++)
    for (size_t c = 0; c < cols; c++) dst[c * rows + r] = src[r * cols + c];
}

/* Coefficients (column-major, cols x n) -> evaluations on the LDE coset g·<w_N>, row-major
 * N x cols (*rows_out, malloc'd).  Columns go through the NTT in groups of about 16 MiB so
 * the column-major scratch stays small next to the N x cols result. */
static zka_status zka_st_lde(zka_engine *e, zka_st_f **rows_out, const zka_st_f *coef, size_t cols,
                             uint32_t log_n, uint32_t log_N, zka_ctx *ctx) {
  size_t n = (size_t)1 << log_n, N = (size_t)1 << log_N;
  size_t group = ((size_t)4 << 20) / N;
  if (group < 1) group = 1;
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
    memset(buf, 0, gc * N * sizeof *buf);
    for (size_t c = 0; c < gc; c++) memcpy(buf + c * N, coef + (c0 + c) * n, n * sizeof *buf);
    st = zka_st_ntt(e, buf, log_N, gc, 0, zka_babybear_from_u64_ref(ZKA_ST_GEN), 1, ctx);
    if (st != ZKA_OK) break;
    for (size_t i = 0; i < N; i++)
      for (size_t c = 0; c < gc; c++) rows[i * cols + c0 + c] = buf[c * N + i];
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

/* ---- the loops that run on the engine's CPU worker threads --------------------------------
 * Each task writes a disjoint range of the output, so the result does not depend on the
 * thread count. */
typedef struct {
  const zka_air_table *const *tables;
  const zka_st_layout *L;
  size_t n_tables, n, N, D, W, AW, QW, M, ntasks, max_nodes;
  const zka_st_f *main_rows, *aux_rows, *quot_rows, *l0, *llast, *zh_inv;
  const zka_st_e *totals;
  const zka_air_challenges *ch;
  zka_st_e comb;
  zka_st_f *scratch; /* ntasks x max_nodes */
  zka_st_e *q;
  const zka_st_f *main_coef, *aux_coef, *quot_coef;
  const zka_st_e *zpow, *zwpow;
  zka_st_e *op_z, *op_zw;
  const zka_st_e *lam, *inv_xz, *inv_xzw;
  zka_st_e sum_z, sum_zw;
  zka_st_e *deep;
} zka_st_job;

/* Q(x_i) = (Horner over every constraint, stark_util.h's order) / Z_H(x_i). */
static void zka_st_quot_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  zka_st_f *vals = J->scratch + task * J->max_nodes;
  size_t i0 = task * J->N / J->ntasks, i1 = (task + 1) * J->N / J->ntasks;
  const size_t W = J->W, AW = J->AW;
  for (size_t i = i0; i < i1; i++) {
    zka_st_e acc = zka_st_ezero();
    size_t inext = (i + J->D) & (J->N - 1);
    zka_st_f trans = zka_babybear_sub_ref(zka_babybear_one_ref(), J->llast[i]);
    for (size_t t = 0; t < J->n_tables; t++) {
      const zka_air_table *T = J->tables[t];
      zka_air_eval_row(T, vals, J->main_rows + i * W + J->L->col_off[t],
                       J->main_rows + inext * W + J->L->col_off[t], J->l0[i], J->llast[i], trans);
      for (size_t c = 0; c < T->n_constraints; c++) {
        acc = zka_st_emul(acc, J->comb);
        acc.c[0] = zka_babybear_add_ref(acc.c[0], vals[T->constraints[c]]);
      }
      if (!T->n_inter) continue;
      const zka_st_e *h = (const zka_st_e *)(J->aux_rows + i * AW) + J->L->aux_off[t];
      const zka_st_e *hn = (const zka_st_e *)(J->aux_rows + inext * AW) + J->L->aux_off[t];
      zka_st_e sum = zka_st_ezero(), sumn = zka_st_ezero();
      for (size_t k = 0; k < T->n_inter; k++) {
        const zka_air_interaction *in = &T->inter[k];
        zka_st_f tv[ZKA_AIR_MAX_TUPLE];
        for (uint32_t v = 0; v < in->n; v++) tv[v] = vals[in->vals[v]];
        zka_st_e dk = zka_air_denominator(J->ch, in->bus, tv, in->n);
        zka_st_f m = vals[in->mult];
        zka_st_e cval = zka_st_emul(h[k], dk);
        cval.c[0] = in->sign < 0 ? zka_babybear_add_ref(cval.c[0], m) : zka_babybear_sub_ref(cval.c[0], m);
        acc = zka_st_eadd(zka_st_emul(acc, J->comb), cval);
        sum = zka_st_eadd(sum, h[k]);
        sumn = zka_st_eadd(sumn, hn[k]);
      }
      size_t kn = T->n_inter;
      acc = zka_st_eadd(zka_st_emul(acc, J->comb), zka_st_emulf(zka_st_esub(h[kn], sum), J->l0[i]));
      acc = zka_st_eadd(zka_st_emul(acc, J->comb),
                        zka_st_emulf(zka_st_esub(zka_st_esub(hn[kn], h[kn]), sumn), trans));
      acc = zka_st_eadd(zka_st_emul(acc, J->comb),
                        zka_st_emulf(zka_st_esub(h[kn], J->totals[t]), J->llast[i]));
    }
    J->q[i] = zka_st_emulf(acc, J->zh_inv[i]);
  }
}

/* Column `task` at z (and at z·w for main and aux): Σ_k coef_k·z^k. */
static void zka_st_open_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  size_t c = task, n = J->n, W = J->W, AW = J->AW;
  const zka_st_f *cf = c < W ? J->main_coef + c * n
                     : c < W + AW ? J->aux_coef + (c - W) * n : J->quot_coef + (c - W - AW) * n;
  zka_st_e a = zka_st_ezero();
  for (size_t k = 0; k < n; k++) a = zka_st_eadd(a, zka_st_emulf(J->zpow[k], cf[k]));
  J->op_z[c] = a;
  if (c < W + AW) {
    zka_st_e b = zka_st_ezero();
    for (size_t k = 0; k < n; k++) b = zka_st_eadd(b, zka_st_emulf(J->zwpow[k], cf[k]));
    J->op_zw[c] = b;
  }
}

/* F(x_i) = (Σ_c λ^c f_c(x_i) - sum_z)/(x_i - z) + λ^M (Σ_{c<W+4A} λ^c f_c(x_i) - sum_zw)/(x_i - zw). */
static void zka_st_deep_task(void *arg, size_t task) {
  const zka_st_job *J = arg;
  size_t i0 = task * J->N / J->ntasks, i1 = (task + 1) * J->N / J->ntasks;
  const size_t W = J->W, AW = J->AW, QW = J->QW;
  for (size_t i = i0; i < i1; i++) {
    zka_st_e s_ma = zka_st_ezero(), s_q = zka_st_ezero();
    for (size_t c = 0; c < W; c++) s_ma = zka_st_eadd(s_ma, zka_st_emulf(J->lam[c], J->main_rows[i * W + c]));
    for (size_t c = 0; c < AW; c++)
      s_ma = zka_st_eadd(s_ma, zka_st_emulf(J->lam[W + c], J->aux_rows[i * AW + c]));
    for (size_t c = 0; c < QW; c++)
      s_q = zka_st_eadd(s_q, zka_st_emulf(J->lam[W + AW + c], J->quot_rows[i * QW + c]));
    zka_st_e t1 = zka_st_emul(zka_st_esub(zka_st_eadd(s_ma, s_q), J->sum_z), J->inv_xz[i]);
    zka_st_e t2 = zka_st_emul(J->lam[J->M], zka_st_emul(zka_st_esub(s_ma, J->sum_zw), J->inv_xzw[i]));
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
 *   FRI: R roots (R = max(0, log_n - log_final)), the final polynomial's K = 2^(log_n - R)
 *     coefficients (E, constant first), the grinding nonce
 *   per query: main leaf (W) + path (log N digests), aux leaf (4A) + path (when A > 0),
 *     quotient leaf (4·QCHUNKS) + path, then per FRI round r the pair leaf (2 E: the
 *     values at i and i + N_r/2) + path (log N_r - 1 digests).
 * Transcript order: see stark_util.h (zka_st_tr_init) and the code below, which the
 * verifier mirrors step by step. */
zka_status zka_stark_prove(zka_engine *e, const zka_stark_params *prm,
                           const zka_air_table *const *tables,
                           const zka_babybear *const *traces, size_t n_tables, uint32_t log_n,
                           const zka_babybear *preamble, size_t n_preamble,
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
  zka_st_f *l0 = NULL, *llast = NULL, *vals = NULL, *path = NULL;
  zka_st_e *aux_tr = NULL, *den = NULL, *etmp = NULL, *q = NULL, *fcur = NULL, *fnext = NULL;
  zka_st_e *totals = NULL, *zpow = NULL, *zwpow = NULL, *op_z = NULL, *op_zw = NULL, *lam = NULL;
  zka_st_f *mult = NULL, *scratch = NULL;
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

  ZKA_ST_ALLOC(vals, max_nodes);
  ZKA_ST_ALLOC(path, (size_t)(log_N + 1) * ZKA_ST_DIGEST);

  /* 0. The constraints hold on the trace (names the table, constraint and row if not). */
  zka_st_progress(progress, progress_user, "check");
  for (size_t t = 0; t < n_tables; t++) {
    const zka_air_table *T = tables[t];
    for (size_t r = 0; r < n; r++) {
      zka_air_eval_row(T, vals, traces[t] + r * T->width, traces[t] + ((r + 1) & (n - 1)) * T->width,
                       r == 0 ? zka_babybear_one_ref() : zka_babybear_zero_ref(),
                       r == n - 1 ? zka_babybear_one_ref() : zka_babybear_zero_ref(),
                       r != n - 1 ? zka_babybear_one_ref() : zka_babybear_zero_ref());
      for (size_t c = 0; c < T->n_constraints; c++)
        if (!zka_babybear_is_zero_ref(vals[T->constraints[c]])) {
          st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                         "stark prove: table %s: constraint %zu (%s) does not hold at row %zu",
                         T->name, c, T->labels && T->labels[c] ? T->labels[c] : "-", r);
          goto cleanup;
        }
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
    zka_st_transpose(main_coef + L.col_off[t] * n, traces[t], n, tables[t]->width);
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
    ZKA_ST_ALLOC(mult, n * (max_inter ? max_inter : 1));
    for (size_t t = 0; t < n_tables; t++) {
      const zka_air_table *T = tables[t];
      size_t k_n = T->n_inter, a0 = L.aux_off[t];
      if (!k_n) continue;
      for (size_t r = 0; r < n; r++) {
        zka_air_eval_row(T, vals, traces[t] + r * T->width, traces[t] + ((r + 1) & (n - 1)) * T->width,
                         r == 0 ? zka_babybear_one_ref() : zka_babybear_zero_ref(),
                         r == n - 1 ? zka_babybear_one_ref() : zka_babybear_zero_ref(),
                         r != n - 1 ? zka_babybear_one_ref() : zka_babybear_zero_ref());
        for (size_t k = 0; k < k_n; k++) {
          const zka_air_interaction *in = &T->inter[k];
          zka_st_f tv[ZKA_AIR_MAX_TUPLE];
          for (uint32_t v = 0; v < in->n; v++) tv[v] = vals[in->vals[v]];
          den[r * k_n + k] = zka_air_denominator(&ch, in->bus, tv, in->n);
          zka_st_f m = vals[in->mult];
          mult[r * k_n + k] = in->sign < 0 ? zka_babybear_neg_ref(m) : m;
        }
      }
      if (!zka_st_batch_inv_e(den, n * k_n, etmp)) {
        st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: table %s: alpha hit a bus fingerprint",
                       T->name);
        goto cleanup;
      }
      zka_st_e s = zka_st_ezero();
      for (size_t r = 0; r < n; r++) {
        zka_st_e *row = aux_tr + r * A + a0;
        for (size_t k = 0; k < k_n; k++) {
          row[k] = zka_st_emulf(den[r * k_n + k], mult[r * k_n + k]);
          s = zka_st_eadd(s, row[k]);
        }
        row[k_n] = s;
      }
      totals[t] = s;
    }
    /* Extension columns as 4 base columns each: base column 4c + j = component j of c. */
    ZKA_ST_ALLOC(aux_coef, AW * n);
    zka_st_transpose(aux_coef, (const zka_st_f *)aux_tr, n, AW);
    ZKA_ST_TRY(zka_st_ntt(e, aux_coef, log_n, AW, 1, g, 0, ctx));
    ZKA_ST_TRY(zka_st_lde(e, &aux_rows, aux_coef, AW, log_n, log_N, ctx));
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
  J.tables = tables;
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
  J.ntasks = N / 256 < 1 ? 1 : N / 256 > 256 ? 256 : N / 256;
  J.main_rows = main_rows;
  J.aux_rows = aux_rows;
  J.l0 = l0;
  J.llast = llast;
  J.zh_inv = zh_inv;
  J.totals = totals;
  J.ch = &ch;
  J.comb = comb;
  J.q = q;
  ZKA_ST_ALLOC(scratch, J.ntasks * max_nodes);
  J.scratch = scratch;
  zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_quot_task, &J);
  /* Coefficients of Q; chunk k = coefficients [k·n, (k+1)·n). */
  ZKA_ST_ALLOC(quot_coef, 4 * N);
  zka_st_transpose(quot_coef, (const zka_st_f *)q, N, 4);
  ZKA_ST_TRY(zka_st_ntt(e, quot_coef, log_N, 4, 1, g, 1, ctx));
  for (size_t j = 0; j < 4; j++)
    for (size_t i = QC * n; i < N; i++)
      if (!zka_babybear_is_zero_ref(quot_coef[j * N + i])) {
        st = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT,
                       "stark prove: the quotient is not of low degree (a constraint or a bus "
                       "check does not hold)");
        goto cleanup;
      }
  {
    /* Rearrange to columns 4k + j (chunk k, component j), n coefficients each. */
    zka_st_f *qc = NULL;
    ZKA_ST_ALLOC(qc, QW * n);
    for (size_t k = 0; k < QC; k++)
      for (size_t j = 0; j < 4; j++) memcpy(qc + (4 * k + j) * n, quot_coef + j * N + k * n, n * sizeof *qc);
    free(quot_coef);
    quot_coef = qc;
  }
  ZKA_ST_TRY(zka_st_lde(e, &quot_rows, quot_coef, QW, log_n, log_N, ctx));
  ZKA_ST_TRY(zka_st_commit(e, &t_quot, root, quot_rows, QW, N, ctx));
  zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
  zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
  const zka_st_e z = zka_st_draw_z(&tr, log_n, log_N);
  const zka_st_e zw = zka_st_emulf(z, w_n);

  /* 5. Openings at z and z·w_n. */
  zka_st_progress(progress, progress_user, "openings");
  ZKA_ST_ALLOC(zpow, n);
  ZKA_ST_ALLOC(zwpow, n);
  ZKA_ST_ALLOC(op_z, M);
  ZKA_ST_ALLOC(op_zw, W + AW);
  zpow[0] = zwpow[0] = zka_st_eone();
  for (size_t k = 1; k < n; k++) {
    zpow[k] = zka_st_emul(zpow[k - 1], z);
    zwpow[k] = zka_st_emul(zwpow[k - 1], zw);
  }
  J.main_coef = main_coef;
  J.aux_coef = aux_coef;
  J.quot_coef = quot_coef;
  J.zpow = zpow;
  J.zwpow = zwpow;
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

  /* 6. DEEP composition F(x) = (Σ_c λ^c f_c(x) - Σ_c λ^c f_c(z))/(x - z)
   *                          + λ^M (Σ_{c<W+4A} λ^c f_c(x) - Σ λ^c f_c(zw))/(x - zw). */
  zka_st_progress(progress, progress_user, "DEEP");
  ZKA_ST_ALLOC(lam, M + 1);
  lam[0] = zka_st_eone();
  for (size_t c = 1; c <= M; c++) lam[c] = zka_st_emul(lam[c - 1], lambda);
  zka_st_e sum_z = zka_st_ezero(), sum_zw = zka_st_ezero();
  for (size_t c = 0; c < M; c++) sum_z = zka_st_eadd(sum_z, zka_st_emul(lam[c], op_z[c]));
  for (size_t c = 0; c < W + AW; c++) sum_zw = zka_st_eadd(sum_zw, zka_st_emul(lam[c], op_zw[c]));
  ZKA_ST_ALLOC(fcur, N);
  ZKA_ST_ALLOC(fnext, N);
  free(etmp);
  etmp = NULL;
  ZKA_ST_ALLOC(etmp, N);
  for (size_t i = 0; i < N; i++) {
    fcur[i] = zka_st_esub(zka_st_ef(xs[i]), z);
    fnext[i] = zka_st_esub(zka_st_ef(xs[i]), zw);
  }
  if (!zka_st_batch_inv_e(fcur, N, etmp) || !zka_st_batch_inv_e(fnext, N, etmp)) {
    st = zka_error(ctx, ZKA_ERR_INTERNAL, "stark prove: z on the LDE coset");
    goto cleanup;
  }
  J.quot_rows = quot_rows;
  J.lam = lam;
  J.sum_z = sum_z;
  J.sum_zw = sum_zw;
  J.inv_xz = fcur;
  J.inv_xzw = fnext;
  J.deep = q; /* q (N extension elements) is free again */
  zka_threadpool_parallel_for(e ? e->pool : NULL, J.ntasks, zka_st_deep_task, &J);
  {
    zka_st_e *sw = fcur;
    fcur = q;
    q = sw;
  }

  /* 7. FRI: commit each layer as pairs (i, i + half), fold by 2 with beta_r. */
  zka_st_progress(progress, progress_user, "FRI");
  t_fri = calloc(R ? R : 1, sizeof *t_fri);
  fri_leaves = calloc(R ? R : 1, sizeof *fri_leaves);
  if (!t_fri || !fri_leaves) {
    st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark prove: FRI");
    goto cleanup;
  }
  {
    zka_st_f shift = g;
    const zka_st_f inv2 = zka_babybear_inv_ref(zka_babybear_from_u64_ref(2));
    for (uint32_t r = 0; r < R; r++) {
      size_t Nr = N >> r, half = Nr / 2;
      ZKA_ST_ALLOC(fri_leaves[r], half * 8);
      for (size_t i = 0; i < half; i++) {
        memcpy(fri_leaves[r] + i * 8, fcur[i].c, sizeof fcur[i].c);
        memcpy(fri_leaves[r] + i * 8 + 4, fcur[i + half].c, sizeof fcur[i].c);
      }
      ZKA_ST_TRY(zka_st_commit(e, &t_fri[r], root, fri_leaves[r], 8, half, ctx));
      zka_st_w_fs(&pw, root, ZKA_ST_DIGEST);
      zka_st_tr_fs(&tr, root, ZKA_ST_DIGEST);
      zka_st_e fb = zka_st_tr_sqe(&tr);
      /* f'(x^2) = (f(x) + f(-x))/2 + beta·(f(x) - f(-x))/(2x); x = shift·w_Nr^i. */
      zka_st_f wr = zka_st_root(log_N - r);
      zka_st_f xinv = zka_babybear_inv_ref(shift), winv = zka_babybear_inv_ref(wr);
      for (size_t i = 0; i < half; i++) {
        zka_st_e a = fcur[i], b = fcur[i + half];
        zka_st_e ev = zka_st_emulf(zka_st_eadd(a, b), inv2);
        zka_st_e od = zka_st_emulf(zka_st_esub(a, b), zka_babybear_mul_ref(inv2, xinv));
        fnext[i] = zka_st_eadd(ev, zka_st_emul(fb, od));
        xinv = zka_babybear_mul_ref(xinv, winv);
      }
      zka_st_e *sw = fcur;
      fcur = fnext;
      fnext = sw;
      shift = zka_babybear_sqr_ref(shift);
    }
    /* Final layer: N_R evaluations on shift·<w_{N_R}> -> K coefficients. */
    size_t NR = N >> R;
    zka_st_f *fc = (zka_st_f *)fnext; /* reuse: 4·NR base elements fit in NR extension ones */
    zka_st_transpose(fc, (const zka_st_f *)fcur, NR, 4);
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
    for (uint32_t r = 0; r < R; r++) {
      size_t half = (N >> r) / 2, leaf = idx & (half - 1);
      ZKA_ST_TRY(zka_st_w_open(&pw, t_fri[r], fri_leaves[r] + leaf * 8, 8, leaf, path, ctx));
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
  free(vals);
  free(path);
  free(aux_tr);
  free(den);
  free(etmp);
  free(q);
  free(fcur);
  free(fnext);
  free(totals);
  free(zpow);
  free(zwpow);
  free(op_z);
  free(op_zw);
  free(lam);
  free(mult);
  free(scratch);
  zka_merkle_destroy(t_main);
  zka_merkle_destroy(t_aux);
  zka_merkle_destroy(t_quot);
  for (uint32_t r = 0; r < R; r++) {
    if (t_fri) zka_merkle_destroy(t_fri[r]);
    if (fri_leaves) free(fri_leaves[r]);
  }
  free(t_fri);
  free(fri_leaves);
  zka_st_layout_free(&L);
  return st;
#undef ZKA_ST_ALLOC
#undef ZKA_ST_TRY
}
