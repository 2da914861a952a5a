/* msm_kernel.c — the HLS MSM bucket-accumulation top functions, one per group (BN254 G1,
 * G2; BLS12-381 G1, G2); interface and semantics in msm_kernel.h, the body in
 * msm_kernel_body.h, the point formulas in core/curve/point_template.h (the portable `_ref`
 * code every target shares).
 *
 * The same file is synthesized by Vitis HLS (v++ -c -k zka_hls_msm_<group>, see Makefile),
 * run as C simulation (msm_tb.c, the csim target and the test_hls_msm_csim ctest) and run by
 * the emulated board (fpga/host/backend_fpga_emu.c).  Like ntt_kernel.c it always compiles
 * the HLS flavour of the arithmetic (ZKA_TARGET_HLS: 64x64 products from four 32x32
 * products, no 128-bit type), so the emulation and the bench check the code the FPGA gets.
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

#include "fpga/hls/msm/msm_kernel.h"

#if !defined(ZKA_TARGET_HLS) || defined(ZKA_TARGET_HOST)
#error "msm_kernel.c must compile the HLS arithmetic (ZKA_TARGET_HLS)"
#endif

/* On-chip memories: local arrays in synthesis (BRAM/URAM).  In C simulation and emulation
 * they are static, one copy per thread: BLS12-381 G2's 2048 buckets are 768 KiB, more than
 * a scheduler worker's stack need hold. */
#if defined(__SYNTHESIS__)
#define ZKA_HLS_MSM_BUF_STORAGE
#define ZKA_HM_STAT(x)
#else
#define ZKA_HLS_MSM_BUF_STORAGE static _Thread_local
#define ZKA_HM_STAT(x) x
static _Thread_local zka_hls_msm_stats zka_hls_msm_stats_last;
zka_hls_msm_stats zka_hls_msm_last_stats(void) { return zka_hls_msm_stats_last; }
#endif

/* ---- points <-> memory words (curve.h layout: coordinates one after another, Fq2 as c0
 * then c1, each element its little-endian Montgomery limbs) ---------------------------- */

#define ZKA_HLS_MSM_FQ_IO(F, L)                                                      \
  static zka_##F zka_hls_msm_get_##F(const zka_u64 *p) {                             \
    zka_##F e;                                                                       \
    for (int w = 0; w < (L); w++) e.l[w] = p[w];                                     \
    return e;                                                                        \
  }                                                                                  \
  static void zka_hls_msm_put_##F(zka_u64 *p, zka_##F e) {                           \
    for (int w = 0; w < (L); w++) p[w] = e.l[w];                                     \
  }                                                                                  \
  static zka_##F##2 zka_hls_msm_get_##F##2(const zka_u64 *p) {                       \
    zka_##F##2 e;                                                                    \
    e.c0 = zka_hls_msm_get_##F(p);                                                   \
    e.c1 = zka_hls_msm_get_##F(p + (L));                                             \
    return e;                                                                        \
  }                                                                                  \
  static void zka_hls_msm_put_##F##2(zka_u64 *p, zka_##F##2 e) {                     \
    zka_hls_msm_put_##F(p, e.c0);                                                    \
    zka_hls_msm_put_##F(p + (L), e.c1);                                              \
  }
ZKA_HLS_MSM_FQ_IO(bn254_fq, 4)
ZKA_HLS_MSM_FQ_IO(bls12_381_fq, 6)

/* affine (x, y) and XYZZ (x, y, zz, zzz) of group G over coordinate field F, W words each */
#define ZKA_HLS_MSM_POINT_IO(G, F, W)                                                \
  static zka_##G##_affine zka_hls_msm_get_a_##G(const zka_u64 *p) {                  \
    zka_##G##_affine a;                                                              \
    a.x = zka_hls_msm_get_##F(p);                                                    \
    a.y = zka_hls_msm_get_##F(p + (W));                                              \
    return a;                                                                        \
  }                                                                                  \
  static zka_##G##_xyzz zka_hls_msm_get_x_##G(const zka_u64 *p) {                    \
    zka_##G##_xyzz a;                                                                \
    a.x = zka_hls_msm_get_##F(p);                                                    \
    a.y = zka_hls_msm_get_##F(p + (W));                                              \
    a.zz = zka_hls_msm_get_##F(p + 2 * (W));                                         \
    a.zzz = zka_hls_msm_get_##F(p + 3 * (W));                                        \
    return a;                                                                        \
  }                                                                                  \
  static void zka_hls_msm_put_x_##G(zka_u64 *p, zka_##G##_xyzz a) {                  \
    zka_hls_msm_put_##F(p, a.x);                                                     \
    zka_hls_msm_put_##F(p + (W), a.y);                                               \
    zka_hls_msm_put_##F(p + 2 * (W), a.zz);                                          \
    zka_hls_msm_put_##F(p + 3 * (W), a.zzz);                                         \
  }
