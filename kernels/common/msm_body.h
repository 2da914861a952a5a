/* msm_body.h — multi-scalar multiplication (Pippenger, signed digits) written once in the
 * portable subset and instantiated per group by macro; compiled as OpenCL C 1.2
 * (kernels/opencl/msm.cl) and CUDA (kernels/cuda/msm.cu).  On the host (ZKA_TARGET_HOST)
 * the same header gives the plug-ins' job planning and the final Horner step over the same
 * portable point formulas (core/curve/curves_portable.h), so host and device agree.
 *
 * Semantics (include/zkaccel/msm.h, host/backend.h zka_msm_job): result = sum_i k_i P_i,
 * P_i affine (curve.h layout, infinity = (0, 0)), k_i 32-byte little-endian below
 * 2^scalar_bits.  Method (Pippenger's bucket method with signed digits, as in sppark and
 * ec-gpu):
 *
 *   1. digits:  k = sum_w d_w 2^(w c), d_w in [-2^(c-1), 2^(c-1)] (take c bits plus the
 *               carry; above 2^(c-1) subtract 2^c and carry 1).  nw = scalar_bits/c + 1
 *               windows hold every carry.  Digit d != 0 goes to bucket |d| - 1 of window w
 *               with P_i or -P_i; a count per (window, bucket) is taken with an atomic.
 *   2. scan:    per window, the exclusive prefix sum of its bucket counts (window w's
 *               entries live at [w n, w n + n) of the sorted array: at most n digits each).
 *   3. scatter: each (point, window) entry lands in its bucket's range (atomic cursor);
 *               the order inside a bucket varies from run to run, the sum does not.
 *   4. buckets: one work-item per (window, bucket) sums its points (XYZZ mixed additions,
 *               which handle infinity, P + P and P + (-P)).
 *   5. segments: window w's B = 2^(c-1) buckets in S segments of L = B/S; one work-item
 *               per (window, segment) forms, from the top, the running sum R_s = sum of
 *               its buckets and T_s = sum (b - lo_s + 1) bucket_b.
 *   6. windows: one work-item per window: sum_b (b+1) bucket_b = sum_s T_s + L sum_s s R_s,
 *               the last sum again by running sums (S - 1 additions each), times L by
 *               log2 L doublings.
 *   7. host:    Horner over the nw window sums: acc = acc·2^c + W_w (zka_msm_host_finish).
 *
 * Buffers (words are zka_u64 unless said; offsets in words):
 *   points  affine points, PW = 2·FW words each (FW: words of a coordinate)
 *   scalars 4 words each
 *   digits  zka_u32 [nw n]: bucket | ZKA_MSM_NEG, or ZKA_MSM_EMPTY for a zero digit
 *   counts  zka_u32 [nw B] (zeroed before the digits kernel), starts, cursor: zka_u32 [nw B]
 *   sorted  zka_u32 [nw n]: point index | ZKA_MSM_NEG
 *   buckets XYZZ [nw B] (XW = 4·FW words each), segs XYZZ [nw S 2] (R_s, T_s),
 *   windows XYZZ [nw]
 *
 * Kernel entry points (G = bn254_g1, bn254_g2, bls12_381_g1, bls12_381_g2; `count` = the
 * work-items doing work, the launch may round up; no barriers):
 *   zka_msm_digits  (u32 *digits, u32 *counts, const u64 *scalars, u64 soff, u64 n,
 *                    u32 c, u32 nw)                                  count = n
 *   zka_msm_scan    (u32 *starts, u32 *cursor, const u32 *counts, u64 n, u32 c, u32 nw)
 *                                                                     count = nw
 *   zka_msm_scatter (u32 *sorted, u32 *cursor, const u32 *digits, u64 n, u32 c, u64 count)
 *                                                                     count = nw n
 *   zka_msm_G_bucket  (u64 *buckets, const u64 *points, u64 poff, const u32 *sorted,
 *                      const u32 *starts, const u32 *counts, u64 count = nw B)
 *   zka_msm_G_segment (u64 *segs, const u64 *buckets, u32 c, u32 log_s, u64 count = nw S)
 *   zka_msm_G_window  (u64 *windows, const u64 *segs, u32 c, u32 log_s, u64 count = nw)
 * (the digit kernels are group-independent: defined once per program).
 */
