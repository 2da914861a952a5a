/* msm_ifma.h — internal: the AVX-512 IFMA batch-affine step of the CPU MSM
 * (kernels/cpu/msm_ifma.c, used by msm_cpu_tmpl.h).
 *
 * Layout ("lane blocks"): field elements in radix 2^52, eight at a time, structure of
 * arrays: limb j of lane l at index j * 8 + l (N limbs: 5 for BN254 Fq, 8 for BLS12-381
 * Fq).  The integer is the same as in the 64-bit layout (Montgomery form, R = 2^256 or
 * 2^384, fully reduced below p): only the radix changes, so converting back gives the same
 * limbs bit for bit.  The vector Montgomery product divides by the same R as the 64-bit
 * code (N - 1 reductions by 2^52 and a last one by the remaining bits), so no change of
 * Montgomery domain is needed at the edges. */
#ifndef ZKA_KERNELS_CPU_MSM_IFMA_H
#define ZKA_KERNELS_CPU_MSM_IFMA_H
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Nonzero when the CPU and OS run AVX-512F + AVX-512 IFMA code and the library was built
 *  with the fast field path (not ZKA_PORTABLE).  Checked once; cheap to call. */
int zka_msm_ifma_available(void);

/** Slots of one lane block of a batch: each slot is N x 8 words. */
enum { ZKA_MSM_IFMA_DEN, ZKA_MSM_IFMA_NUM, ZKA_MSM_IFMA_XB, ZKA_MSM_IFMA_YB, ZKA_MSM_IFMA_XQ,
       ZKA_MSM_IFMA_SLOTS };

/** Eight affine additions per block, nblk blocks (blk: nblk x ZKA_MSM_IFMA_SLOTS x N x 8
 *  words, 64-byte aligned): for every lane, lambda = num / den, x3 = lambda^2 - xb - xq,
 *  y3 = lambda (xb - x3) - yb, with one shared field inversion (Montgomery's trick over
 *  sixteen interleaved chains).  x3 is written over the DEN slot, y3 over the NUM slot.
 *  Preconditions: every value < p; every den != 0 (padding lanes: den = one).  pre:
 *  scratch of nblk x N x 8 words, 64-byte aligned.  Call only when
 *  zka_msm_ifma_available(). */
void zka_msm_ifma_bn254_fq_affine_add(uint64_t *blk, uint64_t *pre, size_t nblk);
void zka_msm_ifma_bls12_381_fq_affine_add(uint64_t *blk, uint64_t *pre, size_t nblk);

/** One round of batch-affine bucket additions of the CPU MSM (G1 of BN254 / BLS12-381):
 *  for t < m, bucket[bidx[t]] += q[t], both affine points (x then y, L = 4 or 6 64-bit
 *  limbs each, Montgomery form), no two t with the same bidx, no point at infinity.
 *  Writes kind[t]: 0 addition, 1 doubling (q = bucket), 2 q = -bucket (the bucket is then
 *  left as it was: the caller marks it empty).  blk / pre: scratch as for _affine_add with
 *  nblk = (m + 7) / 8.  Same results as the scalar batch in msm_cpu_tmpl.h, bit for bit. */
void zka_msm_ifma_bn254_g1_batch_add(uint64_t *bucket, const uint32_t *bidx, const uint64_t *q,
                                     uint8_t *kind, size_t m, uint64_t *blk, uint64_t *pre);
void zka_msm_ifma_bls12_381_g1_batch_add(uint64_t *bucket, const uint32_t *bidx,
                                         const uint64_t *q, uint8_t *kind, size_t m,
                                         uint64_t *blk, uint64_t *pre);

#define ZKA_MSM_IFMA_MASK52 ((((uint64_t)1) << 52) - 1)

/* Radix 2^64 (L words) to radix 2^52 (N words), lane `lane` of a slot. */
static inline void zka_msm_ifma_put(uint64_t *slot, unsigned lane, const uint64_t *a, int L,
                                    int N) {
  for (int j = 0; j < N; j++) {
    int pos = 52 * j, w = pos / 64, off = pos % 64;
    uint64_t v = a[w] >> off;
    if (off > 12 && w + 1 < L) v |= a[w + 1] << (64 - off);
    slot[j * 8 + (int)lane] = v & ZKA_MSM_IFMA_MASK52;
  }
}

/* Radix 2^52 back to radix 2^64 (limbs of a value < 2^(64 L)). */
static inline void zka_msm_ifma_get(uint64_t *a, const uint64_t *slot, unsigned lane, int L,
                                    int N) {
  for (int w = 0; w < L; w++) a[w] = 0;
  for (int j = 0; j < N; j++) {
    uint64_t v = slot[j * 8 + (int)lane];
    int pos = 52 * j, w = pos / 64, off = pos % 64;
    if (w < L) a[w] |= v << off;
    if (off > 12 && w + 1 < L) a[w + 1] |= v >> (64 - off);
  }
}

#ifdef __cplusplus
}
#endif
#endif
