/* stark_util.h — internal to zkvm/stark/: what the prover (stark_prove.c) and the verifier
 * (stark_verify.c) must agree on, written once: the Fiat–Shamir transcript, the proof byte
 * writer/reader, the column layout, the out-of-domain point.
 *
 * The precise rules behind stark.h's protocol:
 *  - Transcript: duplex sponge over Poseidon2 BabyBear-16, rate 8 (zka_st_tr below).  It
 *    absorbs, in order: the domain separator and version, the params, log_n, the number of
 *    tables and each table's whole constraint system (nodes, constraints, interactions),
 *    the preamble (its length, then its elements); the main root -> alpha, beta; the aux
 *    root and the totals of the tables that have interactions (in table order) ->
 *    combiner; the quotient root -> z (zka_st_draw_z); the openings (main at z, main at
 *    z·w, aux at z, aux at z·w, quotient at z) -> lambda; per FRI round its root -> one
 *    beta per binary fold of the round (zka_st_fri_bits of them);
 *    the final polynomial's coefficients; the grinding nonce (one squeeze checked, see
 *    zka_st_tr_pow_ok); then the query indices (log N bits each).
 *  - Committed base columns, in lambda's order: main (tables in order, their columns in
 *    order), aux (per table with interactions: one helper h_g per group of 1 or 2
 *    interactions (zka_st_layout_init: pairing), then the running sum, each an
 *    extension column stored as 4 base columns c[0..3], so h(x) = Σ_j X^j·col_j(x)),
 *    quotient (chunk k component j at 4k + j; Q(x) = Σ_k x^(k·n)·chunk_k(x)).
 *  - Constraint combination: Horner in the combiner over every table in order, each
 *    table's constraints in order, then per group g its helper constraint
 *    (h_g·d_k - sign_k·m_k, or h_g·d_k·d_{k+1} - sign_k·m_k·d_{k+1} -
 *    sign_{k+1}·m_{k+1}·d_k for a pair; d = alpha - fp), then first·(s - Σh), transition·(s' - s - Σh'),
 *    last·(s - total).  Selectors: first = L_0,
 *    last = L_{n-1}, transition = 1 - L_{n-1} (Lagrange polynomials of H).
 *  - FRI: R = log_n - log_final binary folds, grouped in rounds of ZKA_ST_FRI_LOG_ARITY
 *    (the last round takes what is left).  A binary fold of a layer of size M pairs
 *    (x, -x) = indices (j, j + M/2): f'(x^2) = (f(x) + f(-x))/2 + beta·(f(x) - f(-x))/(2x).
 *    A round of a folds starts at a layer of size M = G·2^a: only that layer is committed,
 *    leaf i (i < G) holding the 2^a values at indices i + k·G (k = 0 .. 2^a - 1, each 4
 *    base elements), and the a folds run inside the leaf: index i + k·G of the layer
 *    folded s times pairs with i + (k + 2^(a-1-s))·G.
 *  - Everything the external callback emits must be fixed by the preamble: the transcript
 *    does not see it (the prover has no callback), so a caller that lets the prover choose
 *    external tuples after the fact must put them (or their hash) in the preamble. */
#ifndef ZKA_ZKVM_STARK_UTIL_H
#define ZKA_ZKVM_STARK_UTIL_H
#include <stdlib.h>
#include <string.h>

#include "zkaccel/hash.h"
#include "zkvm/stark/stark.h"

typedef zka_babybear zka_st_f;
typedef zka_babybear4 zka_st_e;

#define ZKA_ST_P 0x78000001u
#define ZKA_ST_DIGEST 8        /* BabyBear elements of a Poseidon2-16 digest (hash.h) */
#define ZKA_ST_QCHUNKS (ZKA_AIR_MAX_DEGREE - 1) /* quotient chunks of degree < n */
#define ZKA_ST_VERSION 3u      /* 3: FRI rounds fold by 8; 2: paired LogUp helper columns */
#define ZKA_ST_FRI_LOG_ARITY 3u /* a FRI round folds 2^3 = 8 values into 1 */
#define ZKA_ST_GEN 31u         /* BabyBear multiplicative generator (core/params/babybear.h) */