#ifndef ZKA_MSM_BODY_H
#define ZKA_MSM_BODY_H
#include "../../core/curve/curves_portable.h"

/* Group codes: the zka_group_id values of include/zkaccel/msm.h (the OpenCL program is
 * built per group with -DZKA_MSM_GROUP=<code>). */
#define ZKA_MSM_BN254_G1 1
#define ZKA_MSM_BN254_G2 2
#define ZKA_MSM_BLS12_381_G1 3
#define ZKA_MSM_BLS12_381_G2 4

/* Window widths: c in [2, 16] (B = 2^(c-1) <= 32768 buckets per window; the digit keeps
 * the bucket in the low 31 bits and the sign in the top one). */
#define ZKA_MSM_MIN_WINDOW 2
#define ZKA_MSM_MAX_WINDOW 16
/* Segments per window for the reduction (at most B): enough work-items for a GPU, few
 * enough that the per-window pass (2 additions per segment) stays short. */
#define ZKA_MSM_LOG_SEGMENTS 7
#define ZKA_MSM_NEG 0x80000000u
#define ZKA_MSM_EMPTY 0xffffffffu

/* ZKA_MSM_NOINLINE: the point operations the kernels call (ZKA_MSM_GROUP_OPS), compiled
 * once per group.  CUDA inlines every _ref function (__forceinline__): with every addition
 * site expanded in full ptxas ran for over 8 minutes on msm.cu (see msm.cu for the rest). */
#if defined(ZKA_TARGET_OPENCL)
#define ZKA_MSM_GID() ((zka_u64)get_global_id(0))
#define ZKA_MSM_ATOMIC_INC(p) atomic_inc(p)
#define ZKA_MSM_NOINLINE static
#elif defined(ZKA_TARGET_CUDA)
#define ZKA_MSM_GID() ((zka_u64)blockIdx.x * blockDim.x + threadIdx.x)
#define ZKA_MSM_ATOMIC_INC(p) atomicAdd((p), 1u)
#define ZKA_MSM_NOINLINE static __device__ __noinline__
#endif

/* ---- coordinate and point loads/stores (words of a ZKA_GLOBAL zka_u64 array; on the
 * host ZKA_GLOBAL is empty and the same functions read host memory) ---- */

#define ZKA_MSM_FIELD_IO(F, NL)                                                          \
  ZKA_INLINE zka_##F zka_msm_ld_##F(ZKA_GLOBAL const zka_u64 *p, zka_u64 base) {         \
    zka_##F x;                                                                           \
    for (int k = 0; k < NL; k++) x.l[k] = p[base + k];                                   \
    return x;                                                                            \
  }                                                                                      \
  ZKA_INLINE void zka_msm_st_##F(ZKA_GLOBAL zka_u64 *p, zka_u64 base, zka_##F x) {       \
    for (int k = 0; k < NL; k++) p[base + k] = x.l[k];                                   \
  }
#define ZKA_MSM_FIELD2_IO(F2, F, NL)                                                     \
  ZKA_INLINE zka_##F2 zka_msm_ld_##F2(ZKA_GLOBAL const zka_u64 *p, zka_u64 base) {       \
    zka_##F2 x;                                                                          \
    x.c0 = zka_msm_ld_##F(p, base);                                                      \
    x.c1 = zka_msm_ld_##F(p, base + NL);                                                 \
    return x;                                                                            \
  }                                                                                      \
  ZKA_INLINE void zka_msm_st_##F2(ZKA_GLOBAL zka_u64 *p, zka_u64 base, zka_##F2 x) {     \
    zka_msm_st_##F(p, base, x.c0);                                                       \
    zka_msm_st_##F(p, base + NL, x.c1);                                                  \
  }
ZKA_MSM_FIELD_IO(bn254_fq, 4)
ZKA_MSM_FIELD_IO(bls12_381_fq, 6)
ZKA_MSM_FIELD2_IO(bn254_fq2, bn254_fq, 4)
ZKA_MSM_FIELD2_IO(bls12_381_fq2, bls12_381_fq, 6)

