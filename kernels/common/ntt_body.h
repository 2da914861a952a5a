/* ntt_body.h — the NTT kernels, written once in the portable subset (STYLE.md "One kernel
 * source") and instantiated per field by macro; compiled as OpenCL C 1.2
 * (kernels/opencl/ntt.cl) and CUDA (kernels/cuda/ntt.cu).  On the host (ZKA_TARGET_HOST)
 * the same header gives the plug-ins' table builders (twiddles, coset and 1/n powers) over
 * the same portable field functions, so host and device agree on every constant.
 *
 * Semantics (include/zkaccel/ntt.h): forward Y[k] = sum_j X[j] (s w^k)^j, inverse
 * X[j] = n^-1 s^-j sum_k Y[k] w^-jk, w = the field's ROOT_OF_UNITY squared down to order
 * n = 2^log_n (exactly what zka_<f>_root_of_unity(log_n) returns).  A host runs a job as:
 *
 *   forward, coset:   scale   x[i] *= s^e(i)            (e(i): natural index of slot i)
 *   order NAT->BITREV:  DIF stages s = log_n-1 .. 0     (Gentleman-Sande: natural in,
 *   order BITREV->NAT:  DIT stages s = 0 .. log_n-1      bit-reversed out; Cooley-Tukey:
 *   order NAT->NAT:     bitrev, then DIT                 the converse)
 *   order BITREV->BITREV: bitrev, then DIF
 *   inverse:          the same with w^-1, then scale x[i] *= n^-1 s^-e(i)
 *
 * The first DIT stages (and the last DIF stages) touch only blocks of 2^ZKA_NTT_LOCAL_LOG
 * contiguous elements; the _local kernels run up to ZKA_NTT_LOCAL_LOG of them in one launch
 * with the block in ZKA_LOCAL (shared) memory, one work-group per block.
 *
 * Memory: an element i of a transform buffer lives at words [off + i*NW, off + (i+1)*NW)
 * of a zka_u32 (BabyBear) or zka_u64 (others) array, NW words per element, in the field's
 * in-memory form (little-endian limbs).  A batch is transforms stored back to back.
 * Twiddle table: tw[k] = w_N^k for k < N/2, N = 2^tw_log >= n (w_N the N-th root of the
 * same chain, so w_n = w_N^(N/n) and one table serves every smaller n).
 * Powers tables (scale): p(e) = lo[e mod 2^lo_bits] * hi[(e >> lo_bits) mod 2^hi_bits],
 * i.e. two tables of about sqrt(n) entries instead of n.
 *
 * Kernel entry points (F = bn254_fr, bls12_381_fr, babybear, goldilocks; W = zka_u32 for
 * babybear, zka_u64 otherwise; `count` = threads doing work, the launch may round up):
 *   zka_ntt_F_bitrev   (W *data, u64 off, u32 log_n, u64 count = batch*n)
 *   zka_ntt_F_dit      (W *data, u64 off, const W *tw, u32 tw_log, u32 log_n, u32 stage,
 *                       u64 count = batch*n/2)
 *   zka_ntt_F_dif      (same as dit)
 *   zka_ntt_F_dit_local(W *data, u64 off, const W *tw, u32 tw_log, u32 log_n, u32 stages,
 *                       u64 count = batch*n/2): DIT stages 0..stages-1, work-group size
 *                       2^(stages-1) (one butterfly per thread), one group per block
 *   zka_ntt_F_dif_local(same): DIF stages stages-1..0
 *   zka_ntt_F_scale    (W *data, u64 off, const W *lo, const W *hi, u32 log_n, u32 lo_bits,
 *                       u32 hi_bits, u32 bitrev, u64 count = batch*n)
 *   zka_ntt_F_powers   (W *out, const W *lo, const W *hi, u32 lo_bits, u64 count):
 *                       out[k] = lo[k mod 2^lo_bits] * hi[k >> lo_bits] (builds tw)
 */
#ifndef ZKA_NTT_BODY_H
#define ZKA_NTT_BODY_H
#include "../../core/field/fields_portable.h"
#include "../../core/field/small_fields_portable.h"

/* Field codes: the zka_field_id values of include/zkaccel/device.h (the OpenCL program is
 * built per field with -DZKA_NTT_FIELD=<code>). */
#define ZKA_NTT_BN254_FR 1
#define ZKA_NTT_BLS12_381_FR 2
#define ZKA_NTT_BABYBEAR 3
#define ZKA_NTT_GOLDILOCKS 4

