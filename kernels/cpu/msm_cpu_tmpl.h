/* msm_cpu_tmpl.h — the per-group part of the CPU MSM (kernels/cpu/msm_cpu.c), written once
 * and included once per group.  Before including, define:
 *   MT_NAME(op)   this group's function names (e.g. msm_bn254_g1_##op)
 *   MT_F, MT_FN(op)             the coordinate field and its _h functions
 *   MT_PA, MT_PX, MT_PJ, MT_PN(op)   affine / XYZZ / Jacobian types and _h point functions
 *   MT_GLV        1 with the GLV endomorphism (then MT_BETA_INIT: beta in Montgomery form,
 *                 MT_GLV_GROUP: the zka_group_id for msm_glv_split), else 0
 * All are #undef'd at the end.
 *
 * Shared pieces (msm_cpu.c, before the includes): msm_run (one job's plan and buffers),
 * msm_recode (signed digits), msm_glv_split, msm_bucket_item.
 *
 * Virtual points: index i < n is points[i]; with GLV, index n + i is phi(points[i]) =
 * (beta x_i, y_i) (x from run->phix).  A digit d of virtual point i adds sign(d) * point
 * to bucket |d| - 1 of its window (the sign of k1 / k2 is already folded into the digits).
 */

/* Load virtual point i, negated when d < 0. */
static inline __attribute__((always_inline)) MT_PA MT_NAME(load)(const msm_run *run, size_t i,
                                                                  int d) {
  const MT_PA *pts = (const MT_PA *)run->points;
  MT_PA q;
  if (i < run->n) {
    q = pts[i];
  } else {
    q.x = ((const MT_F *)run->phix)[i - run->n];
    q.y = pts[i - run->n].y;
  }
  if (d < 0) q.y = MT_FN(neg)(q.y);
  return q;
}

/* Prefetch virtual point i (both the point and, with GLV, phi's x). */
static inline __attribute__((always_inline)) void MT_NAME(prefetch)(const msm_run *run,
                                                                   size_t i) {
  const MT_PA *pts = (const MT_PA *)run->points;
  if (i < run->n) {
    __builtin_prefetch(&pts[i]);
  } else if (i < run->npts) {
    __builtin_prefetch(&((const MT_F *)run->phix)[i - run->n]);
    __builtin_prefetch(&pts[i - run->n].y);
  }
}

/* Scratch of one window task. */
typedef struct {
  MT_PA *bucket;          /* nb affine buckets (valid where state & MSM_FULL) */
  uint8_t *state;         /* MSM_FULL, MSM_BUSY */
  MT_PX *over;            /* nb XYZZ buckets: the XYZZ mode, and overflow of conflicts */
  uint32_t *bidx;         /* batch: bucket of each pending addition */
  MT_PA *q;               /* batch: the point added */
  MT_F *pre;              /* batch: prefix products of the denominators */
  MT_F *den;              /* batch: denominators */
  uint8_t *kind;          /* batch: 0 add, 1 doubling, 2 cancels to infinity */
  msm_bucket_item *defer_cur, *defer_next;
  uint64_t *blk, *blk_pre; /* IFMA: lane blocks of the batch (msm_ifma.h), 64-byte aligned */
} MT_NAME(scratch);

/* Add q into XYZZ bucket b (the overflow / XYZZ-mode path). */
static inline void MT_NAME(add_over)(MT_NAME(scratch) *s, uint32_t b, MT_PA q) {
  s->over[b] = MT_PN(xyzz_add_mixed)(s->over[b], q);
}

/* Run the pending batch: B[b] = B[b] + q for each entry, all with one inversion
 * (Montgomery's trick).  No two entries share a bucket (the MSM_BUSY flag).  Affine
 * addition: lambda = (yq - yb) / (xq - xb), or 3 xb^2 / (2 yb) when q = B (doubling);
 * x3 = lambda^2 - xb - xq, y3 = lambda (xb - x3) - yb; q = -B empties the bucket. */