/* G: group; F: its coordinate field; FW: words per coordinate. */
#define ZKA_MSM_POINT_IO(G, F, FW)                                                       \
  ZKA_INLINE zka_##G##_affine zka_msm_ld_##G##_affine(ZKA_GLOBAL const zka_u64 *p,       \
                                                      zka_u64 base) {                    \
    zka_##G##_affine a;                                                                  \
    a.x = zka_msm_ld_##F(p, base);                                                       \
    a.y = zka_msm_ld_##F(p, base + FW);                                                  \
    return a;                                                                            \
  }                                                                                      \
  ZKA_INLINE zka_##G##_xyzz zka_msm_ld_##G##_xyzz(ZKA_GLOBAL const zka_u64 *p,           \
                                                  zka_u64 base) {                        \
    zka_##G##_xyzz a;                                                                    \
    a.x = zka_msm_ld_##F(p, base);                                                       \
    a.y = zka_msm_ld_##F(p, base + FW);                                                  \
    a.zz = zka_msm_ld_##F(p, base + 2 * FW);                                             \
    a.zzz = zka_msm_ld_##F(p, base + 3 * FW);                                            \
    return a;                                                                            \
  }                                                                                      \
  ZKA_INLINE void zka_msm_st_##G##_xyzz(ZKA_GLOBAL zka_u64 *p, zka_u64 base,             \
                                        zka_##G##_xyzz a) {                              \
    zka_msm_st_##F(p, base, a.x);                                                        \
    zka_msm_st_##F(p, base + FW, a.y);                                                   \
    zka_msm_st_##F(p, base + 2 * FW, a.zz);                                              \
    zka_msm_st_##F(p, base + 3 * FW, a.zzz);                                             \
  }
ZKA_MSM_POINT_IO(bn254_g1, bn254_fq, 4)
ZKA_MSM_POINT_IO(bn254_g2, bn254_fq2, 8)
ZKA_MSM_POINT_IO(bls12_381_g1, bls12_381_fq, 6)
ZKA_MSM_POINT_IO(bls12_381_g2, bls12_381_fq2, 12)

/* Signed digit w (width c) of the 4-word scalar s: returns it, updating the carry from
 * window w-1 (0 before window 0).  Bits past 256 are zero. */
ZKA_INLINE int zka_msm_digit(const zka_u64 *s, zka_u32 w, zka_u32 c, zka_u32 *carry) {
  const zka_u32 pos = w * c, word = pos >> 6, sh = pos & 63;
  zka_u64 bits = 0;
  if (word < 4) {
    bits = s[word] >> sh;
    if (sh + c > 64 && word + 1 < 4) bits |= s[word + 1] << (64 - sh);
  }
  const zka_u32 half_range = (zka_u32)1 << (c - 1);
  const zka_u32 v = (zka_u32)(bits & ((((zka_u64)1) << c) - 1)) + *carry;
  if (v > half_range) {
    *carry = 1;
    return (int)v - (int)(half_range << 1);
  }
  *carry = 0;
  return (int)v;
}

#if defined(ZKA_TARGET_OPENCL) || defined(ZKA_TARGET_CUDA)

