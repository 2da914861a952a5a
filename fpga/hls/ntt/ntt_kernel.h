/* ntt_kernel.h — the HLS NTT kernels: one top function per NTT field, their fixed sizes and
 * the layout of their arguments.  Shared by the kernel (ntt_kernel.c), its C-simulation
 * bench (ntt_tb.c) and the two host sides (fpga/host/fpga_ntt_host.h: the emulated board and
 * XRT).  C11, and compiles as Vitis HLS C.
 *
 * Semantics: exactly include/zkaccel/ntt.h and zka_ntt_job (host/backend.h), for `batch`
 * transforms of n = 2^log_n elements stored one after another at `data`, in place.
 *
 * Arguments of every top function zka_hls_ntt_<field>:
 *   data          m_axi (bundle gmem): batch * n elements, each ZKA_HLS_NTT_WORDS_<field>
 *                 words (zka_u64 limbs, little-endian, or one zka_u32 / zka_u64), i.e. the
 *                 field's in-memory form.  Transformed in place.
 *   tw            m_axi (bundle gmem), read only: 2 + n/2 elements, written by the host
 *                 (zka_fpga_ntt_table in fpga/host/fpga_ntt_host.h):
 *                   tw[0]       scale: n^-1 for the inverse (unused by the forward)
 *                   tw[1]       coset factor: s for the forward, s^-1 for the inverse (one
 *                               when coset = 0)
 *                   tw[2 + k]   w^k for k < n/2, w = omega (forward) or omega^-1 (inverse),
 *                               omega = zka_<field>_root_of_unity(log_n)
 *                 Scalars wider than 64 bits (the 256-bit shift and n^-1) travel in this
 *                 buffer rather than as s_axilite registers: XRT's C API (xrtKernelRun)
 *                 takes 32- and 64-bit scalars only.
 *   log_n         1 .. ZKA_HLS_NTT_MAX_LOG_N
 *   batch         1 .. ZKA_HLS_NTT_MAX_BATCH transforms in this call (the host splits larger
 *                 batches into several calls)
 *   direction     0 forward, 1 inverse (zka_ntt_direction)
 *   input_order   0 natural, 1 bit-reversed (zka_ntt_order)
 *   output_order  0 natural, 1 bit-reversed
 *   coset         1: evaluate on / interpolate from s*H with s from tw[1]
 * Out-of-range scalars make the kernel return without touching data: a Vitis kernel has no
 * return value, so the host validates first (fpga_ntt_host.h) and never sends them.
 */
#ifndef ZKA_FPGA_HLS_NTT_KERNEL_H
#define ZKA_FPGA_HLS_NTT_KERNEL_H
#include "core/field/fields_portable.h"
#include "core/field/small_fields_portable.h"

/** Largest transform one kernel call takes: the on-chip buffers hold 2^14 elements and
 *  2^13 twiddles (BN254 Fr: 512 KiB + 256 KiB, which fits the URAM of an Alveo U250/U280 with
 *  room for the pipeline).  Larger jobs go to other devices (ntt_supported says 0). */
#define ZKA_HLS_NTT_MAX_LOG_N 14
#define ZKA_HLS_NTT_MAX_N (1u << ZKA_HLS_NTT_MAX_LOG_N)
/** Most transforms per kernel call: bounds one call's run time (about 64 * 14 * 2^13
 *  butterflies at log_n 14) so the host can interleave other work and a hung call is noticed;
 *  the host issues more calls for larger batches. */
#define ZKA_HLS_NTT_MAX_BATCH 64u

/** Words of one element as the kernels see memory (zka_u64 for the 64-bit-limb fields and
 *  Goldilocks, zka_u32 for BabyBear). */
#define ZKA_HLS_NTT_WORDS_BN254_FR 4
#define ZKA_HLS_NTT_WORDS_BLS12_381_FR 4
#define ZKA_HLS_NTT_WORDS_BABYBEAR 1
#define ZKA_HLS_NTT_WORDS_GOLDILOCKS 1

/** Elements in a twiddle buffer for log_n: the two constants and n/2 powers. */
#define ZKA_HLS_NTT_TABLE_ELEMENTS(log_n) (2u + ((1u << (log_n)) >> 1))

/** The kernels (top functions).  Names are what the .xclbin's kernels are called, so the
 *  XRT host opens them by these strings. */
void zka_hls_ntt_bn254_fr(zka_u64 *data, const zka_u64 *tw, zka_u32 log_n, zka_u32 batch,
                          zka_u32 direction, zka_u32 input_order, zka_u32 output_order,
                          zka_u32 coset);
void zka_hls_ntt_bls12_381_fr(zka_u64 *data, const zka_u64 *tw, zka_u32 log_n, zka_u32 batch,
                              zka_u32 direction, zka_u32 input_order, zka_u32 output_order,
                              zka_u32 coset);
void zka_hls_ntt_babybear(zka_u32 *data, const zka_u32 *tw, zka_u32 log_n, zka_u32 batch,
                          zka_u32 direction, zka_u32 input_order, zka_u32 output_order,
                          zka_u32 coset);
void zka_hls_ntt_goldilocks(zka_u64 *data, const zka_u64 *tw, zka_u32 log_n, zka_u32 batch,
                            zka_u32 direction, zka_u32 input_order, zka_u32 output_order,
                            zka_u32 coset);

#endif
