/* ntt_kernel.c — the HLS NTT top functions, one per NTT field (BN254 Fr, BLS12-381 Fr,
 * BabyBear, Goldilocks); interface and semantics in ntt_kernel.h, the body in
 * ntt_kernel_body.h.
 *
 * The same file is synthesized by Vitis HLS (v++ -c -k zka_hls_ntt_<field>, see Makefile),
 * run as C simulation (ntt_tb.c, the csim target and the test_hls_ntt_csim ctest) and run
 * by the emulated board (fpga/host/backend_fpga_emu.c).  It always compiles the HLS flavour
 * of the arithmetic (ZKA_TARGET_HLS: 64x64 products from four 32x32 products, no 128-bit
 * type), so the emulation and the bench check the code the FPGA gets, not the host's
 * __int128 path.
 */
#ifndef ZKA_TARGET_HLS
#define ZKA_TARGET_HLS 1
#endif

/* Our gcc/clang -Werror builds compile this file as host C: HLS pragmas are unknown to them
 * and the loop labels (which name the loops in synthesis reports) are unused. */
#if defined(__GNUC__) && !defined(__SYNTHESIS__)
#pragma GCC diagnostic ignored "-Wunknown-pragmas"
#pragma GCC diagnostic ignored "-Wunused-label"
#endif

#include "fpga/hls/ntt/ntt_kernel.h"

#if !defined(ZKA_TARGET_HLS) || defined(ZKA_TARGET_HOST)
#error "ntt_kernel.c must compile the HLS arithmetic (ZKA_TARGET_HLS)"
#endif

/* The on-chip buffers: plain local arrays in synthesis (they become BRAM/URAM).  In C
 * simulation and emulation they would put up to 768 KiB on the caller's stack (a scheduler
 * worker thread may have less), so there they are static, one copy per thread. */
#if defined(__SYNTHESIS__)
#define ZKA_HLS_NTT_BUF_STORAGE
#else
#define ZKA_HLS_NTT_BUF_STORAGE static _Thread_local
#endif

/* i with its low log_n bits reversed; a fixed-trip loop so it unrolls into wiring. */
static zka_u32 zka_hls_ntt_bitrev(zka_u32 i, zka_u32 log_n) {
  zka_u32 r = 0;
zka_hn_bitrev:
  for (zka_u32 b = 0; b < ZKA_HLS_NTT_MAX_LOG_N; b++) {
#pragma HLS UNROLL
    if (b < log_n) r |= ((i >> b) & 1u) << (log_n - 1 - b);
  }
  return r;
}

/* ---- element <-> memory words ------------------------------------------------------- */

#define ZKA_HLS_NTT_LIMB_IO(F)                                                       \
  static zka_##F zka_hls_ntt_get_##F(const zka_u64 *p) {                             \
    zka_##F e;                                                                       \
    for (int w = 0; w < 4; w++) e.l[w] = p[w];                                       \
    return e;                                                                        \
  }                                                                                  \
  static void zka_hls_ntt_put_##F(zka_u64 *p, zka_##F e) {                           \
    for (int w = 0; w < 4; w++) p[w] = e.l[w];                                       \
  }
ZKA_HLS_NTT_LIMB_IO(bn254_fr)
ZKA_HLS_NTT_LIMB_IO(bls12_381_fr)

static zka_babybear zka_hls_ntt_get_babybear(const zka_u32 *p) { return zka_babybear_make_ref(p[0]); }
static void zka_hls_ntt_put_babybear(zka_u32 *p, zka_babybear e) { p[0] = e.v; }
static zka_goldilocks zka_hls_ntt_get_goldilocks(const zka_u64 *p) {
  return zka_goldilocks_make_ref(p[0]);
}
static void zka_hls_ntt_put_goldilocks(zka_u64 *p, zka_goldilocks e) { p[0] = e.v; }

/* ---- the four top functions --------------------------------------------------------- */

#define ZKA_HN_NAME zka_hls_ntt_bn254_fr
#define ZKA_HN_F zka_bn254_fr
#define ZKA_HN_WORD zka_u64
#define ZKA_HN_WORDS ZKA_HLS_NTT_WORDS_BN254_FR
#define ZKA_HN_OP(op) zka_bn254_fr_##op##_ref
#define ZKA_HN_GET zka_hls_ntt_get_bn254_fr
#define ZKA_HN_PUT zka_hls_ntt_put_bn254_fr
#include "ntt_kernel_body.h"

#define ZKA_HN_NAME zka_hls_ntt_bls12_381_fr
#define ZKA_HN_F zka_bls12_381_fr
#define ZKA_HN_WORD zka_u64
#define ZKA_HN_WORDS ZKA_HLS_NTT_WORDS_BLS12_381_FR
#define ZKA_HN_OP(op) zka_bls12_381_fr_##op##_ref
#define ZKA_HN_GET zka_hls_ntt_get_bls12_381_fr
#define ZKA_HN_PUT zka_hls_ntt_put_bls12_381_fr
#include "ntt_kernel_body.h"

#define ZKA_HN_NAME zka_hls_ntt_babybear
#define ZKA_HN_F zka_babybear
#define ZKA_HN_WORD zka_u32
#define ZKA_HN_WORDS ZKA_HLS_NTT_WORDS_BABYBEAR
#define ZKA_HN_OP(op) zka_babybear_##op##_ref
#define ZKA_HN_GET zka_hls_ntt_get_babybear
#define ZKA_HN_PUT zka_hls_ntt_put_babybear
#include "ntt_kernel_body.h"

#define ZKA_HN_NAME zka_hls_ntt_goldilocks
#define ZKA_HN_F zka_goldilocks
#define ZKA_HN_WORD zka_u64
#define ZKA_HN_WORDS ZKA_HLS_NTT_WORDS_GOLDILOCKS
#define ZKA_HN_OP(op) zka_goldilocks_##op##_ref
#define ZKA_HN_GET zka_hls_ntt_get_goldilocks
#define ZKA_HN_PUT zka_hls_ntt_put_goldilocks
#include "ntt_kernel_body.h"