/* Steps 1-3: group-independent, defined once per program. */
#define ZKA_MSM_DIGIT_KERNELS                                                                \
  ZKA_KERNEL void zka_msm_digits(ZKA_GLOBAL zka_u32 *digits, ZKA_GLOBAL zka_u32 *counts,    \
                                 ZKA_GLOBAL const zka_u64 *scalars, zka_u64 soff, zka_u64 n, \
                                 zka_u32 c, zka_u32 nw) {                                    \
    zka_u64 i = ZKA_MSM_GID();                                                               \
    if (i >= n) return;                                                                      \
    zka_u64 s[4];                                                                            \
    for (int k = 0; k < 4; k++) s[k] = scalars[soff + 4 * i + k];                            \
    const zka_u32 nb = (zka_u32)1 << (c - 1);                                                \
    zka_u32 carry = 0;                                                                       \
    for (zka_u32 w = 0; w < nw; w++) {                                                       \
      int d = zka_msm_digit(s, w, c, &carry);                                                \
      zka_u32 e = ZKA_MSM_EMPTY;                                                             \
      if (d != 0) {                                                                          \
        zka_u32 b = (zka_u32)(d < 0 ? -d : d) - 1;                                           \
        e = b | (d < 0 ? ZKA_MSM_NEG : 0u);                                                  \
        ZKA_MSM_ATOMIC_INC(&counts[(zka_u64)w * nb + b]);                                    \
      }                                                                                      \
      digits[(zka_u64)w * n + i] = e;                                                        \
    }                                                                                        \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_msm_scan(ZKA_GLOBAL zka_u32 *starts, ZKA_GLOBAL zka_u32 *cursor,       \
                               ZKA_GLOBAL const zka_u32 *counts, zka_u64 n, zka_u32 c,       \
                               zka_u32 nw) {                                                 \
    zka_u64 w = ZKA_MSM_GID();                                                               \
    if (w >= nw) return;                                                                     \
    const zka_u64 nb = (zka_u64)1 << (c - 1);                                                \
    zka_u32 run = (zka_u32)(w * n);                                                          \
    for (zka_u64 b = 0; b < nb; b++) {                                                       \
      starts[w * nb + b] = run;                                                              \
      cursor[w * nb + b] = run;                                                              \
      run += counts[w * nb + b];                                                             \
    }                                                                                        \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_msm_scatter(ZKA_GLOBAL zka_u32 *sorted, ZKA_GLOBAL zka_u32 *cursor,    \
                                  ZKA_GLOBAL const zka_u32 *digits, zka_u64 n, zka_u32 c,    \
                                  zka_u64 count) {                                           \
    zka_u64 t = ZKA_MSM_GID();                                                               \
    if (t >= count) return;                                                                  \
    zka_u32 e = digits[t];                                                                   \
    if (e == ZKA_MSM_EMPTY) return;                                                          \
    zka_u64 w = t / n, i = t - w * n;                                                        \
    zka_u64 key = (w << (c - 1)) + (e & ~ZKA_MSM_NEG);                                       \
    zka_u32 pos = ZKA_MSM_ATOMIC_INC(&cursor[key]);                                          \
    sorted[pos] = (zka_u32)i | (e & ZKA_MSM_NEG);                                            \
  }

/* The three XYZZ operations of group G the kernels call (zka_msm_G_add, _madd, _dbl), from
 * a point_template.h instantiation whose names PN(op) makes (OpenCL: the _ref functions of
 * curves_portable.h; CUDA: msm.cu's own over out-of-line field multiplications). */
#define ZKA_MSM_GROUP_OPS(G, PN)                                                             \
  ZKA_MSM_NOINLINE zka_##G##_xyzz zka_msm_##G##_add(zka_##G##_xyzz p, zka_##G##_xyzz q) {    \
    return PN(xyzz_add)(p, q);                                                               \
  }                                                                                          \
  ZKA_MSM_NOINLINE zka_##G##_xyzz zka_msm_##G##_madd(zka_##G##_xyzz p, zka_##G##_affine q) { \
    return PN(xyzz_add_mixed)(p, q);                                                         \
  }                                                                                          \
  ZKA_MSM_NOINLINE zka_##G##_xyzz zka_msm_##G##_dbl(zka_##G##_xyzz p) {                      \
    return PN(xyzz_dbl)(p);                                                                  \
  }

/* Steps 4-6 for group G (PW, XW: words of an affine and an XYZZ point); needs
 * ZKA_MSM_GROUP_OPS(G, ...) first. */