/* Bounds both sides enforce on params (keep sizes and loops sane on hostile input). */
#define ZKA_ST_MIN_LOG_BLOWUP 2 /* the quotient is evaluated on the LDE domain: needs
                                   nD > deg(C) = ZKA_AIR_MAX_DEGREE·(n - 1) */
#define ZKA_ST_MAX_LOG_BLOWUP 8
#define ZKA_ST_MAX_QUERIES 1024
#define ZKA_ST_MAX_POW_BITS 27 /* zka_st_tr_bits is uniform up to 2^27 */
#define ZKA_ST_MAX_LOG_FINAL 16

/** FRI rounds for R binary folds, and the folds in round k. */
static inline uint32_t zka_st_fri_rounds(uint32_t R) {
  return (R + ZKA_ST_FRI_LOG_ARITY - 1) / ZKA_ST_FRI_LOG_ARITY;
}
static inline uint32_t zka_st_fri_bits(uint32_t R, uint32_t k) {
  const uint32_t left = R - k * ZKA_ST_FRI_LOG_ARITY;
  return left < ZKA_ST_FRI_LOG_ARITY ? left : ZKA_ST_FRI_LOG_ARITY;
}

/* ---- extension shorthands ------------------------------------------------------------- */

static inline zka_st_e zka_st_eadd(zka_st_e a, zka_st_e b) { return zka_babybear4_add_ref(a, b); }
static inline zka_st_e zka_st_esub(zka_st_e a, zka_st_e b) { return zka_babybear4_sub_ref(a, b); }
static inline zka_st_e zka_st_emul(zka_st_e a, zka_st_e b) { return zka_babybear4_mul_ref(a, b); }
static inline zka_st_e zka_st_emulf(zka_st_e a, zka_st_f b) {
  return zka_babybear4_mul_base_ref(a, b);
}
static inline zka_st_e zka_st_ef(zka_st_f a) { return zka_babybear4_from_base_ref(a); }
static inline zka_st_e zka_st_ezero(void) { return zka_babybear4_zero_ref(); }
static inline zka_st_e zka_st_eone(void) { return zka_babybear4_one_ref(); }
/* X^j, the j-th basis element of F_p[X]/(X^4 - 11). */
static inline zka_st_e zka_st_ebasis(unsigned j) {
  zka_st_e r = zka_st_ezero();
  r.c[j & 3] = zka_babybear_one_ref();
  return r;
}
/* Σ_j X^j·v[j]: the value of an extension column committed as 4 base columns. */
static inline zka_st_e zka_st_erecombine(const zka_st_e *v) {
  zka_st_e r = v[0];
  for (unsigned j = 1; j < 4; j++) r = zka_st_eadd(r, zka_st_emul(zka_st_ebasis(j), v[j]));
  return r;
}

/* ---- transcript: duplex sponge over Poseidon2 BabyBear-16, rate 8, capacity 8 --------- *
 * As Plonky3's DuplexChallenger: absorbed elements queue in `in`; when 8 are queued, or
 * when a squeeze finds elements queued or no output left, they overwrite state[0..k), the
 * state is permuted and state[0..8) becomes the output, handed out from the end.  Absorbing
 * discards unread output.  Extension elements are 4 base elements (c[0] first). */
typedef struct {
  zka_st_f st[16];
  zka_st_f in[8];
  size_t n_in;
  zka_st_f out[8];
  size_t n_out;
} zka_st_tr;