/* Stages fused by the _local kernels: blocks of 2^8 elements (8 KiB of BN254 elements in
 * local memory, 128 threads per group: within every target's limits). */
#define ZKA_NTT_LOCAL_LOG 8

/* i reversed in its low log_n bits (1 <= log_n <= 32). */
ZKA_INLINE zka_u32 zka_ntt_bitrev(zka_u32 x, zka_u32 log_n) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  x = ((x >> 8) & 0x00ff00ffu) | ((x & 0x00ff00ffu) << 8);
  x = (x >> 16) | (x << 16);
  return log_n == 0 ? 0 : x >> (32 - log_n);
}

/* Element loads and stores at word index `base` (macros: only kernel entry points touch
 * ZKA_GLOBAL memory).  L4: four 64-bit limbs; V: one word in .v. */
#define ZKA_NTT_LD_L4(x, p, base)                          \
  do {                                                     \
    zka_u64 zka_b_ = (base);                               \
    for (int zka_k_ = 0; zka_k_ < 4; zka_k_++) (x).l[zka_k_] = (p)[zka_b_ + zka_k_]; \
  } while (0)
#define ZKA_NTT_ST_L4(p, base, x)                          \
  do {                                                     \
    zka_u64 zka_b_ = (base);                               \
    for (int zka_k_ = 0; zka_k_ < 4; zka_k_++) (p)[zka_b_ + zka_k_] = (x).l[zka_k_]; \
  } while (0)
#define ZKA_NTT_LD_V(x, p, base) ((x).v = (p)[(base)])
#define ZKA_NTT_ST_V(p, base, x) ((p)[(base)] = (x).v)

#if defined(ZKA_TARGET_OPENCL)
#define ZKA_NTT_GID() ((zka_u64)get_global_id(0))
#define ZKA_NTT_LID() ((zka_u32)get_local_id(0))
#define ZKA_NTT_GROUP() ((zka_u64)get_group_id(0))
#elif defined(ZKA_TARGET_CUDA)
#define ZKA_NTT_GID() ((zka_u64)blockIdx.x * blockDim.x + threadIdx.x)
#define ZKA_NTT_LID() ((zka_u32)threadIdx.x)
#define ZKA_NTT_GROUP() ((zka_u64)blockIdx.x)
#endif

#if defined(ZKA_TARGET_OPENCL) || defined(ZKA_TARGET_CUDA)

/* One butterfly position of a radix-2 stage: thread t of batch*n/2 at stage s (half-span
 * 2^s) pairs slots i0 and i0 + 2^s of its transform; its twiddle index in a table of
 * order 2^tw_log is j * 2^(tw_log-1-s), j = t's position inside its group. */
#define ZKA_NTT_BUTTERFLY_INDEX(t, log_n, s, tw_log, i0, twi)                         \
  zka_u64 zka_row_ = ((t) >> ((log_n) - 1)) << (log_n);                               \
  zka_u64 zka_tl_ = (t) & ((((zka_u64)1) << ((log_n) - 1)) - 1);                      \
  zka_u64 zka_j_ = zka_tl_ & ((((zka_u64)1) << (s)) - 1);                             \
  zka_u64 i0 = zka_row_ + ((zka_tl_ >> (s)) << ((s) + 1)) + zka_j_;                   \
  zka_u64 twi = zka_j_ << ((tw_log) - 1 - (s))