#define ZKA_MSM_GROUP_KERNELS(G, PW, XW)                                                     \
  ZKA_KERNEL void zka_msm_##G##_bucket(ZKA_GLOBAL zka_u64 *buckets,                          \
                                       ZKA_GLOBAL const zka_u64 *points, zka_u64 poff,       \
                                       ZKA_GLOBAL const zka_u32 *sorted,                     \
                                       ZKA_GLOBAL const zka_u32 *starts,                     \
                                       ZKA_GLOBAL const zka_u32 *counts, zka_u64 count) {    \
    zka_u64 k = ZKA_MSM_GID();                                                               \
    if (k >= count) return;                                                                  \
    zka_u32 begin = starts[k], end = begin + counts[k];                                      \
    zka_##G##_xyzz acc = zka_##G##_xyzz_infinity_ref();                                      \
    for (zka_u32 j = begin; j < end; j++) {                                                  \
      zka_u32 e = sorted[j];                                                                 \
      zka_##G##_affine p =                                                                   \
          zka_msm_ld_##G##_affine(points, poff + (zka_u64)(e & ~ZKA_MSM_NEG) * PW);          \
      if (e & ZKA_MSM_NEG) p = zka_##G##_affine_neg_ref(p);                                  \
      acc = zka_msm_##G##_madd(acc, p);                                            \
    }                                                                                        \
    zka_msm_st_##G##_xyzz(buckets, k * XW, acc);                                             \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_msm_##G##_segment(ZKA_GLOBAL zka_u64 *segs,                            \
                                        ZKA_GLOBAL const zka_u64 *buckets, zka_u32 c,        \
                                        zka_u32 log_s, zka_u64 count) {                      \
    zka_u64 t = ZKA_MSM_GID();                                                               \
    if (t >= count) return;                                                                  \
    const zka_u64 len = ((zka_u64)1) << (c - 1 - log_s);                                     \
    const zka_u64 first = t * len; /* bucket (w, lo) is bucket t*len of the whole array */  \
    zka_##G##_xyzz run = zka_##G##_xyzz_infinity_ref(), tot = run;                           \
    for (zka_u64 b = len; b-- > 0;) {                                                        \
      run = zka_msm_##G##_add(run, zka_msm_ld_##G##_xyzz(buckets, (first + b) * XW));   \
      tot = zka_msm_##G##_add(tot, run);                                                \
    }                                                                                        \
    zka_msm_st_##G##_xyzz(segs, 2 * t * XW, run);                                            \
    zka_msm_st_##G##_xyzz(segs, (2 * t + 1) * XW, tot);                                      \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_msm_##G##_window(ZKA_GLOBAL zka_u64 *windows,                          \
                                       ZKA_GLOBAL const zka_u64 *segs, zka_u32 c,            \
                                       zka_u32 log_s, zka_u64 count) {                       \
    zka_u64 w = ZKA_MSM_GID();                                                               \
    if (w >= count) return;                                                                  \
    const zka_u64 ns = ((zka_u64)1) << log_s, first = w * ns;                                \
    zka_##G##_xyzz run = zka_##G##_xyzz_infinity_ref(), acc = run, tsum = run;               \
    for (zka_u64 s = ns; s-- > 0;) {                                                         \
      tsum = zka_msm_##G##_add(tsum, zka_msm_ld_##G##_xyzz(segs, (2 * (first + s) + 1) * XW)); \
      if (s == 0) break;                                                                     \
      run = zka_msm_##G##_add(run, zka_msm_ld_##G##_xyzz(segs, 2 * (first + s) * XW));  \
      acc = zka_msm_##G##_add(acc, run);                                                \
    }                                                                                        \
    for (zka_u32 i = 0; i < c - 1 - log_s; i++) acc = zka_msm_##G##_dbl(acc);           \
    zka_msm_st_##G##_xyzz(windows, w * XW, zka_msm_##G##_add(acc, tsum));               \
  }

#endif /* OpenCL or CUDA */

#if defined(ZKA_TARGET_HOST)
#include <string.h>

/* Words of a coordinate, by group code (0: unknown). */
static inline unsigned zka_msm_host_coord_words(unsigned g) {
  switch (g) {
    case ZKA_MSM_BN254_G1: return 4;
    case ZKA_MSM_BN254_G2: return 8;
    case ZKA_MSM_BLS12_381_G1: return 6;
    case ZKA_MSM_BLS12_381_G2: return 12;
    default: return 0;
  }
}

/* How a plug-in runs one job. */
typedef struct {
  unsigned c;      /* window width */
  unsigned nw;     /* windows */
  unsigned log_s;  /* log2 of the segments per window */
  uint64_t nb;     /* buckets per window, 2^(c-1) */
  unsigned fw;     /* words per coordinate */
  size_t pw, xw;   /* words per affine and per XYZZ point */
} zka_msm_host_plan;

/* The window width for n points: about log2(n) - 2 (the bucket additions, nw·n, against
 * the reduction, 2·nw·2^(c-1)), within [2, 16]. */
static inline unsigned zka_msm_host_window(uint64_t n) {
  unsigned lg = 0;
  while (lg < 63 && ((uint64_t)1 << (lg + 1)) <= n) lg++;
  unsigned c = lg > 4 ? lg - 2 : 2;
  if (c > ZKA_MSM_MAX_WINDOW) c = ZKA_MSM_MAX_WINDOW;
  return c;
}

/* Plan job (group g, n points, scalar_bits): 1, or 0 with a reason in *why (a job this
 * kernel set cannot run: unknown group, scalar_bits > 256, n·nw past 2^31 entries). */
