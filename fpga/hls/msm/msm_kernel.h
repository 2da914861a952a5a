/* msm_kernel.h — the HLS MSM bucket-accumulation kernels: one top function per group, their
 * fixed limits and the layout of their arguments.  Shared by the kernel (msm_kernel.c), its
 * C-simulation bench (msm_tb.c) and the two host sides (fpga/host/fpga_msm_host.h: the
 * emulated board and XRT).  C11, and compiles as Vitis HLS C.
 *
 * What one call computes (one Pippenger window, or a chunk of one): for each point i < count
 * with signed digit d_i (|d_i| <= 2^(window_bits-1)), bucket[|d_i| - 1] += sign(d_i)·P_i.
 * The buckets live on chip during the call; they are loaded from / stored back to the
 * `buckets` buffer so a window can be fed in several calls (the host splits large inputs);
 * the running-sum reduction of the buckets and the combination of windows (doublings) are
 * the host's (fpga_msm_host.h), as in CycloneMSM, where the FPGA only accumulates buckets.
 *
 *   top function               group           coordinate words W  (zka_u64 each)
 *   zka_hls_msm_bn254_g1       BN254 G1        4
 *   zka_hls_msm_bn254_g2       BN254 G2        8   (Fq2: c0 then c1)
 *   zka_hls_msm_bls12_381_g1   BLS12-381 G1    6
 *   zka_hls_msm_bls12_381_g2   BLS12-381 G2    12
 *
 * Arguments of every top function:
 *   buckets  m_axi (bundle gmem), read (unless flags has CLEAR) and written: 2^(window_bits-1)
 *            XYZZ points (curve.h layout: x, y, zz, zzz, 4·W words each; zz = 0 is
 *            infinity), bucket k holds the sum of the points with |digit| = k + 1.
 *   points   m_axi (bundle gmem), read only: count affine points (x, y: 2·W words each,
 *            curve.h layout, Montgomery form; (0, 0) is infinity and is skipped).
 *   digits   m_axi (bundle gmem), read only: count signed digits, two's complement in a
 *            zka_u32 word; 0 is skipped, |d| <= 2^(window_bits-1).
 *   count    0 .. ZKA_HLS_MSM_MAX_COUNT points in this call
 *   window_bits  ZKA_HLS_MSM_MIN_WINDOW .. ZKA_HLS_MSM_MAX_WINDOW
 *   flags    ZKA_HLS_MSM_CLEAR: start from empty buckets instead of reading them
 * Out-of-range scalars (count or window_bits outside the limits, a digit beyond the window)
 * make the kernel return without touching buckets (or skip that digit): a Vitis kernel has
 * no return value, so the host validates first and never sends them.
 *
 * The adder and its scheduler (CycloneMSM, Aasaraai et al., eprint 2022/1396, section 4):
 * one XYZZ + affine mixed addition (madd-2008-s, core/curve/point_template.h, 8M + 2S) is
 * started per cycle into a pipeline of ZKA_HLS_MSM_PIPE_DEPTH stages; its bucket is read at
 * issue and written at retirement.  A point whose bucket is still in flight would read a
 * stale bucket (a read-after-write hazard), so instead it is parked in a FIFO of
 * ZKA_HLS_MSM_FIFO_DEPTH entries and retried when its bucket has retired; the FIFO head has
 * priority over the input stream.  The pipeline thus never holds two additions into one
 * bucket, and it stalls only when the FIFO is full or every candidate conflicts.
 */
#ifndef ZKA_FPGA_HLS_MSM_KERNEL_H
#define ZKA_FPGA_HLS_MSM_KERNEL_H
#include "core/curve/curves_portable.h"

/** Window sizes the on-chip bucket memory holds: c <= 12 gives 2^11 = 2048 signed-digit
 *  buckets per call.  BLS12-381 G2's XYZZ bucket is 4 x 12 x 8 = 384 bytes, so 2048 of them
 *  are 768 KiB: about 22 of the U250's 1280 UltraRAM blocks (36 KiB each); G1 needs a
 *  quarter to a half of that.  c >= 2 so that a window digit has a sign and a magnitude. */
#define ZKA_HLS_MSM_MIN_WINDOW 2u
#define ZKA_HLS_MSM_MAX_WINDOW 12u
#define ZKA_HLS_MSM_MAX_BUCKETS (1u << (ZKA_HLS_MSM_MAX_WINDOW - 1u))

/** Most points per call.  2^20 keeps the kernel's loop bound (2·count + 1)·(depth + 1)
 *  inside 32 bits; the host splits larger inputs into calls. */
#define ZKA_HLS_MSM_MAX_COUNT (1u << 20)

/** Stages of the modeled adder pipeline: the latency, in cycles, between reading a bucket
 *  and writing the sum back.  A 381-bit Montgomery multiplier pipelined for 300 MHz is tens
 *  of stages and madd-2008-s has a multiplication depth of 4, so real builds set this from
 *  the synthesis report (hundreds); the C model only needs it deep enough that the bench's
 *  repeated digits hit the hazard path, which any depth above 1 does. */
#ifndef ZKA_HLS_MSM_PIPE_DEPTH
#define ZKA_HLS_MSM_PIPE_DEPTH 32u
#endif
/** Parking FIFO entries (CycloneMSM uses a small FIFO; conflicts are rare when buckets
 *  outnumber pipeline stages, which is the case the window choice aims at). */
#ifndef ZKA_HLS_MSM_FIFO_DEPTH
#define ZKA_HLS_MSM_FIFO_DEPTH 16u
#endif

/** flags bits. */
#define ZKA_HLS_MSM_CLEAR 1u

/** zka_u64 words of one coordinate, per group. */
#define ZKA_HLS_MSM_WORDS_BN254_G1 4u
#define ZKA_HLS_MSM_WORDS_BN254_G2 8u
#define ZKA_HLS_MSM_WORDS_BLS12_381_G1 6u
#define ZKA_HLS_MSM_WORDS_BLS12_381_G2 12u

/** The kernels (top functions); names are the .xclbin's kernel names. */
void zka_hls_msm_bn254_g1(zka_u64 *buckets, const zka_u64 *points, const zka_u32 *digits,
                          zka_u32 count, zka_u32 window_bits, zka_u32 flags);
void zka_hls_msm_bn254_g2(zka_u64 *buckets, const zka_u64 *points, const zka_u32 *digits,
                          zka_u32 count, zka_u32 window_bits, zka_u32 flags);
void zka_hls_msm_bls12_381_g1(zka_u64 *buckets, const zka_u64 *points, const zka_u32 *digits,
                              zka_u32 count, zka_u32 window_bits, zka_u32 flags);
void zka_hls_msm_bls12_381_g2(zka_u64 *buckets, const zka_u64 *points, const zka_u32 *digits,
                              zka_u32 count, zka_u32 window_bits, zka_u32 flags);

#if !defined(__SYNTHESIS__)
/** C simulation and emulation only: what the scheduler did in the calling thread's last
 *  call (cycles of the modeled pipeline, additions issued, points parked in the FIFO,
 *  cycles that issued nothing), so the bench can assert the hazard path ran. */
typedef struct {
  zka_u64 cycles;
  zka_u64 issued;
  zka_u64 parked;
  zka_u64 bubbles;
  zka_u64 max_fifo;
  zka_u64 complete; /* 1: the input, the FIFO and the pipeline drained */
} zka_hls_msm_stats;
zka_hls_msm_stats zka_hls_msm_last_stats(void);
#endif

#endif
