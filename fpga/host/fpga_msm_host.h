/* fpga_msm_host.h — the host side of the HLS MSM kernels (fpga/hls/msm/), shared by the two
 * FPGA plug-ins (backend_fpga_emu.c: the emulated board; backend_xrt.c: a real board through
 * XRT): which jobs the kernels take, job checks against the device buffers, the window size,
 * the signed-digit recoding, the split of each window into kernel calls, and the host's part
 * of Pippenger (the running-sum reduction of each window's buckets and the combination of
 * windows with doublings), in the portable point formulas of core/curve/curves_portable.h.
 * Header-only (static functions), host C only; never calls libzkaccel (host/backend.h).
 *
 * One job, result = sum_i s_i·P_i over n points with scalars below 2^scalar_bits:
 *   1. the scalars are copied to the host once (the kernel takes digits, not scalars);
 *   2. window size c (2..12) from a cost model: windows·(n + 2·2^(c-1)) additions;
 *   3. windows j = 0, 1, ..., ceil((scalar_bits + 1) / c) - 1 from the bottom: the signed
 *      digit of point i is d = (bits [jc, jc + c) of s_i) + carry_i, and when d >= 2^(c-1)
 *      (not in the top window) d -= 2^c with carry_i = 1, so |d| <= 2^(c-1) and the top
 *      window (of at most c - 1 scalar bits, hence the + 1) never carries out;
 *   4. each window's digits go to the device in chunks of at most max_count points (the
 *      plug-in's choice, <= ZKA_HLS_MSM_MAX_COUNT), one kernel call per chunk (the first clears the buckets), then the 2^(c-1) buckets come
 *      back and the host reduces them: S_j = sum_k (k + 1)·B_k by running sums (2·2^(c-1)
 *      XYZZ additions);
 *   5. result = sum_j 2^(jc)·S_j, Horner from the top window (c doublings per window), in
 *      XYZZ, converted to Jacobian at the end.
 */
#ifndef ZKA_FPGA_MSM_HOST_H
#define ZKA_FPGA_MSM_HOST_H
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fpga/hls/msm/msm_kernel.h"
#include "host/backend.h"

/** The kernel's scalar arguments for one call, in the top function's argument order (after
 *  the buckets, points and digits pointers). */
typedef struct {
  zka_u32 count;
  zka_u32 window_bits;
  zka_u32 flags;
} zka_fpga_msm_args;

/** What a plug-in provides for one job.  Every function returns a zka_status and writes a
 *  message to err on failure.  The digits buffer holds one call's digits
 *  (zka_fpga_msm_digits_bytes); the buckets buffer zka_fpga_msm_buckets_bytes. */
typedef struct {
  void *ctx;
  /** Copy `bytes` of the job's scalars, from byte `offset` of its scalars buffer, to dst. */
  int (*read_scalars)(void *ctx, void *dst, size_t offset, size_t bytes, char *err,
                      size_t err_len);
  /** Copy `count` digit words to the start of the digits buffer. */
  int (*write_digits)(void *ctx, const zka_u32 *src, size_t count, char *err, size_t err_len);
  /** One kernel call, waited for: points from byte points_offset of the job's points buffer,
   *  digits from the start of the digits buffer, buckets in the buckets buffer. */
  int (*launch)(void *ctx, size_t points_offset, const zka_fpga_msm_args *args, char *err,
                size_t err_len);
  /** Copy the first `bytes` of the buckets buffer to dst. */
  int (*read_buckets)(void *ctx, void *dst, size_t bytes, char *err, size_t err_len);
} zka_fpga_msm_io;

/** zka_u64 words per coordinate of g's kernel; 0 without a kernel. */
static inline size_t zka_fpga_msm_words(zka_group_id g) {
  switch (g) {
    case ZKA_GROUP_BN254_G1:
      return ZKA_HLS_MSM_WORDS_BN254_G1;
    case ZKA_GROUP_BN254_G2:
      return ZKA_HLS_MSM_WORDS_BN254_G2;
    case ZKA_GROUP_BLS12_381_G1:
      return ZKA_HLS_MSM_WORDS_BLS12_381_G1;
    case ZKA_GROUP_BLS12_381_G2:
      return ZKA_HLS_MSM_WORDS_BLS12_381_G2;
  }
  return 0;
}