ZKA_HLS_MSM_POINT_IO(bn254_g1, bn254_fq, ZKA_HLS_MSM_WORDS_BN254_G1)
ZKA_HLS_MSM_POINT_IO(bn254_g2, bn254_fq2, ZKA_HLS_MSM_WORDS_BN254_G2)
ZKA_HLS_MSM_POINT_IO(bls12_381_g1, bls12_381_fq, ZKA_HLS_MSM_WORDS_BLS12_381_G1)
ZKA_HLS_MSM_POINT_IO(bls12_381_g2, bls12_381_fq2, ZKA_HLS_MSM_WORDS_BLS12_381_G2)

/* ---- the four top functions --------------------------------------------------------- */

#define ZKA_HM_NAME zka_hls_msm_bn254_g1
#define ZKA_HM_PA zka_bn254_g1_affine
#define ZKA_HM_PX zka_bn254_g1_xyzz
#define ZKA_HM_PN(op) zka_bn254_g1_##op##_ref
#define ZKA_HM_WORDS ZKA_HLS_MSM_WORDS_BN254_G1
#define ZKA_HM_GET_A zka_hls_msm_get_a_bn254_g1
#define ZKA_HM_GET_X zka_hls_msm_get_x_bn254_g1
#define ZKA_HM_PUT_X zka_hls_msm_put_x_bn254_g1
#include "msm_kernel_body.h"

#define ZKA_HM_NAME zka_hls_msm_bn254_g2
#define ZKA_HM_PA zka_bn254_g2_affine
#define ZKA_HM_PX zka_bn254_g2_xyzz
#define ZKA_HM_PN(op) zka_bn254_g2_##op##_ref
#define ZKA_HM_WORDS ZKA_HLS_MSM_WORDS_BN254_G2
#define ZKA_HM_GET_A zka_hls_msm_get_a_bn254_g2
#define ZKA_HM_GET_X zka_hls_msm_get_x_bn254_g2
#define ZKA_HM_PUT_X zka_hls_msm_put_x_bn254_g2
#include "msm_kernel_body.h"

#define ZKA_HM_NAME zka_hls_msm_bls12_381_g1
#define ZKA_HM_PA zka_bls12_381_g1_affine
#define ZKA_HM_PX zka_bls12_381_g1_xyzz
#define ZKA_HM_PN(op) zka_bls12_381_g1_##op##_ref
#define ZKA_HM_WORDS ZKA_HLS_MSM_WORDS_BLS12_381_G1
#define ZKA_HM_GET_A zka_hls_msm_get_a_bls12_381_g1
#define ZKA_HM_GET_X zka_hls_msm_get_x_bls12_381_g1
#define ZKA_HM_PUT_X zka_hls_msm_put_x_bls12_381_g1
#include "msm_kernel_body.h"

#define ZKA_HM_NAME zka_hls_msm_bls12_381_g2
#define ZKA_HM_PA zka_bls12_381_g2_affine
#define ZKA_HM_PX zka_bls12_381_g2_xyzz
#define ZKA_HM_PN(op) zka_bls12_381_g2_##op##_ref
#define ZKA_HM_WORDS ZKA_HLS_MSM_WORDS_BLS12_381_G2
#define ZKA_HM_GET_A zka_hls_msm_get_a_bls12_381_g2
#define ZKA_HM_GET_X zka_hls_msm_get_x_bls12_381_g2
#define ZKA_HM_PUT_X zka_hls_msm_put_x_bls12_381_g2
#include "msm_kernel_body.h"