static inline int zka_msm_host_plan_job(zka_msm_host_plan *p, unsigned g, uint64_t n,
                                        unsigned scalar_bits, const char **why) {
  memset(p, 0, sizeof *p);
  p->fw = zka_msm_host_coord_words(g);
  if (!p->fw) {
    *why = "unknown group";
    return 0;
  }
  if (scalar_bits > 256) {
    *why = "scalar_bits above 256";
    return 0;
  }
  p->c = zka_msm_host_window(n);
  p->nw = scalar_bits / p->c + 1;
  p->nb = (uint64_t)1 << (p->c - 1);
  p->log_s = p->c - 1 < ZKA_MSM_LOG_SEGMENTS ? p->c - 1 : ZKA_MSM_LOG_SEGMENTS;
  p->pw = 2 * (size_t)p->fw;
  p->xw = 4 * (size_t)p->fw;
  /* digit entries and sorted positions are 32-bit, point indices 31-bit */
  if (n >= ((uint64_t)1 << 31) / p->nw) {
    *why = "too many points for one job (n * windows must stay below 2^31)";
    return 0;
  }
  return 1;
}

/* Step 7: result (a zka_<G>_jacobian in host memory) = sum_w 2^(w c) W_w, W_w the nw XYZZ
 * window sums in `windows` (p->xw words each). */
#define ZKA_MSM_HOST_FINISH(G)                                                             \
  {                                                                                        \
    zka_##G##_xyzz acc = zka_msm_ld_##G##_xyzz(windows, (uint64_t)(p->nw - 1) * p->xw);    \
    for (unsigned w = p->nw - 1; w-- > 0;) {                                               \
      for (unsigned i = 0; i < p->c; i++) acc = zka_##G##_xyzz_dbl_ref(acc);               \
      acc = zka_##G##_xyzz_add_ref(acc, zka_msm_ld_##G##_xyzz(windows, (uint64_t)w * p->xw)); \
    }                                                                                      \
    zka_##G##_jacobian j = zka_##G##_xyzz_to_jacobian_ref(acc);                            \
    memcpy(result, &j, sizeof j);                                                          \
  }
static inline void zka_msm_host_finish(void *result, unsigned g, const zka_msm_host_plan *p,
                                       const uint64_t *windows) {
  switch (g) {
    case ZKA_MSM_BN254_G1: ZKA_MSM_HOST_FINISH(bn254_g1) break;
    case ZKA_MSM_BN254_G2: ZKA_MSM_HOST_FINISH(bn254_g2) break;
    case ZKA_MSM_BLS12_381_G1: ZKA_MSM_HOST_FINISH(bls12_381_g1) break;
    case ZKA_MSM_BLS12_381_G2: ZKA_MSM_HOST_FINISH(bls12_381_g2) break;
    default: break;
  }
}
#undef ZKA_MSM_HOST_FINISH

/* Infinity as a zka_<G>_jacobian in host memory (n = 0). */
static inline void zka_msm_host_infinity(void *result, unsigned g) {
  switch (g) {
#define ZKA_MSM_HOST_INF(G)                                  \
  {                                                          \
    zka_##G##_jacobian j = zka_##G##_infinity_ref();         \
    memcpy(result, &j, sizeof j);                            \
  }
    case ZKA_MSM_BN254_G1: ZKA_MSM_HOST_INF(bn254_g1) break;
    case ZKA_MSM_BN254_G2: ZKA_MSM_HOST_INF(bn254_g2) break;
    case ZKA_MSM_BLS12_381_G1: ZKA_MSM_HOST_INF(bls12_381_g1) break;
    case ZKA_MSM_BLS12_381_G2: ZKA_MSM_HOST_INF(bls12_381_g2) break;
#undef ZKA_MSM_HOST_INF
    default: break;
  }
}

/* Group names as the kernels spell them, by group code. */
static inline const char *zka_msm_host_group_name(unsigned g) {
  static const char *const names[5] = {"?", "bn254_g1", "bn254_g2", "bls12_381_g1",
                                       "bls12_381_g2"};
  return g < 5 ? names[g] : "?";
}
#endif /* ZKA_TARGET_HOST */

#endif /* ZKA_MSM_BODY_H */