/** The kernel (top function, and .xclbin kernel) name for g; NULL for an unknown group. */
static inline const char *zka_fpga_msm_kernel_name(zka_group_id g) {
  switch (g) {
    case ZKA_GROUP_BN254_G1:
      return "zka_hls_msm_bn254_g1";
    case ZKA_GROUP_BN254_G2:
      return "zka_hls_msm_bn254_g2";
    case ZKA_GROUP_BLS12_381_G1:
      return "zka_hls_msm_bls12_381_g1";
    case ZKA_GROUP_BLS12_381_G2:
      return "zka_hls_msm_bls12_381_g2";
  }
  return NULL;
}

/** Bytes of an affine point / of an XYZZ bucket of g. */
static inline size_t zka_fpga_msm_affine_bytes(zka_group_id g) { return 16 * zka_fpga_msm_words(g); }
static inline size_t zka_fpga_msm_xyzz_bytes(zka_group_id g) { return 32 * zka_fpga_msm_words(g); }

/** Device buffer sizes a plug-in allocates for a job of n points fed in calls of at most
 *  max_count points (at least one word). */
static inline size_t zka_fpga_msm_digits_bytes(size_t n, size_t max_count) {
  const size_t words = n < max_count ? n : max_count;
  return 4 * (words ? words : 1);
}
static inline size_t zka_fpga_msm_buckets_bytes(zka_group_id g) {
  return (size_t)ZKA_HLS_MSM_MAX_BUCKETS * zka_fpga_msm_xyzz_bytes(g);
}

/** 1 when the kernels run this job: a group with a kernel, scalar_bits <= 256, and n at most
 *  max_n (a plug-in's own limit; SIZE_MAX for none). */
static inline int zka_fpga_msm_supported(const zka_msm_job *job, size_t max_n) {
  return job && zka_fpga_msm_words(job->group) != 0 && job->scalar_bits <= 256 &&
         job->n <= max_n;
}

/** Check a job against the device buffers: offsets on 8-byte words (the kernel's AXI master
 *  reads whole words) and extents inside the buffers.  ZKA_ERR_UNSUPPORTED or
 *  ZKA_ERR_INVALID_ARGUMENT with a message naming `who`. */