static inline void zka_st_tr_duplex(zka_st_tr *t) {
  for (size_t i = 0; i < t->n_in; i++) t->st[i] = t->in[i];
  t->n_in = 0;
  zka_poseidon2_babybear16_permute(t->st);
  memcpy(t->out, t->st, sizeof t->out);
  t->n_out = 8;
}
static inline void zka_st_tr_f(zka_st_tr *t, zka_st_f x) {
  t->n_out = 0;
  t->in[t->n_in++] = x;
  if (t->n_in == 8) zka_st_tr_duplex(t);
}
static inline void zka_st_tr_u32(zka_st_tr *t, uint32_t v) {
  zka_st_tr_f(t, zka_babybear_from_u64_ref(v));
}
static inline void zka_st_tr_e(zka_st_tr *t, zka_st_e x) {
  for (int j = 0; j < 4; j++) zka_st_tr_f(t, x.c[j]);
}
static inline void zka_st_tr_fs(zka_st_tr *t, const zka_st_f *x, size_t n) {
  for (size_t i = 0; i < n; i++) zka_st_tr_f(t, x[i]);
}
static inline zka_st_f zka_st_tr_sq(zka_st_tr *t) {
  if (t->n_in || !t->n_out) zka_st_tr_duplex(t);
  return t->out[--t->n_out];
}
static inline zka_st_e zka_st_tr_sqe(zka_st_tr *t) {
  zka_st_e r;
  for (int j = 0; j < 4; j++) r.c[j] = zka_st_tr_sq(t);
  return r;
}
/* The low `bits` (<= 27) bits of the canonical value of one squeezed element.  2^bits
 * divides p - 1 = 15·2^27, so the values 0..p-2 cover every residue equally and only p - 1
 * lands on 0 once more: statistical distance < 1/p from uniform (query indices and the
 * grinding check, as ethSTARK and Plonky3 sample them). */
static inline uint32_t zka_st_tr_bits(zka_st_tr *t, uint32_t bits) {
  uint32_t v = zka_babybear_to_canonical_ref(zka_st_tr_sq(t));
  return bits >= 32 ? v : (v & ((1u << bits) - 1u));
}
/* Grinding rule: absorb the nonce (a canonical element < p), squeeze one element; the
 * proof of work holds when the low pow_bits bits of its canonical value are all zero. */
static inline int zka_st_tr_pow_ok(zka_st_tr *t, uint32_t nonce, uint32_t pow_bits) {
  zka_st_tr_f(t, zka_babybear_from_canonical_ref(nonce));
  return zka_st_tr_bits(t, pow_bits) == 0;
}

/* ---- proof bytes ----------------------------------------------------------------------- */

typedef struct {
  uint8_t *p;
  size_t len, cap;
  int oom;
} zka_st_w;

static inline void zka_st_w_u32(zka_st_w *w, uint32_t v) {
  if (w->oom) return;
  if (w->len + 4 > w->cap) {
    size_t cap = w->cap ? 2 * w->cap : 4096;
    uint8_t *q = realloc(w->p, cap);
    if (!q) {
      w->oom = 1;
      return;
    }
    w->p = q;
    w->cap = cap;
  }
  for (int i = 0; i < 4; i++) w->p[w->len++] = (uint8_t)(v >> (8 * i));
}
static inline void zka_st_w_f(zka_st_w *w, zka_st_f a) {
  zka_st_w_u32(w, zka_babybear_to_canonical_ref(a));
}
static inline void zka_st_w_fs(zka_st_w *w, const zka_st_f *a, size_t n) {
  for (size_t i = 0; i < n; i++) zka_st_w_f(w, a[i]);
}
static inline void zka_st_w_e(zka_st_w *w, zka_st_e a) { zka_st_w_fs(w, a.c, 4); }

typedef struct {
  const uint8_t *p;
  size_t len, pos;
  int bad;
} zka_st_r;

static inline uint32_t zka_st_r_u32(zka_st_r *r) {
  if (r->bad || r->len - r->pos < 4) {
    r->bad = 1;
    return 0;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) v |= (uint32_t)r->p[r->pos + (size_t)i] << (8 * i);
  r->pos += 4;
  return v;
}
/* A field element: a canonical value < p, or the reader turns bad. */
static inline zka_st_f zka_st_r_f(zka_st_r *r) {
  uint32_t v = zka_st_r_u32(r);
  if (v >= ZKA_ST_P) {
    r->bad = 1;
    v = 0;
  }
  return zka_babybear_from_canonical_ref(v);
}
static inline void zka_st_r_fs(zka_st_r *r, zka_st_f *a, size_t n) {
  for (size_t i = 0; i < n; i++) a[i] = zka_st_r_f(r);
}
static inline zka_st_e zka_st_r_e(zka_st_r *r) {
  zka_st_e a;
  zka_st_r_fs(r, a.c, 4);
  return a;
}

/* ---- layout shared by prover and verifier ---------------------------------------------- */