static void MT_NAME(flush)(MT_NAME(scratch) *s, size_t m) {
  MT_F acc = MT_FN(one)();
  for (size_t t = 0; t < m; t++) {
    const MT_PA *bp = &s->bucket[s->bidx[t]];
    MT_F dx = MT_FN(sub)(s->q[t].x, bp->x);
    if (MT_FN(is_zero)(dx)) {
      if (MT_FN(eq)(s->q[t].y, bp->y)) {
        s->kind[t] = 1;
        dx = MT_FN(dbl)(bp->y); /* y != 0: no points of order 2 in the subgroup */
      } else {
        s->kind[t] = 2;
        continue;
      }
    } else {
      s->kind[t] = 0;
    }
    s->den[t] = dx;
    s->pre[t] = acc;
    acc = MT_FN(mul)(acc, dx);
  }
  MT_F inv = MT_FN(inv)(acc);
  for (size_t t = m; t-- > 0;) {
    uint32_t b = s->bidx[t];
    s->state[b] &= (uint8_t)~MSM_BUSY;
    if (s->kind[t] == 2) {
      s->state[b] = 0;
      continue;
    }
    MT_F it = MT_FN(mul)(inv, s->pre[t]);
    inv = MT_FN(mul)(inv, s->den[t]);
    MT_PA *bp = &s->bucket[b];
    MT_F num;
    if (s->kind[t] == 1) {
      MT_F x2 = MT_FN(sqr)(bp->x);
      num = MT_FN(add)(MT_FN(dbl)(x2), x2);
    } else {
      num = MT_FN(sub)(s->q[t].y, bp->y);
    }
    MT_F lam = MT_FN(mul)(num, it);
    MT_F x3 = MT_FN(sub)(MT_FN(sub)(MT_FN(sqr)(lam), bp->x), s->q[t].x);
    MT_F y3 = MT_FN(sub)(MT_FN(mul)(lam, MT_FN(sub)(bp->x, x3)), bp->y);
    bp->x = x3;
    bp->y = y3;
  }
}

#ifdef MT_IFMA_FN
/* The same batch as MT_NAME(flush), done eight additions at a time by the IFMA kernel
 * (msm_ifma.h: it gathers the buckets and points, sorts out doublings and cancellations,
 * and scatters the sums back).  Same values as MT_NAME(flush): every field element is
 * fully reduced on both paths. */
static void MT_NAME(flush_ifma)(MT_NAME(scratch) *s, size_t m) {
  MT_IFMA_FN((uint64_t *)s->bucket, s->bidx, (const uint64_t *)s->q, s->kind, m, s->blk,
             s->blk_pre);
  for (size_t t = 0; t < m; t++) {
    uint32_t b = s->bidx[t];
    if (s->kind[t] == 2)
      s->state[b] = 0;
    else
      s->state[b] &= (uint8_t)~MSM_BUSY;
  }
}
#endif

/* Window task t = (window w, chunk ch): sum over its points of digit * point, as
 * sum_b (b + 1) * bucket_b, written to run->win_sums[t] (XYZZ). */