/* F: field name; W: word type; NW: words per element; LD/ST: the load/store macros. */
#define ZKA_NTT_KERNELS(F, W, NW, LD, ST)                                                    \
  ZKA_KERNEL void zka_ntt_##F##_bitrev(ZKA_GLOBAL W *data, zka_u64 off, zka_u32 log_n,       \
                                       zka_u64 count) {                                      \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    if (t >= count) return;                                                                  \
    zka_u64 i = t & ((((zka_u64)1) << log_n) - 1);                                           \
    zka_u64 j = zka_ntt_bitrev((zka_u32)i, log_n);                                           \
    if (i >= j) return; /* each pair is swapped once, by its smaller index */                \
    zka_u64 row = t - i;                                                                     \
    zka_##F a, b;                                                                            \
    LD(a, data, off + (row + i) * NW);                                                       \
    LD(b, data, off + (row + j) * NW);                                                       \
    ST(data, off + (row + i) * NW, b);                                                       \
    ST(data, off + (row + j) * NW, a);                                                       \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_ntt_##F##_dit(ZKA_GLOBAL W *data, zka_u64 off, ZKA_GLOBAL const W *tw,  \
                                    zka_u32 tw_log, zka_u32 log_n, zka_u32 stage,            \
                                    zka_u64 count) {                                         \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    if (t >= count) return;                                                                  \
    ZKA_NTT_BUTTERFLY_INDEX(t, log_n, stage, tw_log, i0, twi);                               \
    zka_u64 i1 = i0 + (((zka_u64)1) << stage);                                               \
    zka_##F a, b, w;                                                                         \
    LD(a, data, off + i0 * NW);                                                              \
    LD(b, data, off + i1 * NW);                                                              \
    LD(w, tw, twi * NW);                                                                     \
    b = zka_##F##_mul_ref(b, w);                                                             \
    ST(data, off + i0 * NW, zka_##F##_add_ref(a, b));                                        \
    ST(data, off + i1 * NW, zka_##F##_sub_ref(a, b));                                        \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_ntt_##F##_dif(ZKA_GLOBAL W *data, zka_u64 off, ZKA_GLOBAL const W *tw,  \
                                    zka_u32 tw_log, zka_u32 log_n, zka_u32 stage,            \
                                    zka_u64 count) {                                         \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    if (t >= count) return;                                                                  \
    ZKA_NTT_BUTTERFLY_INDEX(t, log_n, stage, tw_log, i0, twi);                               \
    zka_u64 i1 = i0 + (((zka_u64)1) << stage);                                               \
    zka_##F a, b, w;                                                                         \
    LD(a, data, off + i0 * NW);                                                              \
    LD(b, data, off + i1 * NW);                                                              \
    LD(w, tw, twi * NW);                                                                     \
    ST(data, off + i0 * NW, zka_##F##_add_ref(a, b));                                        \
    ST(data, off + i1 * NW, zka_##F##_mul_ref(zka_##F##_sub_ref(a, b), w));                  \
  }                                                                                          \
                                                                                             \
  /* DIT stages 0..stages-1 on one block of 2^stages slots in local memory; the group's    \
   * 2^(stages-1) threads each do one butterfly per stage (all threads reach every         \
   * barrier: no early return once the block is known to exist). */                         \
  ZKA_KERNEL void zka_ntt_##F##_dit_local(ZKA_GLOBAL W *data, zka_u64 off,                   \
                                          ZKA_GLOBAL const W *tw, zka_u32 tw_log,            \
                                          zka_u32 log_n, zka_u32 stages, zka_u64 count) {    \
    ZKA_LOCAL W blk[(1 << ZKA_NTT_LOCAL_LOG) * NW];                                          \
    zka_u32 lid = ZKA_NTT_LID();                                                             \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    zka_u32 half_blk = ((zka_u32)1) << (stages - 1);                                         \
    zka_u64 base = ZKA_NTT_GROUP() << stages; /* first slot of the block (whole batch) */    \
    int live = t < count;                                                                    \
    if (live) {                                                                              \
      for (int k = 0; k < NW; k++) {                                                         \
        blk[lid * NW + k] = data[off + (base + lid) * NW + k];                               \
        blk[(lid + half_blk) * NW + k] = data[off + (base + lid + half_blk) * NW + k];       \
      }                                                                                      \
    }                                                                                        \
    ZKA_BARRIER();                                                                           \
    for (zka_u32 s = 0; s < stages; s++) {                                                   \
      zka_u32 j = lid & ((((zka_u32)1) << s) - 1);                                           \
      zka_u32 i0 = ((lid >> s) << (s + 1)) + j;                                              \
      zka_u32 i1 = i0 + (((zka_u32)1) << s);                                                 \
      if (live) {                                                                            \
        zka_##F a, b, w;                                                                     \
        LD(a, blk, i0 * NW);                                                                 \
        LD(b, blk, i1 * NW);                                                                 \
        LD(w, tw, ((zka_u64)j << (tw_log - 1 - s)) * NW);                                    \
        b = zka_##F##_mul_ref(b, w);                                                         \
        ST(blk, i0 * NW, zka_##F##_add_ref(a, b));                                           \
        ST(blk, i1 * NW, zka_##F##_sub_ref(a, b));                                           \
      }                                                                                      \
      ZKA_BARRIER();                                                                         \
    }                                                                                        \
    if (live) {                                                                              \
      for (int k = 0; k < NW; k++) {                                                         \
        data[off + (base + lid) * NW + k] = blk[lid * NW + k];                               \
        data[off + (base + lid + half_blk) * NW + k] = blk[(lid + half_blk) * NW + k];       \
      }                                                                                      \
    }                                                                                        \
    (void)log_n;                                                                             \
  }                                                                                          \
                                                                                             \
  /* DIF stages stages-1..0 on one block of 2^stages slots (the last DIF stages). */        \
  ZKA_KERNEL void zka_ntt_##F##_dif_local(ZKA_GLOBAL W *data, zka_u64 off,                   \
                                          ZKA_GLOBAL const W *tw, zka_u32 tw_log,            \
                                          zka_u32 log_n, zka_u32 stages, zka_u64 count) {    \
    ZKA_LOCAL W blk[(1 << ZKA_NTT_LOCAL_LOG) * NW];                                          \
    zka_u32 lid = ZKA_NTT_LID();                                                             \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    zka_u32 half_blk = ((zka_u32)1) << (stages - 1);                                         \
    zka_u64 base = ZKA_NTT_GROUP() << stages;                                                \
    int live = t < count;                                                                    \
    if (live) {                                                                              \
      for (int k = 0; k < NW; k++) {                                                         \
        blk[lid * NW + k] = data[off + (base + lid) * NW + k];                               \
        blk[(lid + half_blk) * NW + k] = data[off + (base + lid + half_blk) * NW + k];       \
      }                                                                                      \
    }                                                                                        \
    ZKA_BARRIER();                                                                           \
    for (zka_u32 r = 0; r < stages; r++) {                                                   \
      zka_u32 s = stages - 1 - r;                                                            \
      zka_u32 j = lid & ((((zka_u32)1) << s) - 1);                                           \
      zka_u32 i0 = ((lid >> s) << (s + 1)) + j;                                              \
      zka_u32 i1 = i0 + (((zka_u32)1) << s);                                                 \
      if (live) {                                                                            \
        zka_##F a, b, w;                                                                     \
        LD(a, blk, i0 * NW);                                                                 \
        LD(b, blk, i1 * NW);                                                                 \
        LD(w, tw, ((zka_u64)j << (tw_log - 1 - s)) * NW);                                    \
        ST(blk, i0 * NW, zka_##F##_add_ref(a, b));                                           \
        ST(blk, i1 * NW, zka_##F##_mul_ref(zka_##F##_sub_ref(a, b), w));                     \
      }                                                                                      \
      ZKA_BARRIER();                                                                         \
    }                                                                                        \
    if (live) {                                                                              \
      for (int k = 0; k < NW; k++) {                                                         \
        data[off + (base + lid) * NW + k] = blk[lid * NW + k];                               \
        data[off + (base + lid + half_blk) * NW + k] = blk[(lid + half_blk) * NW + k];       \
      }                                                                                      \
    }                                                                                        \
    (void)log_n;                                                                             \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_ntt_##F##_scale(ZKA_GLOBAL W *data, zka_u64 off, ZKA_GLOBAL const W *lo, \
                                      ZKA_GLOBAL const W *hi, zka_u32 log_n, zka_u32 lo_bits, \
                                      zka_u32 hi_bits, zka_u32 bitrev, zka_u64 count) {      \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    if (t >= count) return;                                                                  \
    zka_u32 i = (zka_u32)(t & ((((zka_u64)1) << log_n) - 1));                                \
    zka_u32 e = bitrev ? zka_ntt_bitrev(i, log_n) : i;                                       \
    zka_u32 il = e & ((((zka_u32)1) << lo_bits) - 1);                                        \
    zka_u32 ih = (e >> lo_bits) & ((((zka_u32)1) << hi_bits) - 1);                           \
    zka_##F x, a, b;                                                                         \
    LD(x, data, off + t * NW);                                                               \
    LD(a, lo, (zka_u64)il * NW);                                                             \
    LD(b, hi, (zka_u64)ih * NW);                                                             \
    ST(data, off + t * NW, zka_##F##_mul_ref(x, zka_##F##_mul_ref(a, b)));                   \
  }                                                                                          \
                                                                                             \
  ZKA_KERNEL void zka_ntt_##F##_powers(ZKA_GLOBAL W *out, ZKA_GLOBAL const W *lo,            \
                                       ZKA_GLOBAL const W *hi, zka_u32 lo_bits,              \
                                       zka_u64 count) {                                      \
    zka_u64 t = ZKA_NTT_GID();                                                               \
    if (t >= count) return;                                                                  \
    zka_##F a, b;                                                                            \
    LD(a, lo, (t & ((((zka_u64)1) << lo_bits) - 1)) * NW);                                   \
    LD(b, hi, (t >> lo_bits) * NW);                                                          \
    ST(out, t * NW, zka_##F##_mul_ref(a, b));                                                \
  }

#endif /* OpenCL or CUDA */

/* The kernels, as the host's launch plans name them (zka_ntt_host_plan). */
typedef enum {
  ZKA_NTT_K_BITREV = 0,
  ZKA_NTT_K_DIT,
  ZKA_NTT_K_DIF,
  ZKA_NTT_K_DIT_LOCAL,
  ZKA_NTT_K_DIF_LOCAL,
  ZKA_NTT_K_SCALE,
  ZKA_NTT_K_POWERS,
  ZKA_NTT_K_COUNT
} zka_ntt_kernel_id;

/* ---- host side: the tables the kernels read --------------------------------------------- */
#if defined(ZKA_TARGET_HOST)
#include <string.h>

/* Per field F (PARAMS: its parameter prefix; ROOT: an expression for the primitive
 * 2^TWO_ADICITY-th root of unity):
 *   zka_ntt_F_omega_host(log_n, inverse): w_n (as zka_F_root_of_unity squares it down), or
 *     its inverse;
 *   zka_ntt_F_pow_tables_host(lo, hi, s, c, lo_bits, hi_bits): lo[i] = s^i for
 *     i < 2^lo_bits, hi[j] = c * s^(j 2^lo_bits) for j < 2^hi_bits. */
#define ZKA_NTT_HOST_FIELD(F, PARAMS, ROOT)                                                  \
  static inline zka_##F zka_ntt_##F##_omega_host(unsigned log_n, int inverse) {              \
    zka_##F w = ROOT;                                                                        \
    for (unsigned i = log_n; i < PARAMS##_TWO_ADICITY; i++) w = zka_##F##_sqr_ref(w);        \
    return inverse ? zka_##F##_inv_ref(w) : w;                                               \
  }                                                                                          \
  static inline void zka_ntt_##F##_pow_tables_host(zka_##F *lo, zka_##F *hi, zka_##F s,     \
                                                    zka_##F c, unsigned lo_bits,             \
                                                    unsigned hi_bits) {                      \
    lo[0] = zka_##F##_one_ref();                                                             \
    for (size_t i = 1; i < ((size_t)1 << lo_bits); i++) lo[i] = zka_##F##_mul_ref(lo[i - 1], s); \
    zka_##F step = s;                                                                        \
    for (unsigned i = 0; i < lo_bits; i++) step = zka_##F##_sqr_ref(step);                   \
    hi[0] = c;                                                                               \
    for (size_t j = 1; j < ((size_t)1 << hi_bits); j++) hi[j] = zka_##F##_mul_ref(hi[j - 1], step); \
  }

/* The 4-limb fields' roots (limb lists need a declaration to become a value). */
static inline zka_bn254_fr zka_ntt_bn254_fr_root_host(void) {
  zka_bn254_fr r = {{ZKA_BN254_FR_ROOT_OF_UNITY}};
  return r;
}
static inline zka_bls12_381_fr zka_ntt_bls12_381_fr_root_host(void) {
  zka_bls12_381_fr r = {{ZKA_BLS12_381_FR_ROOT_OF_UNITY}};
  return r;
}
ZKA_NTT_HOST_FIELD(bn254_fr, ZKA_BN254_FR, zka_ntt_bn254_fr_root_host())
ZKA_NTT_HOST_FIELD(bls12_381_fr, ZKA_BLS12_381_FR, zka_ntt_bls12_381_fr_root_host())
ZKA_NTT_HOST_FIELD(babybear, ZKA_BABYBEAR, zka_babybear_make_ref(ZKA_BABYBEAR_ROOT_OF_UNITY))
ZKA_NTT_HOST_FIELD(goldilocks, ZKA_GOLDILOCKS, zka_goldilocks_make_ref(ZKA_GOLDILOCKS_ROOT_OF_UNITY))

/* Element size, word size and two-adicity of field code f; 0 for an unknown code. */
static inline int zka_ntt_host_field_info(unsigned f, size_t *elem_bytes, size_t *word_bytes,
                                          unsigned *two_adicity) {
  switch (f) {
    case ZKA_NTT_BN254_FR: *elem_bytes = 32; *word_bytes = 8; *two_adicity = ZKA_BN254_FR_TWO_ADICITY; return 1;
    case ZKA_NTT_BLS12_381_FR: *elem_bytes = 32; *word_bytes = 8; *two_adicity = ZKA_BLS12_381_FR_TWO_ADICITY; return 1;
    case ZKA_NTT_BABYBEAR: *elem_bytes = 4; *word_bytes = 4; *two_adicity = ZKA_BABYBEAR_TWO_ADICITY; return 1;
    case ZKA_NTT_GOLDILOCKS: *elem_bytes = 8; *word_bytes = 8; *two_adicity = ZKA_GOLDILOCKS_TWO_ADICITY; return 1;
    default: return 0;
  }
}

/* The split of an exponent of `bits` bits into two table indices (lo: the low, larger half). */
static inline void zka_ntt_host_split(unsigned bits, unsigned *lo_bits, unsigned *hi_bits) {
  *lo_bits = (bits + 1) / 2;
  *hi_bits = bits - *lo_bits;
}

/* Tables for the twiddles of order 2^tw_log (tw_log >= 1): the powers kernel multiplies
 * them into tw[k] = w^k, k < 2^(tw_log-1).  lo, hi: room for 2^lo_bits and 2^hi_bits
 * elements (zka_ntt_host_split(tw_log - 1)).  Returns 0 for an unknown field. */
static inline int zka_ntt_host_twiddle_tables(unsigned f, void *lo, void *hi, unsigned tw_log,
                                              int inverse) {
  unsigned lb, hb;
  zka_ntt_host_split(tw_log - 1, &lb, &hb);
#define ZKA_NTT_TW_CASE(CODE, F)                                                             \
  case CODE:                                                                                 \
    zka_ntt_##F##_pow_tables_host((zka_##F *)lo, (zka_##F *)hi,                              \
                                  zka_ntt_##F##_omega_host(tw_log, inverse),                 \
                                  zka_##F##_one_ref(), lb, hb);                              \
    return 1;
  switch (f) {
    ZKA_NTT_TW_CASE(ZKA_NTT_BN254_FR, bn254_fr)
    ZKA_NTT_TW_CASE(ZKA_NTT_BLS12_381_FR, bls12_381_fr)
    ZKA_NTT_TW_CASE(ZKA_NTT_BABYBEAR, babybear)
    ZKA_NTT_TW_CASE(ZKA_NTT_GOLDILOCKS, goldilocks)
    default: return 0;
  }
#undef ZKA_NTT_TW_CASE
}

/* Tables for the scale kernel of an n = 2^log_n transform.  Forward with a coset:
 * p(e) = s^e.  Inverse: p(e) = n^-1 s^-e (s = 1 without a coset).  shift: the coset shift
 * in the field's in-memory form, or NULL for none.  On return *lo_bits, *hi_bits say how
 * many entries were written (2^lo_bits, 2^hi_bits; lo, hi need room for
 * 2^((log_n+1)/2) each).  Returns 0 when there is nothing to scale (forward, no coset) or
 * for an unknown field, 1 otherwise. */
static inline int zka_ntt_host_scale_tables(unsigned f, void *lo, void *hi, unsigned log_n,
                                            int inverse, const void *shift, unsigned *lo_bits,
                                            unsigned *hi_bits) {
  if (!inverse && !shift) return 0;
  if (shift) {
    zka_ntt_host_split(log_n, lo_bits, hi_bits);
  } else {
    *lo_bits = 0; /* a constant: one entry each */
    *hi_bits = 0;
  }
#define ZKA_NTT_SC_CASE(CODE, F)                                                             \
  case CODE: {                                                                               \
    zka_##F s = zka_##F##_one_ref(), c = zka_##F##_one_ref();                                \
    if (shift) memcpy(&s, shift, sizeof s);                                                  \
    if (inverse) {                                                                           \
      for (unsigned i = 0; i < log_n; i++) c = zka_##F##_dbl_ref(c);                         \
      c = zka_##F##_inv_ref(c);                                                              \
      s = zka_##F##_inv_ref(s);                                                              \
    }                                                                                        \
    zka_ntt_##F##_pow_tables_host((zka_##F *)lo, (zka_##F *)hi, s, c, *lo_bits, *hi_bits);   \
    return 1;                                                                                \
  }
  switch (f) {
    ZKA_NTT_SC_CASE(ZKA_NTT_BN254_FR, bn254_fr)
    ZKA_NTT_SC_CASE(ZKA_NTT_BLS12_381_FR, bls12_381_fr)
    ZKA_NTT_SC_CASE(ZKA_NTT_BABYBEAR, babybear)
    ZKA_NTT_SC_CASE(ZKA_NTT_GOLDILOCKS, goldilocks)
    default: return 0;
  }
#undef ZKA_NTT_SC_CASE
}

/* One kernel launch of a job: kernel k over `count` work-items in groups of `group`;
 * `stage`: the stage of dit/dif, the number of stages of the _local kernels; `bitrev`: the
 * scale kernel's slots hold bit-reversed indices. */
typedef struct {
  zka_ntt_kernel_id k;
  zka_u64 count;
  zka_u32 group;
  zka_u32 stage;
  zka_u32 bitrev;
} zka_ntt_step;

/* Enough for log_n <= 32: scale, bitrev, local, 32 stages, scale. */
#define ZKA_NTT_MAX_STEPS 40

/* The launches of one job (both plug-ins run exactly this sequence, so the one tested on
 * PoCL is the one a GPU runs).  group: the work-group size of the one-item kernels;
 * local_ok: the device allows work-groups of 2^(ZKA_NTT_LOCAL_LOG-1) for the _local
 * kernels.  Returns the number of steps written to steps[ZKA_NTT_MAX_STEPS].
 *   coset forward: scale first (slots in input order); inverse: scale last (output order);
 *   orders: DIF takes natural to bit-reversed, DIT the converse; equal orders permute first
 *   (NAT->NAT: bitrev then DIT; BITREV->BITREV: bitrev then DIF);
 *   DIT stages 0..L-1 (DIF: the last L) run in one _local launch, L = ZKA_NTT_LOCAL_LOG for
 *   transforms at least that large (smaller ones use the global stage kernel only, which
 *   keeps the _local kernels at one work-group size: PoCL compiles per size). */
static inline int zka_ntt_host_plan(zka_ntt_step *steps, unsigned log_n, zka_u64 batch,
                                    int inverse, int coset, int in_bitrev, int out_bitrev,
                                    int local_ok, zka_u32 group) {
  const zka_u64 total = batch << log_n, butterflies = total / 2;
  const int dit = in_bitrev != out_bitrev ? in_bitrev : !out_bitrev;
  const unsigned L = local_ok && log_n >= ZKA_NTT_LOCAL_LOG ? ZKA_NTT_LOCAL_LOG : 0;
  const zka_u32 lgroup = (zka_u32)1 << (ZKA_NTT_LOCAL_LOG - 1);
  int ns = 0;
#define ZKA_NTT_STEP(K, COUNT, GROUP, STAGE, BITREV)                                           do {                                                                                           steps[ns].k = (K);                                                                           steps[ns].count = (COUNT);                                                                   steps[ns].group = (GROUP);                                                                   steps[ns].stage = (STAGE);                                                                   steps[ns].bitrev = (BITREV);                                                                 ns++;                                                                                      } while (0)
  if (!inverse && coset) ZKA_NTT_STEP(ZKA_NTT_K_SCALE, total, group, 0, (zka_u32)in_bitrev);
  if (in_bitrev == out_bitrev) ZKA_NTT_STEP(ZKA_NTT_K_BITREV, total, group, 0, 0);
  if (dit) {
    if (L) ZKA_NTT_STEP(ZKA_NTT_K_DIT_LOCAL, butterflies, lgroup, L, 0);
    for (unsigned s = L; s < log_n; s++) ZKA_NTT_STEP(ZKA_NTT_K_DIT, butterflies, group, s, 0);
  } else {
    for (unsigned s = log_n; s-- > L;) ZKA_NTT_STEP(ZKA_NTT_K_DIF, butterflies, group, s, 0);
    if (L) ZKA_NTT_STEP(ZKA_NTT_K_DIF_LOCAL, butterflies, lgroup, L, 0);
  }
  if (inverse) ZKA_NTT_STEP(ZKA_NTT_K_SCALE, total, group, 0, (zka_u32)out_bitrev);
#undef ZKA_NTT_STEP
  return ns;
}
#endif /* ZKA_TARGET_HOST */

#endif /* ZKA_NTT_BODY_H */
