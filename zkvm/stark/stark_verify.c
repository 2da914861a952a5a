/* stark_verify.c — the STARK verifier of stark.h: reads the proof of stark_prove.c step by step,
 * replaying the transcript; every value read is checked (canonical field elements, exact
 * lengths, Merkle paths, the quotient identity at z, FRI folds, the final polynomial, the
 * grinding, the bus total). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkaccel/field_small.h"
#include "zkaccel/hash.h"
#include "zkaccel/ntt.h"
#include "zkvm/stark/stark_util.h"

static zka_st_f zka_st_vroot(uint32_t log) {
  zka_st_f w = zka_babybear_one_ref();
  if (zka_babybear_root_of_unity(&w, log) != ZKA_OK) w = zka_babybear_one_ref();
  return w;
}

/* Read a leaf of cols cells and its path (depth digests) and check it against root at index
 * of a tree of count leaves.  Returns 0 when malformed (r->bad) or the path fails. */
static int zka_st_r_open(zka_st_r *r, zka_st_f *leaf, size_t cols, zka_st_f *path, size_t depth,
                         const zka_st_f *root, size_t index, size_t count) {
  zka_st_r_fs(r, leaf, cols);
  zka_st_r_fs(r, path, depth * ZKA_ST_DIGEST);
  if (r->bad) return 0;
  return zka_merkle_verify(ZKA_HASH_POSEIDON2_BABYBEAR_16, root, leaf, cols, index, count, path,
                           NULL) == ZKA_OK;
}

zka_status zka_stark_verify(const zka_stark_params *prm, const zka_air_table *const *tables,
                            size_t n_tables, const zka_babybear *preamble, size_t n_preamble,
                            zka_air_external_fn external, void *external_user,
                            const uint8_t *proof, size_t proof_len, uint32_t *log_n_out,
                            zka_ctx *ctx) {
  if (!prm || !tables || !n_tables || (n_preamble && !preamble) || (!proof && proof_len))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "stark verify: NULL argument or no table");
  for (size_t t = 0; t < n_tables; t++)
    if (!zka_st_table_ok(tables[t]))
      return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "stark verify: table %zu malformed", t);

  zka_st_r rd = {proof, proof_len, 0, 0};
  zka_stark_params pp;
  uint32_t magic = zka_st_r_u32(&rd), version = zka_st_r_u32(&rd);
  pp.log_blowup = zka_st_r_u32(&rd);
  pp.num_queries = zka_st_r_u32(&rd);
  pp.pow_bits = zka_st_r_u32(&rd);
  pp.log_final = zka_st_r_u32(&rd);
  uint32_t log_n = zka_st_r_u32(&rd), nt = zka_st_r_u32(&rd);
  if (rd.bad || magic != 0x53414b5au || version != ZKA_ST_VERSION)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "stark verify: not a STARK proof (magic/version)");
  if (pp.log_blowup < ZKA_ST_MIN_LOG_BLOWUP || pp.log_blowup > ZKA_ST_MAX_LOG_BLOWUP ||
      pp.num_queries < 1 || pp.num_queries > ZKA_ST_MAX_QUERIES ||
      pp.pow_bits > ZKA_ST_MAX_POW_BITS || pp.log_final > ZKA_ST_MAX_LOG_FINAL || log_n < 1 ||
      log_n + pp.log_blowup > ZKA_NTT_MAX_LOG_N)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "stark verify: params or log_n out of range");
  if (pp.log_blowup < prm->log_blowup || pp.num_queries < prm->num_queries ||
      pp.pow_bits < prm->pow_bits || pp.log_final > prm->log_final)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED,
                     "stark verify: the proof's params (blowup 2^%u, %u queries, %u pow bits, "
                     "final 2^%u) are weaker than required",
                     pp.log_blowup, pp.num_queries, pp.pow_bits, pp.log_final);
  if (nt != n_tables)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "stark verify: proof has %u tables, expected %zu",
                     nt, n_tables);
  for (size_t t = 0; t < n_tables; t++) {
    uint32_t wdt = zka_st_r_u32(&rd), ni = zka_st_r_u32(&rd);
    if (rd.bad) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "stark verify: truncated header");
    if (wdt != tables[t]->width || ni != tables[t]->n_inter)
      return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "stark verify: table %zu (%s) shape differs",
                       t, tables[t]->name);
  }

  const uint32_t log_N = log_n + pp.log_blowup;
  const size_t n = (size_t)1 << log_n, N = (size_t)1 << log_N;
  const size_t QC = ZKA_ST_QCHUNKS, QW = 4 * QC;
  const uint32_t R = log_n > pp.log_final ? log_n - pp.log_final : 0;
  const size_t K = (size_t)1 << (log_n - R);
  const uint32_t RR = zka_st_fri_rounds(R);
  const zka_st_f g = zka_babybear_from_u64_ref(ZKA_ST_GEN);
  const zka_st_f w_n = zka_st_vroot(log_n), w_N = zka_st_vroot(log_N);

  zka_status st = ZKA_OK;
  const char *why = NULL;
  zka_st_layout L;
  zka_st_tr tr;
  zka_st_e *totals = NULL, *op_z = NULL, *op_zw = NULL, *lam = NULL, *evals = NULL;
  zka_st_e *loc = NULL, *nxt = NULL, *fri_beta = NULL, *fin = NULL;
  zka_st_f *leaf = NULL, *path = NULL, *fri_root = NULL;
  size_t max_nodes = 1, max_w = 1;
  if (!zka_st_layout_init(&L, tables, n_tables)) {
    zka_st_layout_free(&L);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark verify: layout");
  }
  const size_t W = L.W, A = L.A, AW = 4 * A, M = W + AW + QW;
  for (size_t t = 0; t < n_tables; t++) {
    if (tables[t]->n_nodes > max_nodes) max_nodes = tables[t]->n_nodes;
    if (tables[t]->width > max_w) max_w = tables[t]->width;
  }

