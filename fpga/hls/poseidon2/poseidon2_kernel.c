/* poseidon2_kernel.c — the HLS Poseidon2 top functions, one per instance (BabyBear t = 16,
 * 24; Goldilocks t = 8, 12); interface and semantics in poseidon2_kernel.h, the body in
 * poseidon2_kernel_body.h, the permutations in core/hash/poseidon2.h (the same portable code
 * the CPU, OpenCL and CUDA backends run).
 *
 * The same file is synthesized by Vitis HLS (v++ -c -k zka_hls_poseidon2_<instance>, see
 * Makefile), run as C simulation (poseidon2_tb.c, the csim target and the
 * test_hls_poseidon2_csim ctest) and run by the emulated board
 * (fpga/host/backend_fpga_emu.c).  Like ntt_kernel.c it always compiles the HLS flavour of
 * the arithmetic (ZKA_TARGET_HLS: 64x64 products from four 32x32 products, no 128-bit type),
 * so the emulation and the bench check the code the FPGA gets.
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

#include "fpga/hls/poseidon2/poseidon2_kernel.h"

#include "core/hash/poseidon2.h"

#if !defined(ZKA_TARGET_HLS) || defined(ZKA_TARGET_HOST)
#error "poseidon2_kernel.c must compile the HLS arithmetic (ZKA_TARGET_HLS)"
#endif

/* The on-chip state and chunk buffers: local arrays in synthesis (BRAM, one bank per lane).
 * In C simulation and emulation they are static, one copy per thread (up to 80 KiB that a
 * scheduler worker's stack need not hold), as in ntt_kernel.c. */
#if defined(__SYNTHESIS__)
#define ZKA_HLS_POSEIDON2_BUF_STORAGE
#else
#define ZKA_HLS_POSEIDON2_BUF_STORAGE static _Thread_local
#endif

/* Elements are stored as one word each, in the in-memory form (poseidon2_kernel.h). */
#define ZKA_HLS_P2_BB_GET(w) zka_babybear_make_ref(w)
#define ZKA_HLS_P2_GL_GET(w) zka_goldilocks_make_ref(w)
#define ZKA_HLS_P2_PUT(e) ((e).v)

#define ZKA_HP_NAME zka_hls_poseidon2_babybear16
#define ZKA_HP_F zka_babybear
#define ZKA_HP_WORD zka_u32
#define ZKA_HP_WIDTH ZKA_HLS_POSEIDON2_BABYBEAR16_WIDTH
#define ZKA_HP_RATE ZKA_HLS_POSEIDON2_BABYBEAR16_RATE
#define ZKA_HP_DIGEST ZKA_HLS_POSEIDON2_BABYBEAR_DIGEST
#define ZKA_HP_ABSORB_MAX 16 /* max(8, 2 * 8) */
#define ZKA_HP_PERMUTE zka_poseidon2_babybear16_permute_ref
#define ZKA_HP_ZERO zka_babybear_zero_ref()
#define ZKA_HP_GET ZKA_HLS_P2_BB_GET
#define ZKA_HP_PUT ZKA_HLS_P2_PUT
#include "poseidon2_kernel_body.h"

#define ZKA_HP_NAME zka_hls_poseidon2_babybear24
#define ZKA_HP_F zka_babybear
#define ZKA_HP_WORD zka_u32
#define ZKA_HP_WIDTH ZKA_HLS_POSEIDON2_BABYBEAR24_WIDTH
#define ZKA_HP_RATE ZKA_HLS_POSEIDON2_BABYBEAR24_RATE
#define ZKA_HP_DIGEST ZKA_HLS_POSEIDON2_BABYBEAR_DIGEST
#define ZKA_HP_ABSORB_MAX 16 /* max(16, 2 * 8) */
#define ZKA_HP_PERMUTE zka_poseidon2_babybear24_permute_ref
#define ZKA_HP_ZERO zka_babybear_zero_ref()
#define ZKA_HP_GET ZKA_HLS_P2_BB_GET
#define ZKA_HP_PUT ZKA_HLS_P2_PUT
#include "poseidon2_kernel_body.h"

#define ZKA_HP_NAME zka_hls_poseidon2_goldilocks8
#define ZKA_HP_F zka_goldilocks
#define ZKA_HP_WORD zka_u64
#define ZKA_HP_WIDTH ZKA_HLS_POSEIDON2_GOLDILOCKS8_WIDTH
#define ZKA_HP_RATE ZKA_HLS_POSEIDON2_GOLDILOCKS8_RATE
#define ZKA_HP_DIGEST ZKA_HLS_POSEIDON2_GOLDILOCKS_DIGEST
#define ZKA_HP_ABSORB_MAX 8 /* max(4, 2 * 4) */
#define ZKA_HP_PERMUTE zka_poseidon2_goldilocks8_permute_ref
#define ZKA_HP_ZERO zka_goldilocks_zero_ref()
#define ZKA_HP_GET ZKA_HLS_P2_GL_GET
#define ZKA_HP_PUT ZKA_HLS_P2_PUT
#include "poseidon2_kernel_body.h"

#define ZKA_HP_NAME zka_hls_poseidon2_goldilocks12
#define ZKA_HP_F zka_goldilocks
#define ZKA_HP_WORD zka_u64
#define ZKA_HP_WIDTH ZKA_HLS_POSEIDON2_GOLDILOCKS12_WIDTH
#define ZKA_HP_RATE ZKA_HLS_POSEIDON2_GOLDILOCKS12_RATE
#define ZKA_HP_DIGEST ZKA_HLS_POSEIDON2_GOLDILOCKS_DIGEST
#define ZKA_HP_ABSORB_MAX 8 /* max(8, 2 * 4) */
#define ZKA_HP_PERMUTE zka_poseidon2_goldilocks12_permute_ref
#define ZKA_HP_ZERO zka_goldilocks_zero_ref()
#define ZKA_HP_GET ZKA_HLS_P2_GL_GET
#define ZKA_HP_PUT ZKA_HLS_P2_PUT
#include "poseidon2_kernel_body.h"