static void MT_NAME(task)(void *arg, size_t t) {
  msm_run *run = (msm_run *)arg;
  unsigned w = (unsigned)(t / run->chunks);
  size_t ch = t % run->chunks;
  size_t lo = ch * run->chunk_len, hi = lo + run->chunk_len;
  if (hi > run->npts) hi = run->npts;
  const int16_t *dig = run->digits + (size_t)w * run->npts;
  size_t nb = (size_t)1 << (run->c - 1);
  size_t K = run->batch;
  MT_NAME(scratch) s;
  memset(&s, 0, sizeof s);
  MT_PX *out = &((MT_PX *)run->win_sums)[t];
  *out = MT_PN(xyzz_infinity)();
  if (lo >= hi) return;

  s.state = (uint8_t *)calloc(nb, 1);
  s.over = (MT_PX *)malloc(nb * sizeof(MT_PX));
  if (run->batch_affine) {
    s.bucket = (MT_PA *)malloc(nb * sizeof(MT_PA));
    s.bidx = (uint32_t *)malloc(K * sizeof(uint32_t));
    s.q = (MT_PA *)malloc(K * sizeof(MT_PA));
    s.pre = (MT_F *)malloc(K * sizeof(MT_F));
    s.den = (MT_F *)malloc(K * sizeof(MT_F));
    s.kind = (uint8_t *)malloc(K);
    s.defer_cur = (msm_bucket_item *)malloc(K * sizeof(msm_bucket_item));
    s.defer_next = (msm_bucket_item *)malloc(K * sizeof(msm_bucket_item));
#ifdef MT_IFMA_FN
    if (run->ifma) {
      size_t nblk = (K + 7) / 8, words = (size_t)MT_IFMA_N * 8;
      s.blk = (uint64_t *)aligned_alloc(64, nblk * ZKA_MSM_IFMA_SLOTS * words * 8);
      s.blk_pre = (uint64_t *)aligned_alloc(64, nblk * words * 8);
      if (!s.blk || !s.blk_pre) {
        atomic_store(&run->oom, 1);
        goto done;
      }
    }
#endif
  }
  if (!s.state || !s.over ||
      (run->batch_affine && (!s.bucket || !s.bidx || !s.q || !s.pre || !s.den || !s.kind ||
                             !s.defer_cur || !s.defer_next))) {
    atomic_store(&run->oom, 1);
    goto done;
  }
  /* the overflow buckets are mostly untouched in batch-affine mode: mark them by state */
  for (size_t b = 0; b < nb; b++) s.over[b] = MT_PN(xyzz_infinity)();

  if (!run->batch_affine) {
    for (size_t i = lo; i < hi; i++) {
      int d = dig[i];
      if (d == 0) continue;
      uint32_t b = (uint32_t)((d < 0 ? -d : d) - 1);
      MT_NAME(add_over)(&s, b, MT_NAME(load)(run, i, d));
    }
  } else {
    size_t i = lo, m = 0, ncur = 0, pcur = 0, nnext = 0;
    for (;;) {
      /* first the points deferred in earlier rounds (after MSM_DEFER_MAX conflicts a
       * point goes to the XYZZ overflow bucket), then new points, until the batch is full
       * or this round has deferred K/4 points: a window whose digits reach only a few
       * buckets (the top one: in 200000 random splits the GLV halves stayed below 2^127
       * for BN254 and 2^128 for BLS12-381, against the 2^129 bound) then runs smaller
       * batches instead of sending most of its points to the overflow buckets */
      size_t round_nnext = nnext + K / 4 + 1;
      while (m < K && (pcur < ncur || i < hi) && (m == 0 || nnext < round_nnext)) {
        size_t pi;
        int d, tries;
        if (pcur < ncur) {
          pi = s.defer_cur[pcur].i;
          d = s.defer_cur[pcur].d;
          tries = s.defer_cur[pcur].tries;
          pcur++;
        } else {
          pi = i++;
          d = dig[pi];
          /* the points stream from memory (2^16 G1 points are 4 MiB, beyond L2) between
           * batch flushes that evict the hardware prefetcher's progress: fetch ahead */
          MT_NAME(prefetch)(run, pi + MSM_PREFETCH_AHEAD);
          if (d == 0) continue;
          tries = 0;
        }
        uint32_t b = (uint32_t)((d < 0 ? -d : d) - 1);
        uint8_t st = s.state[b];
        if (st & MSM_BUSY) {
          if (tries >= MSM_DEFER_MAX || nnext == K) {
            MT_NAME(add_over)(&s, b, MT_NAME(load)(run, pi, d));
          } else {
            s.defer_next[nnext].i = pi;
            s.defer_next[nnext].d = d;
            s.defer_next[nnext].tries = tries + 1;
            nnext++;
          }
        } else if (!(st & MSM_FULL)) {
          s.bucket[b] = MT_NAME(load)(run, pi, d);
          s.state[b] = MSM_FULL;
        } else {
          /* the bucket is read when the batch runs, K entries later: fetch it now */
          __builtin_prefetch(&s.bucket[b]);
          s.bidx[m] = b;
          s.q[m] = MT_NAME(load)(run, pi, d);
          s.state[b] = MSM_FULL | MSM_BUSY;
          m++;
        }
      }
      if (m > 0) {
#ifdef MT_IFMA_FN
        if (run->ifma)
          MT_NAME(flush_ifma)(&s, m);
        else
#endif
          MT_NAME(flush)(&s, m);
        m = 0;
      }
      if (pcur >= ncur) {
        if (nnext == 0 && i >= hi) break;
        msm_bucket_item *tmp = s.defer_cur;
        s.defer_cur = s.defer_next;
        s.defer_next = tmp;
        ncur = nnext;
        pcur = 0;
        nnext = 0;
      }
    }
  }

  /* sum_b (b + 1) B_b = sum over b of the running sums from the top bucket down */
  {
    MT_PX run_sum = MT_PN(xyzz_infinity)(), total = MT_PN(xyzz_infinity)();
    for (size_t b = nb; b-- > 0;) {
      if (run->batch_affine && (s.state[b] & MSM_FULL))
        run_sum = MT_PN(xyzz_add_mixed)(run_sum, s.bucket[b]);
      if (!MT_PN(xyzz_is_infinity)(s.over[b])) run_sum = MT_PN(xyzz_add)(run_sum, s.over[b]);
      total = MT_PN(xyzz_add)(total, run_sum);
    }
    *out = total;
  }
done:
  free(s.state);
  free(s.over);
  free(s.bucket);
  free(s.bidx);
  free(s.q);
  free(s.pre);
  free(s.den);
  free(s.kind);
  free(s.defer_cur);
  free(s.defer_next);
  free(s.blk);
  free(s.blk_pre);
}