static inline int zka_fpga_msm_check(const char *who, const zka_msm_job *job, size_t max_n,
                                     size_t points_offset, size_t points_bytes,
                                     size_t scalars_offset, size_t scalars_bytes, char *err,
                                     size_t err_len) {
  if (!zka_fpga_msm_supported(job, max_n)) {
    snprintf(err, err_len, "%s: MSM job (group %d, n %zu, %u scalar bits) is not supported "
             "(the HLS kernels take BN254 and BLS12-381 G1 and G2, scalars of at most 256 "
             "bits, n <= %zu)", who, job ? (int)job->group : -1, job ? job->n : (size_t)0,
             job ? job->scalar_bits : 0u, max_n);
    return ZKA_ERR_UNSUPPORTED;
  }
  const size_t ab = zka_fpga_msm_affine_bytes(job->group);
  const int fits = points_offset % 8 == 0 && points_offset <= points_bytes &&
                   scalars_offset <= scalars_bytes &&
                   job->n <= (points_bytes - points_offset) / ab &&
                   job->n <= (scalars_bytes - scalars_offset) / 32;
  if (!fits) {
    snprintf(err, err_len, "%s: %zu points at offset %zu of a %zu-byte buffer and scalars at "
             "offset %zu of a %zu-byte buffer do not fit (or the points offset is not a "
             "multiple of 8)", who, job->n, points_offset, points_bytes, scalars_offset,
             scalars_bytes);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

/** Windows of c bits for scalars of `bits` bits: ceil((bits + 1) / c) (the + 1 takes the
 *  last carry of the signed digits). */
static inline unsigned zka_fpga_msm_windows(unsigned bits, unsigned c) { return (bits + c) / c; }

/** The window size for n points: the c in [2, 12] that minimizes windows·(n + 2·2^(c-1)),
 *  the kernel's additions (one per point per window) plus the host's running sums. */
static inline unsigned zka_fpga_msm_window_bits(size_t n, unsigned bits) {
  unsigned best = ZKA_HLS_MSM_MIN_WINDOW;
  double best_cost = -1;
  for (unsigned c = ZKA_HLS_MSM_MIN_WINDOW; c <= ZKA_HLS_MSM_MAX_WINDOW; c++) {
    const double cost = (double)zka_fpga_msm_windows(bits, c) * ((double)n + (double)(1u << c));
    if (best_cost < 0 || cost < best_cost) {
      best_cost = cost;
      best = c;
    }
  }
  return best;
}

/** Bits [start, start + c) of a 32-byte little-endian scalar (c <= 12; bits past 255 are 0). */
static inline uint32_t zka_fpga_msm_scalar_bits(const uint8_t *s, unsigned start, unsigned c) {
  uint32_t v = 0;
  for (unsigned k = 0; k < 3; k++) { /* c <= 12 spans at most 3 bytes */
    const unsigned byte = start / 8 + k;
    if (byte < 32) v |= (uint32_t)s[byte] << (8 * k);
  }
  return (v >> (start % 8)) & ((1u << c) - 1u);
}

/* ---- per group: the running-sum reduction and the combination of windows ------------ */

/* sum_k (k + 1)·B_k over nb XYZZ buckets (words in the kernel's layout), by running sums:
 * running = B_{nb-1} + ... + B_k, sum += running for k from the top. */
#define ZKA_FPGA_MSM_GROUP(G)                                                                \
  static zka_##G##_xyzz zka_fpga_msm_window_sum_##G(const zka_u64 *bucket_words,             \
                                                    unsigned nb) {                           \
    zka_##G##_xyzz running = zka_##G##_xyzz_infinity_ref();                                   \
    zka_##G##_xyzz sum = zka_##G##_xyzz_infinity_ref();                                       \
    for (unsigned k = nb; k-- > 0;) {                                                        \
      zka_##G##_xyzz b;                                                                      \
      memcpy(&b, bucket_words + (size_t)k * (sizeof b / 8), sizeof b);                       \
      running = zka_##G##_xyzz_add_ref(running, b);                                          \
      sum = zka_##G##_xyzz_add_ref(sum, running);                                            \
    }                                                                                        \
    return sum;                                                                              \
  }                                                                                          \
  /* result (Jacobian) = sum_j 2^(jc)·S_j over nwin window sums, Horner from the top. */     \
  static void zka_fpga_msm_combine_##G(void *result, const zka_u64 *window_words,            \
                                       unsigned nwin, unsigned c) {                          \
    zka_##G##_xyzz acc = zka_##G##_xyzz_infinity_ref();                                       \
    for (unsigned j = nwin; j-- > 0;) {                                                      \
      zka_##G##_xyzz s;                                                                      \
      for (unsigned b = 0; b < c; b++) acc = zka_##G##_xyzz_dbl_ref(acc);                    \
      memcpy(&s, window_words + (size_t)j * (sizeof s / 8), sizeof s);                       \
      acc = zka_##G##_xyzz_add_ref(acc, s);                                                  \
    }                                                                                        \
    const zka_##G##_jacobian r = zka_##G##_xyzz_to_jacobian_ref(acc);                         \
    memcpy(result, &r, sizeof r);                                                            \
  }
ZKA_FPGA_MSM_GROUP(bn254_g1)
ZKA_FPGA_MSM_GROUP(bn254_g2)
ZKA_FPGA_MSM_GROUP(bls12_381_g1)
ZKA_FPGA_MSM_GROUP(bls12_381_g2)
#undef ZKA_FPGA_MSM_GROUP

/* Window sum of nb buckets into window_words (an XYZZ point of g). */
static inline void zka_fpga_msm_window_sum(zka_group_id g, zka_u64 *window_words,
                                           const zka_u64 *bucket_words, unsigned nb) {
  switch (g) {
#define ZKA_FPGA_MSM_CASE(ID, G)                                                 \
  case ID: {                                                                     \
    const zka_##G##_xyzz s = zka_fpga_msm_window_sum_##G(bucket_words, nb);      \
    memcpy(window_words, &s, sizeof s);                                          \
    return;                                                                      \
  }
    ZKA_FPGA_MSM_CASE(ZKA_GROUP_BN254_G1, bn254_g1)
    ZKA_FPGA_MSM_CASE(ZKA_GROUP_BN254_G2, bn254_g2)
    ZKA_FPGA_MSM_CASE(ZKA_GROUP_BLS12_381_G1, bls12_381_g1)
    ZKA_FPGA_MSM_CASE(ZKA_GROUP_BLS12_381_G2, bls12_381_g2)
#undef ZKA_FPGA_MSM_CASE
  }
}

