/* poseidon2_kernel.h — the HLS Poseidon2 kernels: one top function per instance, their fixed
 * sizes and the layout of their arguments.  Shared by the kernel (poseidon2_kernel.c), its
 * C-simulation bench (poseidon2_tb.c) and the two host sides (fpga/host/fpga_hash_host.h:
 * the emulated board and XRT).  C11, and compiles as Vitis HLS C.
 *
 * Semantics: exactly include/zkaccel/hash.h (padding-free sponge, TruncatedPermutation
 * compression) and zka_hash_job (host/backend.h), for the four Poseidon2 instances:
 *
 *   top function                    hash id                          width rate digest
 *   zka_hls_poseidon2_babybear16    ZKA_HASH_POSEIDON2_BABYBEAR_16     16     8     8
 *   zka_hls_poseidon2_babybear24    ZKA_HASH_POSEIDON2_BABYBEAR_24     24    16     8
 *   zka_hls_poseidon2_goldilocks8   ZKA_HASH_POSEIDON2_GOLDILOCKS_8     8     4     4
 *   zka_hls_poseidon2_goldilocks12  ZKA_HASH_POSEIDON2_GOLDILOCKS_12   12     8     4
 * (rate = width - capacity, capacity 8 for BabyBear and 4 for Goldilocks: hash.h.)
 *
 * Arguments of every top function:
 *   digests  m_axi (bundle gmem), written: count * digest elements, digest i at
 *            digests[i * digest].
 *   msgs     m_axi (bundle gmem), read only.  mode 0 (sponge): count messages of len
 *            elements, message i at msgs[i * len].  mode 1 (compress): count digest pairs,
 *            pair i = (left, right) at msgs[i * 2 * digest].
 *            Elements are the field's in-memory form: one zka_u32 (BabyBear, Montgomery) or
 *            one zka_u64 (Goldilocks, canonical).
 *   count    1 .. ZKA_HLS_POSEIDON2_MAX_BATCH messages in this call (the host splits larger
 *            jobs into several calls)
 *   len      elements per message (sponge; any value, 0 included); ignored by compress
 *   mode     0 sponge, 1 compress (zka_hash_mode)
 * Out-of-range scalars (count 0 or above the maximum, mode > 1) make the kernel return
 * without touching digests: a Vitis kernel has no return value, so the host validates first
 * (fpga_hash_host.h) and never sends them.
 */
#ifndef ZKA_FPGA_HLS_POSEIDON2_KERNEL_H
#define ZKA_FPGA_HLS_POSEIDON2_KERNEL_H
#include "core/field/small_fields_portable.h"

/** Most messages (or compressions) per kernel call.  The messages of one call are hashed
 *  interleaved: chunk c of every message goes through the permutation pipeline before chunk
 *  c + 1 of any, so the pipeline (one permutation started per cycle, a latency of a few
 *  hundred cycles with all rounds unrolled) stays full only when a call carries more
 *  messages than its depth.  512 covers that with room, and the on-chip state of 512
 *  messages (512 x 24 x 4 bytes for BabyBear-24, 512 x 12 x 8 for Goldilocks-12: 48 KiB, plus
 *  as much for the chunk being absorbed) fits a few BRAM36 blocks per lane. */
#define ZKA_HLS_POSEIDON2_MAX_BATCH 512u

/** Width, rate and digest of each instance (elements; hash.h). */
#define ZKA_HLS_POSEIDON2_BABYBEAR16_WIDTH 16
#define ZKA_HLS_POSEIDON2_BABYBEAR16_RATE 8
#define ZKA_HLS_POSEIDON2_BABYBEAR24_WIDTH 24
#define ZKA_HLS_POSEIDON2_BABYBEAR24_RATE 16
#define ZKA_HLS_POSEIDON2_BABYBEAR_DIGEST 8
#define ZKA_HLS_POSEIDON2_GOLDILOCKS8_WIDTH 8
#define ZKA_HLS_POSEIDON2_GOLDILOCKS8_RATE 4
#define ZKA_HLS_POSEIDON2_GOLDILOCKS12_WIDTH 12
#define ZKA_HLS_POSEIDON2_GOLDILOCKS12_RATE 8
#define ZKA_HLS_POSEIDON2_GOLDILOCKS_DIGEST 4

/** mode argument values (= zka_hash_mode). */
#define ZKA_HLS_POSEIDON2_SPONGE 0u
#define ZKA_HLS_POSEIDON2_COMPRESS 1u

/** The kernels (top functions).  Names are what the .xclbin's kernels are called, so the
 *  XRT host opens them by these strings. */
void zka_hls_poseidon2_babybear16(zka_u32 *digests, const zka_u32 *msgs, zka_u32 count,
                                  zka_u32 len, zka_u32 mode);
void zka_hls_poseidon2_babybear24(zka_u32 *digests, const zka_u32 *msgs, zka_u32 count,
                                  zka_u32 len, zka_u32 mode);
void zka_hls_poseidon2_goldilocks8(zka_u64 *digests, const zka_u64 *msgs, zka_u32 count,
                                   zka_u32 len, zka_u32 mode);
void zka_hls_poseidon2_goldilocks12(zka_u64 *digests, const zka_u64 *msgs, zka_u32 count,
                                    zka_u32 len, zka_u32 mode);

#endif