/* Preparation task t: digits of points [t * prep_len, ...) for every window, and (GLV)
 * phi's x coordinates.  Infinity points get zero digits. */
static void MT_NAME(prep)(void *arg, size_t t) {
  msm_run *run = (msm_run *)arg;
  size_t lo = t * run->prep_len, hi = lo + run->prep_len;
  if (hi > run->n) hi = run->n;
  const MT_PA *pts = (const MT_PA *)run->points;
#if MT_GLV
  const MT_F beta = MT_BETA_INIT;
#endif
  for (size_t i = lo; i < hi; i++) {
    uint64_t k[4];
    int inf = (int)MT_PN(affine_is_infinity)(pts[i]);
    for (int j = 0; j < 4; j++) {
      uint64_t v = 0;
      for (int b = 7; b >= 0; b--) v = (v << 8) | run->scalars[32 * i + 8 * (size_t)j + (size_t)b];
      k[j] = inf ? 0 : v;
    }
    if (run->glv) {
#if MT_GLV
      uint64_t k1[4], k2[4];
      int n1, n2;
      msm_glv_split(MT_GLV_GROUP, k, k1, &n1, k2, &n2);
      msm_recode(run, k1, n1, i);
      msm_recode(run, k2, n2, run->n + i);
      ((MT_F *)run->phix)[i] = MT_FN(mul)(pts[i].x, beta);
#endif
    } else {
      msm_recode(run, k, 0, i);
    }
  }
}

/* Sum the window sums (Horner in 2^c) into a Jacobian result. */
static void MT_NAME(finish)(const msm_run *run, void *result) {
  const MT_PX *ws = (const MT_PX *)run->win_sums;
  MT_PX acc = MT_PN(xyzz_infinity)();
  for (unsigned w = run->nwin; w-- > 0;) {
    if (w + 1 < run->nwin)
      for (unsigned j = 0; j < run->c; j++) acc = MT_PN(xyzz_dbl)(acc);
    for (size_t ch = 0; ch < run->chunks; ch++)
      acc = MT_PN(xyzz_add)(acc, ws[(size_t)w * run->chunks + ch]);
  }
  *(MT_PJ *)result = MT_PN(xyzz_to_jacobian)(acc);
}

#undef MT_NAME
#undef MT_F
#undef MT_FN
#undef MT_PA
#undef MT_PX
#undef MT_PJ
#undef MT_PN
#undef MT_GLV
#undef MT_BETA_INIT
#undef MT_GLV_GROUP
#undef MT_IFMA_FN
#undef MT_IFMA_N
#undef MT_IFMA_L