static inline void zka_fpga_msm_combine(zka_group_id g, void *result, const zka_u64 *window_words,
                                        unsigned nwin, unsigned c) {
  switch (g) {
    case ZKA_GROUP_BN254_G1:
      zka_fpga_msm_combine_bn254_g1(result, window_words, nwin, c);
      return;
    case ZKA_GROUP_BN254_G2:
      zka_fpga_msm_combine_bn254_g2(result, window_words, nwin, c);
      return;
    case ZKA_GROUP_BLS12_381_G1:
      zka_fpga_msm_combine_bls12_381_g1(result, window_words, nwin, c);
      return;
    case ZKA_GROUP_BLS12_381_G2:
      zka_fpga_msm_combine_bls12_381_g2(result, window_words, nwin, c);
      return;
  }
}

/** Run a checked job (steps 1-5 above) through io, in kernel calls of at most max_count points
 *  (0 or more than ZKA_HLS_MSM_MAX_COUNT: ZKA_HLS_MSM_MAX_COUNT); the Jacobian result goes to host memory
 *  `result`.  n = 0 or scalar_bits = 0 gives infinity without a kernel call.  Stops at the
 *  first failing call. */
static inline int zka_fpga_msm_run(const char *who, const zka_msm_job *job, size_t points_offset,
                                   size_t scalars_offset, size_t max_count,
                                   const zka_fpga_msm_io *io, void *result, char *err,
                                   size_t err_len) {
  const zka_group_id g = job->group;
  const size_t n = job->n;
  const unsigned bits = job->scalar_bits;
  const unsigned c = zka_fpga_msm_window_bits(n, bits);
  const unsigned nwin = zka_fpga_msm_windows(bits, c);
  const unsigned nb = 1u << (c - 1);
  const size_t xw = zka_fpga_msm_xyzz_bytes(g) / 8;
  if (max_count == 0 || max_count > ZKA_HLS_MSM_MAX_COUNT) max_count = ZKA_HLS_MSM_MAX_COUNT;
  const size_t chunk_max = n < max_count ? n : max_count;
  if (n == 0 || bits == 0) {
    zka_fpga_msm_combine(g, result, NULL, 0, c); /* infinity */
    return ZKA_OK;
  }

  uint8_t *scalars = malloc(n * 32);
  uint8_t *carry = calloc(n, 1);
  zka_u32 *digits = malloc(chunk_max * sizeof *digits);
  zka_u64 *bucket_words = malloc((size_t)nb * xw * 8);
  zka_u64 *window_words = malloc((size_t)nwin * xw * 8);
  int st = ZKA_OK;
  if (!scalars || !carry || !digits || !bucket_words || !window_words) {
    snprintf(err, err_len, "%s: out of host memory for an MSM of %zu points", who, n);
    st = ZKA_ERR_OUT_OF_MEMORY;
    goto done;
  }
  st = io->read_scalars(io->ctx, scalars, scalars_offset, n * 32, err, err_len);
  if (st != ZKA_OK) goto done;

  for (unsigned j = 0; j < nwin; j++) {
    const int top = j + 1 == nwin;
    for (size_t first = 0; first < n; first += chunk_max) {
      const size_t count = n - first < chunk_max ? n - first : chunk_max;
      for (size_t i = 0; i < count; i++) {
        const size_t p = first + i;
        int32_t d = (int32_t)zka_fpga_msm_scalar_bits(scalars + 32 * p, j * c, c) + carry[p];
        carry[p] = 0;
        if (!top && d >= (int32_t)nb) {
          d -= (int32_t)(2 * nb);
          carry[p] = 1;
        }
        digits[i] = (zka_u32)d;
      }
      st = io->write_digits(io->ctx, digits, count, err, err_len);
      if (st != ZKA_OK) goto done;
      zka_fpga_msm_args a;
      a.count = (zka_u32)count;
      a.window_bits = c;
      a.flags = first == 0 ? ZKA_HLS_MSM_CLEAR : 0u;
      st = io->launch(io->ctx, points_offset + first * zka_fpga_msm_affine_bytes(g), &a, err,
                      err_len);
      if (st != ZKA_OK) goto done;
    }
    st = io->read_buckets(io->ctx, bucket_words, (size_t)nb * xw * 8, err, err_len);
    if (st != ZKA_OK) goto done;
    zka_fpga_msm_window_sum(g, window_words + (size_t)j * xw, bucket_words, nb);
  }
  zka_fpga_msm_combine(g, result, window_words, nwin, c);

done:
  free(scalars);
  free(carry);
  free(digits);
  free(bucket_words);
  free(window_words);
  return st;
}

#endif