/* LogUp helper columns.  A table's interactions are grouped, greedily in order: k and k + 1
 * share one helper column h = s_k·m_k/d_k + s_{k+1}·m_{k+1}/d_{k+1} (s = sign, d = alpha - fp)
 * with the constraint h·d_k·d_{k+1} - s_k·m_k·d_{k+1} - s_{k+1}·m_{k+1}·d_k = 0 when that
 * constraint's degree, max(deg d_k + deg d_{k+1} + 1, deg m_k + deg d_{k+1},
 * deg m_{k+1} + deg d_k), is at most ZKA_AIR_MAX_DEGREE (so the quotient keeps its
 * ZKA_ST_QCHUNKS chunks); otherwise k gets a column of its own (h·d_k - s_k·m_k = 0) and
 * the grouping goes on from k + 1.  deg d is the largest degree of the tuple's values (0 for
 * an empty tuple); degrees are recomputed here from the node structure (CONST 0, cells and
 * selectors 1, ADD/SUB max, MUL sum), an upper bound that depends on the compiled table
 * alone, so the prover and the verifier get the same layout. */
#define ZKA_ST_DEG_CAP 1000u /* saturate: any degree above ZKA_AIR_MAX_DEGREE is just "too big" */

typedef struct {
  size_t n_tables;
  size_t *col_off;  /* main base column offset of each table */
  size_t *aux_off;  /* aux extension column offset of each table */
  size_t *grp_off;  /* each table's first group in grp */
  size_t *n_grp;    /* helper columns (groups) of each table */
  uint32_t *grp;    /* per group: its first interaction; it covers 1 or 2 (grp_len) */
  uint8_t *grp_len;
  size_t W;         /* main base columns, all tables */
  size_t A;         /* aux extension columns (one h per group + the running sum) */
  size_t n_bus_tables; /* tables with interactions (each sends its total) */
} zka_st_layout;

/* Node degrees of t (deg: t->n_nodes entries), from the structure (zka_st_table_ok first). */
static inline void zka_st_node_degrees(const zka_air_table *t, uint32_t *deg) {
  for (size_t i = 0; i < t->n_nodes; i++) {
    const zka_air_node *nd = &t->nodes[i];
    uint32_t d;
    switch (nd->op) {
      case ZKA_AIR_CONST: d = 0; break;
      case ZKA_AIR_ADD: case ZKA_AIR_SUB:
        d = deg[nd->a] > deg[nd->b] ? deg[nd->a] : deg[nd->b];
        break;
      case ZKA_AIR_MUL: d = deg[nd->a] + deg[nd->b]; break;
      default: d = 1; break;
    }
    deg[i] = d > ZKA_ST_DEG_CAP ? ZKA_ST_DEG_CAP : d;
  }
}

/* Whether interactions k and k + 1 of t may share a helper column (deg: node degrees). */
static inline int zka_st_pairable(const zka_air_table *t, const uint32_t *deg, size_t k) {
  uint32_t dd[2] = {0, 0}, dm[2];
  for (int i = 0; i < 2; i++) {
    const zka_air_interaction *in = &t->inter[k + (size_t)i];
    for (uint32_t v = 0; v < in->n; v++)
      if (deg[in->vals[v]] > dd[i]) dd[i] = deg[in->vals[v]];
    dm[i] = deg[in->mult];
  }
  uint32_t d = dd[0] + dd[1] + 1;
  if (dm[0] + dd[1] > d) d = dm[0] + dd[1];
  if (dm[1] + dd[0] > d) d = dm[1] + dd[0];
  return d <= ZKA_AIR_MAX_DEGREE;
}

static inline size_t zka_st_aux_cols(const zka_st_layout *L, size_t t) {
  return L->n_grp[t] ? L->n_grp[t] + 1 : 0;
}

static inline void zka_st_layout_free(zka_st_layout *L) {
  free(L->col_off);
  free(L->aux_off);
  free(L->grp_off);
  free(L->n_grp);
  free(L->grp);
  free(L->grp_len);
  memset(L, 0, sizeof *L);
}

/* The layout of tables (each checked by zka_st_table_ok).  Returns 0 when out of memory
 * (free with zka_st_layout_free either way). */