#define ZKA_SV_ALLOC(p, count)                                                    \
  do {                                                                            \
    (p) = calloc((count) + 1, sizeof *(p));                           \
    if (!(p)) {                                                                   \
      st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "stark verify: out of memory");  \
      goto cleanup;                                                               \
    }                                                                             \
  } while (0)
#define ZKA_SV_FAIL(msg)               \
  do {                                 \
    why = (msg);                       \
    st = ZKA_ERR_VERIFY_FAILED;        \
    goto cleanup;                      \
  } while (0)
#define ZKA_SV_READ_OK()   \
  do {                     \
    if (rd.bad) goto bad;  \
  } while (0)

  ZKA_SV_ALLOC(totals, n_tables);
  ZKA_SV_ALLOC(op_z, M);
  ZKA_SV_ALLOC(op_zw, W + AW);
  ZKA_SV_ALLOC(lam, M + 1);
  ZKA_SV_ALLOC(evals, max_nodes);
  ZKA_SV_ALLOC(loc, max_w);
  ZKA_SV_ALLOC(nxt, max_w);
  ZKA_SV_ALLOC(fri_beta, R + 1);
  ZKA_SV_ALLOC(fri_root, (size_t)(R + 1) * ZKA_ST_DIGEST);
  ZKA_SV_ALLOC(fin, K);
  ZKA_SV_ALLOC(leaf, (W > AW ? W : AW) + QW + ((size_t)4 << ZKA_ST_FRI_LOG_ARITY));
  ZKA_SV_ALLOC(path, (size_t)(log_N + 1) * ZKA_ST_DIGEST);

  zka_st_tr_init(&tr, &pp, log_n, tables, n_tables, preamble, n_preamble);

  /* Commitments and challenges, in the prover's order. */
  zka_st_f root_main[ZKA_ST_DIGEST], root_aux[ZKA_ST_DIGEST], root_quot[ZKA_ST_DIGEST];
  zka_st_r_fs(&rd, root_main, ZKA_ST_DIGEST);
  ZKA_SV_READ_OK();
  zka_st_tr_fs(&tr, root_main, ZKA_ST_DIGEST);
  zka_air_challenges ch;
  {
    zka_st_e alpha = zka_st_tr_sqe(&tr);
    zka_st_e beta = zka_st_tr_sqe(&tr);
    zka_air_challenges_init(&ch, alpha, beta);
  }
  for (size_t t = 0; t < n_tables; t++) totals[t] = zka_st_ezero();
  if (A) {
    zka_st_r_fs(&rd, root_aux, ZKA_ST_DIGEST);
    for (size_t t = 0; t < n_tables; t++)
      if (tables[t]->n_inter) totals[t] = zka_st_r_e(&rd);
    ZKA_SV_READ_OK();
    zka_st_tr_fs(&tr, root_aux, ZKA_ST_DIGEST);
    for (size_t t = 0; t < n_tables; t++)
      if (tables[t]->n_inter) zka_st_tr_e(&tr, totals[t]);
  }
  const zka_st_e comb = zka_st_tr_sqe(&tr);
  zka_st_r_fs(&rd, root_quot, ZKA_ST_DIGEST);
  ZKA_SV_READ_OK();
  zka_st_tr_fs(&tr, root_quot, ZKA_ST_DIGEST);
  const zka_st_e z = zka_st_draw_z(&tr, log_n, log_N);
  const zka_st_e zw = zka_st_emulf(z, w_n);

  for (size_t c = 0; c < W; c++) op_z[c] = zka_st_r_e(&rd);
  for (size_t c = 0; c < W; c++) op_zw[c] = zka_st_r_e(&rd);
  for (size_t c = W; c < W + AW; c++) op_z[c] = zka_st_r_e(&rd);
  for (size_t c = W; c < W + AW; c++) op_zw[c] = zka_st_r_e(&rd);
  for (size_t c = W + AW; c < M; c++) op_z[c] = zka_st_r_e(&rd);
  ZKA_SV_READ_OK();
  for (size_t c = 0; c < W; c++) zka_st_tr_e(&tr, op_z[c]);
  for (size_t c = 0; c < W; c++) zka_st_tr_e(&tr, op_zw[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_tr_e(&tr, op_z[c]);
  for (size_t c = W; c < W + AW; c++) zka_st_tr_e(&tr, op_zw[c]);
  for (size_t c = W + AW; c < M; c++) zka_st_tr_e(&tr, op_z[c]);
  const zka_st_e lambda = zka_st_tr_sqe(&tr);

  for (uint32_t k = 0, r = 0; k < RR; k++) {
    zka_st_r_fs(&rd, fri_root + (size_t)k * ZKA_ST_DIGEST, ZKA_ST_DIGEST);
    ZKA_SV_READ_OK();
    zka_st_tr_fs(&tr, fri_root + (size_t)k * ZKA_ST_DIGEST, ZKA_ST_DIGEST);
    for (uint32_t s = 0; s < zka_st_fri_bits(R, k); s++) fri_beta[r++] = zka_st_tr_sqe(&tr);
  }
  for (size_t i = 0; i < K; i++) fin[i] = zka_st_r_e(&rd);
  ZKA_SV_READ_OK();
  for (size_t i = 0; i < K; i++) zka_st_tr_e(&tr, fin[i]);
  {
    uint32_t nonce = zka_st_r_u32(&rd);
    ZKA_SV_READ_OK();
    if (nonce >= ZKA_ST_P) goto bad;
    if (!zka_st_tr_pow_ok(&tr, nonce, pp.pow_bits)) ZKA_SV_FAIL("grinding (proof of work) fails");
  }

  /* The quotient identity at z: Horner over every constraint = Z_H(z)·Q(z). */
  {
    zka_st_e one = zka_st_eone(), zn = z;
    for (uint32_t i = 0; i < log_n; i++) zn = zka_babybear4_sqr_ref(zn);
    zka_st_e zh = zka_st_esub(zn, one);
    zka_st_e nf = zka_st_ef(zka_babybear_from_u64_ref(n));
    zka_st_e l0 = zka_st_emul(zh, zka_babybear4_inv_ref(zka_st_emul(nf, zka_st_esub(z, one))));
    zka_st_e ll = zka_st_emul(zh, zka_babybear4_inv_ref(zka_st_emul(nf, zka_st_esub(zw, one))));
    zka_st_e trans = zka_st_esub(one, ll);
    zka_st_e acc = zka_st_ezero();
    for (size_t t = 0; t < n_tables; t++) {
      const zka_air_table *T = tables[t];
      for (size_t c = 0; c < T->width; c++) {
        loc[c] = op_z[L.col_off[t] + c];
        nxt[c] = op_zw[L.col_off[t] + c];
      }
      zka_air_eval_row_ext(T, evals, loc, nxt, l0, ll, trans);
      for (size_t c = 0; c < T->n_constraints; c++)
        acc = zka_st_eadd(zka_st_emul(acc, comb), evals[T->constraints[c]]);
      if (!T->n_inter) continue;
      size_t ng = L.n_grp[t], g0 = L.grp_off[t], b0 = W + 4 * L.aux_off[t];
      zka_st_e sum = zka_st_ezero(), sumn = zka_st_ezero(), h, hn;
      for (size_t gi = 0; gi < ng; gi++) {
        const zka_air_interaction *in = &T->inter[L.grp[g0 + gi]];
        zka_st_e dk[2] = {zka_st_eone(), zka_st_eone()}, sm[2] = {zka_st_ezero(), zka_st_ezero()};
        for (uint32_t i = 0; i < L.grp_len[g0 + gi]; i++) {
          zka_st_e tv[ZKA_AIR_MAX_TUPLE];
          for (uint32_t v = 0; v < in[i].n; v++) tv[v] = evals[in[i].vals[v]];
          dk[i] = zka_air_denominator_ext(&ch, in[i].bus, tv, in[i].n);
          sm[i] = evals[in[i].mult];
          if (in[i].sign < 0) sm[i] = zka_st_esub(zka_st_ezero(), sm[i]);
        }
        h = zka_st_erecombine(op_z + b0 + 4 * gi);
        hn = zka_st_erecombine(op_zw + b0 + 4 * gi);
        /* h·d - sign·m, or h·d·d2 - sign·m·d2 - sign2·m2·d for a pair (stark_util.h) */
        zka_st_e cval = zka_st_esub(zka_st_emul(h, dk[0]), sm[0]);
        if (L.grp_len[g0 + gi] == 2)
          cval = zka_st_esub(zka_st_emul(zka_st_emul(h, dk[0]), dk[1]),
                             zka_st_eadd(zka_st_emul(sm[0], dk[1]), zka_st_emul(sm[1], dk[0])));
        acc = zka_st_eadd(zka_st_emul(acc, comb), cval);
        sum = zka_st_eadd(sum, h);
        sumn = zka_st_eadd(sumn, hn);
      }
      zka_st_e s = zka_st_erecombine(op_z + b0 + 4 * ng), sn = zka_st_erecombine(op_zw + b0 + 4 * ng);
      acc = zka_st_eadd(zka_st_emul(acc, comb), zka_st_emul(zka_st_esub(s, sum), l0));
      acc = zka_st_eadd(zka_st_emul(acc, comb),
                        zka_st_emul(zka_st_esub(zka_st_esub(sn, s), sumn), trans));
      acc = zka_st_eadd(zka_st_emul(acc, comb), zka_st_emul(zka_st_esub(s, totals[t]), ll));
    }
    zka_st_e qz = zka_st_ezero(), zkn = one;
    for (size_t k = 0; k < QC; k++) {
      qz = zka_st_eadd(qz, zka_st_emul(zkn, zka_st_erecombine(op_z + W + AW + 4 * k)));
      zkn = zka_st_emul(zkn, zn);
    }
    if (!zka_babybear4_eq_ref(acc, zka_st_emul(zh, qz)))
      ZKA_SV_FAIL("the constraints do not match the quotient at z");
  }

  /* The buses: Σ tables' totals + the external sum = 0. */
  {
    zka_st_ext_acc ea;
    ea.ch = &ch;
    ea.sum = zka_st_ezero();
    ea.bad = 0;
    if (external) {
      st = external(external_user, zka_st_ext_emit, &ea, ctx);
      if (st != ZKA_OK) goto cleanup;
      if (ea.bad) ZKA_SV_FAIL("the external bus callback emitted a malformed tuple");
    }
    zka_st_e s = ea.sum;
    for (size_t t = 0; t < n_tables; t++) s = zka_st_eadd(s, totals[t]);
    if (!zka_babybear4_is_zero_ref(s)) ZKA_SV_FAIL("the buses do not balance");
  }

  /* DEEP sums at z, z·w. */
  lam[0] = zka_st_eone();
  for (size_t c = 1; c <= M; c++) lam[c] = zka_st_emul(lam[c - 1], lambda);
  zka_st_e sum_z = zka_st_ezero(), sum_zw = zka_st_ezero();
  for (size_t c = 0; c < M; c++) sum_z = zka_st_eadd(sum_z, zka_st_emul(lam[c], op_z[c]));
  for (size_t c = 0; c < W + AW; c++) sum_zw = zka_st_eadd(sum_zw, zka_st_emul(lam[c], op_zw[c]));

  /* Queries. */
  {
    const zka_st_f inv2 = zka_babybear_inv_ref(zka_babybear_from_u64_ref(2));
    for (uint32_t qi = 0; qi < pp.num_queries; qi++) {
      size_t idx = zka_st_tr_bits(&tr, log_N);
      zka_st_e s_ma = zka_st_ezero(), s_q = zka_st_ezero();
      if (!zka_st_r_open(&rd, leaf, W, path, log_N, root_main, idx, N)) goto path_or_bad;
      for (size_t c = 0; c < W; c++) s_ma = zka_st_eadd(s_ma, zka_st_emulf(lam[c], leaf[c]));
      if (A) {
        if (!zka_st_r_open(&rd, leaf, AW, path, log_N, root_aux, idx, N)) goto path_or_bad;
        for (size_t c = 0; c < AW; c++) s_ma = zka_st_eadd(s_ma, zka_st_emulf(lam[W + c], leaf[c]));
      }
      if (!zka_st_r_open(&rd, leaf, QW, path, log_N, root_quot, idx, N)) goto path_or_bad;
      for (size_t c = 0; c < QW; c++) s_q = zka_st_eadd(s_q, zka_st_emulf(lam[W + AW + c], leaf[c]));
      zka_st_f x = zka_babybear_mul_ref(g, zka_babybear_pow_u64_ref(w_N, idx));
      zka_st_e xe = zka_st_ef(x);
      zka_st_e t1 = zka_st_emul(zka_st_esub(zka_st_eadd(s_ma, s_q), sum_z),
                                zka_babybear4_inv_ref(zka_st_esub(xe, z)));
      zka_st_e t2 = zka_st_emul(lam[M], zka_st_emul(zka_st_esub(s_ma, sum_zw),
                                                    zka_babybear4_inv_ref(zka_st_esub(xe, zw))));
      zka_st_e val = zka_st_eadd(t1, t2);
      /* Per round: the opened leaf holds the layer's values at lf + k·G; the query's value
       * must be the one at k = idx / G; the round's folds run inside the leaf. */
      for (uint32_t k = 0, r = 0; k < RR; k++) {
        const uint32_t a = zka_st_fri_bits(R, k);
        const size_t group = (size_t)1 << a, G = (N >> r) >> a, lf = idx & (G - 1);
        if (!zka_st_r_open(&rd, leaf, 4 * group, path, log_N - r - a,
                           fri_root + (size_t)k * ZKA_ST_DIGEST, lf, G))
          goto path_or_bad;
        zka_st_e v[1u << ZKA_ST_FRI_LOG_ARITY];
        for (size_t j = 0; j < group; j++) memcpy(v[j].c, leaf + 4 * j, sizeof v[j].c);
        if (!zka_babybear4_eq_ref(v[idx / G], val)) ZKA_SV_FAIL("a FRI layer does not match its fold");
        zka_st_f shift = zka_babybear_pow_u64_ref(g, (uint64_t)1 << r);
        for (uint32_t s = 0; s < a; s++, r++) {
          /* the layer of size N >> r: lf + j·G pairs with lf + (j + h)·G, h = 2^(a-1-s) */
          const size_t h = group >> (s + 1);
          const zka_st_f w = zka_st_vroot(log_N - r);
          for (size_t j = 0; j < h; j++) {
            const zka_st_f xj = zka_babybear_mul_ref(shift, zka_babybear_pow_u64_ref(w, lf + j * G));
            zka_st_e ev = zka_st_emulf(zka_st_eadd(v[j], v[j + h]), inv2);
            zka_st_e od = zka_st_emulf(zka_st_esub(v[j], v[j + h]),
                                       zka_babybear_mul_ref(inv2, zka_babybear_inv_ref(xj)));
            v[j] = zka_st_eadd(ev, zka_st_emul(fri_beta[r], od));
          }
          shift = zka_babybear_sqr_ref(shift);
        }
        val = v[0];
        idx = lf;
      }
      /* the final layer's point of idx */
      x = zka_babybear_mul_ref(zka_babybear_pow_u64_ref(g, (uint64_t)1 << R),
                               zka_babybear_pow_u64_ref(zka_st_vroot(log_N - R), idx));
      /* The final polynomial at x (Horner; coefficients constant first). */
      zka_st_e pv = zka_st_ezero();
      for (size_t i = K; i-- > 0;) pv = zka_st_eadd(zka_st_emulf(pv, x), fin[i]);
      if (!zka_babybear4_eq_ref(pv, val)) ZKA_SV_FAIL("the FRI final polynomial does not match");
    }
  }
  if (rd.pos != rd.len) goto bad;
  if (log_n_out) *log_n_out = log_n;
  goto cleanup;

path_or_bad:
  if (!rd.bad) ZKA_SV_FAIL("a Merkle path does not verify");
bad:
  st = zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                 "stark verify: malformed proof (truncated, trailing bytes or a value >= p) at "
                 "byte %zu of %zu",
                 rd.pos, rd.len);
cleanup:
  if (why) st = zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "stark verify: %s", why);
  free(totals);
  free(op_z);
  free(op_zw);
  free(lam);
  free(evals);
  free(loc);
  free(nxt);
  free(fri_beta);
  free(fri_root);
  free(fin);
  free(leaf);
  free(path);
  zka_st_layout_free(&L);
  return st;
#undef ZKA_SV_ALLOC
#undef ZKA_SV_FAIL
#undef ZKA_SV_READ_OK
}