static inline int zka_st_layout_init(zka_st_layout *L, const zka_air_table *const *tables,
                                     size_t n_tables) {
  memset(L, 0, sizeof *L);
  L->n_tables = n_tables;
  size_t tn = n_tables ? n_tables : 1, n_inter = 1, max_nodes = 1;
  for (size_t t = 0; t < n_tables; t++) {
    n_inter += tables[t]->n_inter;
    if (tables[t]->n_nodes > max_nodes) max_nodes = tables[t]->n_nodes;
  }
  L->col_off = calloc(tn, sizeof *L->col_off);
  L->aux_off = calloc(tn, sizeof *L->aux_off);
  L->grp_off = calloc(tn, sizeof *L->grp_off);
  L->n_grp = calloc(tn, sizeof *L->n_grp);
  L->grp = calloc(n_inter, sizeof *L->grp);
  L->grp_len = calloc(n_inter, sizeof *L->grp_len);
  uint32_t *deg = calloc(max_nodes, sizeof *deg);
  if (!L->col_off || !L->aux_off || !L->grp_off || !L->n_grp || !L->grp || !L->grp_len || !deg) {
    free(deg);
    return 0;
  }
  size_t g = 0;
  for (size_t t = 0; t < n_tables; t++) {
    const zka_air_table *T = tables[t];
    L->col_off[t] = L->W;
    L->aux_off[t] = L->A;
    L->grp_off[t] = g;
    zka_st_node_degrees(T, deg);
    for (size_t k = 0; k < T->n_inter;) {
      size_t len = k + 1 < T->n_inter && zka_st_pairable(T, deg, k) ? 2 : 1;
      L->grp[g] = (uint32_t)k;
      L->grp_len[g++] = (uint8_t)len;
      k += len;
    }
    L->n_grp[t] = g - L->grp_off[t];
    L->W += T->width;
    L->A += zka_st_aux_cols(L, t);
    if (T->n_inter) L->n_bus_tables++;
  }
  free(deg);
  return 1;
}

/* Check a table is well-formed before anyone indexes with its nodes (both sides). */
static inline int zka_st_table_ok(const zka_air_table *t) {
  if (!t || t->width == 0 || (t->n_nodes && !t->nodes)) return 0;
  if (t->max_degree > ZKA_AIR_MAX_DEGREE) return 0;
  for (size_t i = 0; i < t->n_nodes; i++) {
    const zka_air_node *nd = &t->nodes[i];
    switch (nd->op) {
      case ZKA_AIR_CONST: case ZKA_AIR_FIRST: case ZKA_AIR_LAST: case ZKA_AIR_TRANS: break;
      case ZKA_AIR_MAIN: case ZKA_AIR_MAIN_NEXT:
        if (nd->a >= t->width) return 0;
        break;
      case ZKA_AIR_ADD: case ZKA_AIR_SUB: case ZKA_AIR_MUL:
        if (nd->a >= i || nd->b >= i) return 0;
        break;
      default: return 0;
    }
  }
  for (size_t i = 0; i < t->n_constraints; i++)
    if (t->constraints[i] < 0 || (size_t)t->constraints[i] >= t->n_nodes) return 0;
  for (size_t k = 0; k < t->n_inter; k++) {
    const zka_air_interaction *in = &t->inter[k];
    if (in->n > ZKA_AIR_MAX_TUPLE || (in->sign != 1 && in->sign != -1)) return 0;
    if (in->mult < 0 || (size_t)in->mult >= t->n_nodes) return 0;
    for (uint32_t v = 0; v < in->n; v++)
      if (in->vals[v] < 0 || (size_t)in->vals[v] >= t->n_nodes) return 0;
  }
  return 1;
}

/* The table's shape and constraint system go into the transcript (both sides). */
static inline void zka_st_tr_table(zka_st_tr *tr, const zka_air_table *t) {
  zka_st_tr_u32(tr, (uint32_t)t->width);
  zka_st_tr_u32(tr, (uint32_t)t->n_nodes);
  for (size_t i = 0; i < t->n_nodes; i++) {
    const zka_air_node *nd = &t->nodes[i];
    zka_st_tr_u32(tr, nd->op);
    zka_st_tr_u32(tr, nd->a);
    zka_st_tr_u32(tr, nd->b);
    zka_st_tr_f(tr, nd->op == ZKA_AIR_CONST ? nd->c : zka_babybear_zero_ref());
  }
  zka_st_tr_u32(tr, (uint32_t)t->n_constraints);
  for (size_t i = 0; i < t->n_constraints; i++) zka_st_tr_u32(tr, (uint32_t)t->constraints[i]);
  zka_st_tr_u32(tr, (uint32_t)t->n_inter);
  for (size_t k = 0; k < t->n_inter; k++) {
    const zka_air_interaction *in = &t->inter[k];
    zka_st_tr_u32(tr, in->bus);
    zka_st_tr_u32(tr, (uint32_t)(in->sign + 1));
    zka_st_tr_u32(tr, (uint32_t)in->mult);
    zka_st_tr_u32(tr, in->n);
    for (uint32_t v = 0; v < in->n; v++) zka_st_tr_u32(tr, (uint32_t)in->vals[v]);
  }
}

static inline void zka_st_tr_init(zka_st_tr *tr, const zka_stark_params *p, uint32_t log_n,
                                  const zka_air_table *const *tables, size_t n_tables,
                                  const zka_babybear *preamble, size_t n_preamble) {
  memset(tr, 0, sizeof *tr);
  zka_st_tr_u32(tr, 0x5a4b4153u & 0x7fffffu); /* domain separator ("ZKAS", truncated < p) */
  zka_st_tr_u32(tr, ZKA_ST_VERSION);
  zka_st_tr_u32(tr, p->log_blowup);
  zka_st_tr_u32(tr, p->num_queries);
  zka_st_tr_u32(tr, p->pow_bits);
  zka_st_tr_u32(tr, p->log_final);
  zka_st_tr_u32(tr, log_n);
  zka_st_tr_u32(tr, (uint32_t)n_tables);
  for (size_t t = 0; t < n_tables; t++) zka_st_tr_table(tr, tables[t]);
  zka_st_tr_u32(tr, (uint32_t)n_preamble);
  for (size_t i = 0; i < n_preamble; i++)
    zka_st_tr_u32(tr, zka_babybear_to_canonical_ref(preamble[i]));
}

/* z: an extension element outside H (z^n != 1) and outside the LDE coset g·<w_N>
 * ((z/g)^N != 1); squeezed again, deterministically, until it is. */
static inline zka_st_e zka_st_draw_z(zka_st_tr *tr, uint32_t log_n, uint32_t log_N) {
  zka_st_e ginv = zka_st_ef(zka_babybear_inv_ref(zka_babybear_from_u64_ref(ZKA_ST_GEN)));
  for (;;) {
    zka_st_e z = zka_st_tr_sqe(tr);
    zka_st_e zn = z, zN = zka_st_emul(z, ginv);
    for (uint32_t i = 0; i < log_n; i++) zn = zka_babybear4_sqr_ref(zn);
    for (uint32_t i = 0; i < log_N; i++) zN = zka_babybear4_sqr_ref(zN);
    if (!zka_babybear4_eq_ref(zn, zka_st_eone()) && !zka_babybear4_eq_ref(zN, zka_st_eone()))
      return z;
  }
}

/* The external bus sum: Σ sign·mult / (alpha - fp) over the verifier's own tuples. */
typedef struct {
  const zka_air_challenges *ch;
  zka_st_e sum;
  int bad; /* a tuple longer than ZKA_AIR_MAX_TUPLE, or a zero denominator */
} zka_st_ext_acc;

static inline void zka_st_ext_emit(void *acc, uint32_t bus, int32_t sign, zka_babybear mult,
                            const zka_babybear *vals, size_t n) {
  zka_st_ext_acc *a = acc;
  if (n > ZKA_AIR_MAX_TUPLE || (n && !vals) || (sign != 1 && sign != -1)) {
    a->bad = 1;
    return;
  }
  zka_st_e d = zka_air_denominator(a->ch, bus, vals, n);
  if (zka_babybear4_is_zero_ref(d)) {
    a->bad = 1;
    return;
  }
  zka_st_e h = zka_st_emulf(zka_babybear4_inv_ref(d), mult);
  a->sum = sign < 0 ? zka_st_esub(a->sum, h) : zka_st_eadd(a->sum, h);
}


#endif
