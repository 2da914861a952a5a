/* hash_body.h — the batch hashing kernels, written once in the portable subset (STYLE.md
 * "One kernel source") and compiled as OpenCL C 1.2 (kernels/opencl/hash.cl) and CUDA
 * (kernels/cuda/hash.cu).  One work-item hashes one message (or one compression): it reads
 * its message from ZKA_GLOBAL memory chunk by chunk into a private state, runs the portable
 * primitive of core/hash/ on it, and writes its digest.  On the host (ZKA_TARGET_HOST) the
 * header gives only what the plug-ins' host code needs: which hashes are compiled in and
 * their sizes (no round-constant tables: the host never runs these kernels).
 *
 * Semantics: include/zkaccel/hash.h.  SHA-256 (FIPS 180-4 padding: 0x80, zeros, the bit
 * length as 64 bits big-endian; words decoded big-endian) and Keccak-256 (rate 136 bytes,
 * Ethereum's 0x01 .. 0x80 padding, digest = the first 32 bytes of the state, lanes
 * little-endian).  A SHA-256/Keccak compression is the hash of the 64 bytes left || right,
 * i.e. the sponge kernel over 64-byte messages: the host launches it that way.  Poseidon2
 * (padding-free sponge: zero state, chunks of `rate` elements overwrite state[0..n) and
 * permute; compression: permute (left, right, zeros) and keep the first `digest` elements).
 * Poseidon BN254: circomlib's poseidon of len (1..16) inputs; its compression is poseidon
 * of the 2 digests, again the sponge kernel over 2-element messages.
 *
 * Kernel entry points, all with one signature (ids: the zka_hash_id values):
 *   zka_hash_<name>(W *out, u64 out_off, const W *in, u64 in_off, u64 len, u64 count,
 *                   u32 compress)
 *   message i:  units [in_off + i*len*NW, ...) of in, NW words per unit;
 *               (compress: [in_off + i*2*D*NW, ...), the digest pair)
 *   digest i:   words [out_off + i*D*NW, ...) of out
 * with W = zka_u8 for sha256/keccak256 (offsets in bytes; compress is ignored: the host
 * passes len = 64), zka_u32 for BabyBear (one word per element), zka_u64 for Goldilocks (one)
 * and BN254 Fr (four little-endian limbs, Montgomery form).  `count` = work-items doing
 * work: the launch may round up, the extra ones return at once.
 *
 * Which hashes: ZKA_HASH_ONLY=<id> instantiates one (the OpenCL program is built lazily per
 * hash, so a job pays only for its own compile); without it (0) every hash whose portable
 * primitive exists.  ZKA_HB_HAVE_<name> says which those are, for both halves (all seven
 * ids now).  Poseidon BN254's tables (752 KiB for every width) are ZKA_CONST_TABLE arrays:
 * the OpenCL side builds one program per width t with ZKA_POSEIDON_BN254_MAX_T = t (the
 * tables up to t only) and leaves widths whose tables exceed the device's __constant
 * budget to other devices (zka_hb_poseidon_bn254_table_bytes); CUDA keeps them all in
 * global memory.
 */
#ifndef ZKA_HASH_BODY_H
#define ZKA_HASH_BODY_H
#include "zka_target.h"

/* Hash ids: the zka_hash_id values of include/zkaccel/hash.h. */
#define ZKA_HB_SHA256 1
#define ZKA_HB_KECCAK256 2
#define ZKA_HB_POSEIDON_BN254 3
#define ZKA_HB_POSEIDON2_BABYBEAR_16 4
#define ZKA_HB_POSEIDON2_BABYBEAR_24 5
#define ZKA_HB_POSEIDON2_GOLDILOCKS_8 6
#define ZKA_HB_POSEIDON2_GOLDILOCKS_12 7
#define ZKA_HB_MAX_ID 7

/* The hashes this source implements (each needs its core/hash/ primitive). */
#define ZKA_HB_HAVE_SHA256 1
#define ZKA_HB_HAVE_KECCAK256 1
#define ZKA_HB_HAVE_POSEIDON_BN254 1
#define ZKA_HB_HAVE_POSEIDON2 1

#ifndef ZKA_HASH_ONLY
#define ZKA_HASH_ONLY 0
#endif
#define ZKA_HB_WANT(id) (ZKA_HASH_ONLY == 0 || ZKA_HASH_ONLY == (id))

#if defined(ZKA_TARGET_OPENCL) || defined(ZKA_TARGET_CUDA)

#if defined(ZKA_TARGET_OPENCL)
#define ZKA_HB_GID() ((zka_u64)get_global_id(0))
#else
#define ZKA_HB_GID() ((zka_u64)blockIdx.x * blockDim.x + threadIdx.x)
#endif

/* ---- SHA-256 ----------------------------------------------------------------------------- */
#if ZKA_HB_HAVE_SHA256 && ZKA_HB_WANT(ZKA_HB_SHA256)
#include "../../core/hash/sha256.h"

/* A len-byte message takes (len + 9) rounded up to 64 bytes: the message, 0x80, zeros, and
 * the 64-bit bit length in the last 8 bytes of the last block.  Blocks wholly inside the
 * message are read four bytes to a word; the rest byte by byte with the padding. */
ZKA_KERNEL void zka_hash_sha256(ZKA_GLOBAL zka_u8 *out, zka_u64 out_off,
                                ZKA_GLOBAL const zka_u8 *in, zka_u64 in_off, zka_u64 len,
                                zka_u64 count, zka_u32 compress) {
  (void)compress;
  zka_u64 i = ZKA_HB_GID();
  if (i >= count) return;
  zka_u64 base = in_off + i * len;
  zka_u64 nblocks = (len + 8) / 64 + 1, full = len / 64;
  zka_u32 st[8], w[16];
  zka_sha256_init_ref(st);
  for (zka_u64 b = 0; b < nblocks; b++) {
    zka_u64 p = base + b * 64;
    if (b < full) {
      for (int j = 0; j < 16; j++)
        w[j] = ((zka_u32)in[p + 4 * j] << 24) | ((zka_u32)in[p + 4 * j + 1] << 16) |
               ((zka_u32)in[p + 4 * j + 2] << 8) | (zka_u32)in[p + 4 * j + 3];
    } else {
      for (int j = 0; j < 16; j++) {
        zka_u32 word = 0;
        for (int k = 0; k < 4; k++) {
          zka_u64 pos = b * 64 + (zka_u64)(4 * j + k);
          zka_u32 byte = pos < len ? (zka_u32)in[base + pos] : (pos == len ? 0x80u : 0u);
          word = (word << 8) | byte;
        }
        w[j] = word;
      }
      if (b == nblocks - 1) {
        w[14] = (zka_u32)(len >> 29); /* the bit length len*8, big-endian */
        w[15] = (zka_u32)(len << 3);
      }
    }
    zka_sha256_block_ref(st, w);
  }
  zka_u64 o = out_off + i * 32;
  for (int j = 0; j < 8; j++)
    for (int k = 0; k < 4; k++) out[o + 4 * j + k] = (zka_u8)(st[j] >> (24 - 8 * k));
}
#endif

/* ---- Keccak-256 -------------------------------------------------------------------------- */
#if ZKA_HB_HAVE_KECCAK256 && ZKA_HB_WANT(ZKA_HB_KECCAK256)
#include "../../core/hash/keccak.h"

/* Rate 136 bytes = 17 lanes.  Padding always adds at least one byte (0x01 after the
 * message, 0x80 on the block's last byte, 0x81 when they coincide), so a len-byte message
 * absorbs len/136 + 1 blocks. */
ZKA_KERNEL void zka_hash_keccak256(ZKA_GLOBAL zka_u8 *out, zka_u64 out_off,
                                   ZKA_GLOBAL const zka_u8 *in, zka_u64 in_off, zka_u64 len,
                                   zka_u64 count, zka_u32 compress) {
  (void)compress;
  zka_u64 i = ZKA_HB_GID();
  if (i >= count) return;
  zka_u64 base = in_off + i * len;
  zka_u64 nblocks = len / 136 + 1, full = len / 136;
  zka_u64 st[25];
  for (int j = 0; j < 25; j++) st[j] = 0;
  for (zka_u64 b = 0; b < nblocks; b++) {
    zka_u64 p = base + b * 136;
    for (int j = 0; j < 17; j++) {
      zka_u64 lane = 0;
      if (b < full) {
        for (int k = 0; k < 8; k++) lane |= (zka_u64)in[p + 8 * j + k] << (8 * k);
      } else {
        for (int k = 0; k < 8; k++) {
          zka_u64 pos = b * 136 + (zka_u64)(8 * j + k);
          zka_u64 byte = pos < len ? (zka_u64)in[base + pos] : (pos == len ? 0x01u : 0u);
          if (8 * j + k == 135) byte |= 0x80u;
          lane |= byte << (8 * k);
        }
      }
      st[j] ^= lane;
    }
    zka_keccak_f1600_ref(st);
  }
  zka_u64 o = out_off + i * 32;
  for (int j = 0; j < 4; j++)
    for (int k = 0; k < 8; k++) out[o + 8 * j + k] = (zka_u8)(st[j] >> (8 * k));
}
#endif

/* ---- Poseidon BN254 (circomlib) ----------------------------------------------------------- */
#if ZKA_HB_HAVE_POSEIDON_BN254 && ZKA_HB_WANT(ZKA_HB_POSEIDON_BN254)
#include "../../core/hash/poseidon_bn254.h"

/* poseidon(x1..xk), k = len: the permutation of (0, x1, .., xk) at width t = k + 1, output
 * state[0] (zka_poseidon_bn254_hash_ref's definition, with the message read straight into
 * the state: one private array of t_max elements instead of two).  The host launches only
 * 1 <= len <= ZKA_POSEIDON_BN254_MAX_T - 1 (OpenCL builds one program per width with the
 * tables up to it). */
ZKA_KERNEL void zka_hash_poseidon_bn254(ZKA_GLOBAL zka_u64 *out, zka_u64 out_off,
                                        ZKA_GLOBAL const zka_u64 *in, zka_u64 in_off,
                                        zka_u64 len, zka_u64 count, zka_u32 compress) {
  (void)compress;
  zka_u64 i = ZKA_HB_GID();
  if (i >= count || len < 1 || len > ZKA_POSEIDON_BN254_MAX_T - 1) return;
  const int t = (int)len + 1;
  zka_u64 base = in_off + i * len * 4;
  zka_bn254_fr st[ZKA_POSEIDON_BN254_MAX_T];
  st[0] = zka_bn254_fr_zero_ref();
  for (int k = 1; k < ZKA_POSEIDON_BN254_MAX_T; k++) {
    if (k < t) {
      for (int l = 0; l < 4; l++) st[k].l[l] = in[base + (zka_u64)(4 * (k - 1) + l)];
    } else {
      st[k] = zka_bn254_fr_zero_ref();
    }
  }
  zka_poseidon_bn254_permute_ref(st, t);
  zka_u64 o = out_off + i * 4;
  for (int l = 0; l < 4; l++) out[o + (zka_u64)l] = st[0].l[l];
}
#endif

/* ---- Poseidon2 --------------------------------------------------------------------------- */
#if ZKA_HB_HAVE_POSEIDON2 &&                                                                   \
    (ZKA_HB_WANT(ZKA_HB_POSEIDON2_BABYBEAR_16) || ZKA_HB_WANT(ZKA_HB_POSEIDON2_BABYBEAR_24) || \
     ZKA_HB_WANT(ZKA_HB_POSEIDON2_GOLDILOCKS_8) || ZKA_HB_WANT(ZKA_HB_POSEIDON2_GOLDILOCKS_12))
#include "../../core/hash/poseidon2.h"

/* NAME: kernel suffix; F: field; W: word; WIDTH, RATE (= WIDTH - capacity), DIGEST;
 * PERM: the permutation.  Elements are one word each (.v), copied as stored. */
#define ZKA_HB_POSEIDON2_KERNEL(NAME, F, W, WIDTH, RATE, DIGEST, PERM)                        \
  ZKA_KERNEL void zka_hash_##NAME(ZKA_GLOBAL W *out, zka_u64 out_off, ZKA_GLOBAL const W *in, \
                                  zka_u64 in_off, zka_u64 len, zka_u64 count,                 \
                                  zka_u32 compress) {                                         \
    zka_u64 i = ZKA_HB_GID();                                                                 \
    if (i >= count) return;                                                                   \
    zka_##F st[WIDTH];                                                                        \
    for (int k = 0; k < WIDTH; k++) st[k].v = 0;                                              \
    if (compress) {                                                                           \
      zka_u64 base = in_off + i * (2 * DIGEST);                                               \
      for (int k = 0; k < 2 * DIGEST; k++) st[k].v = in[base + k];                            \
      PERM(st);                                                                               \
    } else {                                                                                  \
      zka_u64 base = in_off + i * len;                                                        \
      for (zka_u64 c = 0; c < len; c += RATE) {                                               \
        zka_u64 n = len - c < RATE ? len - c : RATE;                                          \
        for (int k = 0; k < RATE; k++)                                                        \
          if ((zka_u64)k < n) st[k].v = in[base + c + k];                                     \
        PERM(st);                                                                             \
      }                                                                                       \
    }                                                                                         \
    zka_u64 o = out_off + i * DIGEST;                                                         \
    for (int k = 0; k < DIGEST; k++) out[o + k] = st[k].v;                                    \
  }

#if ZKA_HB_WANT(ZKA_HB_POSEIDON2_BABYBEAR_16)
ZKA_HB_POSEIDON2_KERNEL(poseidon2_babybear_16, babybear, zka_u32, 16, 8, 8,
                        zka_poseidon2_babybear16_permute_ref)
#endif
#if ZKA_HB_WANT(ZKA_HB_POSEIDON2_BABYBEAR_24)
ZKA_HB_POSEIDON2_KERNEL(poseidon2_babybear_24, babybear, zka_u32, 24, 16, 8,
                        zka_poseidon2_babybear24_permute_ref)
#endif
#if ZKA_HB_WANT(ZKA_HB_POSEIDON2_GOLDILOCKS_8)
ZKA_HB_POSEIDON2_KERNEL(poseidon2_goldilocks_8, goldilocks, zka_u64, 8, 4, 4,
                        zka_poseidon2_goldilocks8_permute_ref)
#endif
#if ZKA_HB_WANT(ZKA_HB_POSEIDON2_GOLDILOCKS_12)
ZKA_HB_POSEIDON2_KERNEL(poseidon2_goldilocks_12, goldilocks, zka_u64, 12, 8, 4,
                        zka_poseidon2_goldilocks12_permute_ref)
#endif
#endif /* Poseidon2 */

#endif /* ZKA_TARGET_OPENCL || ZKA_TARGET_CUDA */

/* ---- host half: what the plug-ins compile in, and the layouts ------------------------------ */
#if defined(ZKA_TARGET_HOST)
#include <stddef.h>

#ifdef ZKACCEL_HASH_H /* the ids must be hash.h's */
_Static_assert(ZKA_HB_SHA256 == ZKA_HASH_SHA256 && ZKA_HB_KECCAK256 == ZKA_HASH_KECCAK256 &&
                   ZKA_HB_POSEIDON_BN254 == ZKA_HASH_POSEIDON_BN254 &&
                   ZKA_HB_POSEIDON2_BABYBEAR_16 == ZKA_HASH_POSEIDON2_BABYBEAR_16 &&
                   ZKA_HB_POSEIDON2_BABYBEAR_24 == ZKA_HASH_POSEIDON2_BABYBEAR_24 &&
                   ZKA_HB_POSEIDON2_GOLDILOCKS_8 == ZKA_HASH_POSEIDON2_GOLDILOCKS_8 &&
                   ZKA_HB_POSEIDON2_GOLDILOCKS_12 == ZKA_HASH_POSEIDON2_GOLDILOCKS_12,
               "hash_body.h ids differ from include/zkaccel/hash.h");
#endif

/* Sizes of hash id h: bytes per message unit, per digest, and the word size the kernels
 * address (offsets must be multiples of it); 0 when h is not compiled in. */
typedef struct {
  size_t unit;   /* bytes per message unit */
  size_t digest; /* bytes per digest */
  size_t word;   /* bytes per kernel word */
  const char *name;
} zka_hb_info;

static inline int zka_hb_info_of(unsigned h, zka_hb_info *out) {
  switch (h) {
#if ZKA_HB_HAVE_SHA256
    case ZKA_HB_SHA256: *out = (zka_hb_info){1, 32, 1, "sha256"}; return 1;
#endif
#if ZKA_HB_HAVE_KECCAK256
    case ZKA_HB_KECCAK256: *out = (zka_hb_info){1, 32, 1, "keccak256"}; return 1;
#endif
#if ZKA_HB_HAVE_POSEIDON_BN254
    case ZKA_HB_POSEIDON_BN254: *out = (zka_hb_info){32, 32, 8, "poseidon_bn254"}; return 1;
#endif
#if ZKA_HB_HAVE_POSEIDON2
    case ZKA_HB_POSEIDON2_BABYBEAR_16: *out = (zka_hb_info){4, 32, 4, "poseidon2_babybear_16"}; return 1;
    case ZKA_HB_POSEIDON2_BABYBEAR_24: *out = (zka_hb_info){4, 32, 4, "poseidon2_babybear_24"}; return 1;
    case ZKA_HB_POSEIDON2_GOLDILOCKS_8: *out = (zka_hb_info){8, 32, 8, "poseidon2_goldilocks_8"}; return 1;
    case ZKA_HB_POSEIDON2_GOLDILOCKS_12: *out = (zka_hb_info){8, 32, 8, "poseidon2_goldilocks_12"}; return 1;
#endif
    default: (void)out; return 0;
  }
}

/* Bytes of the Poseidon BN254 constant tables a program built with
 * ZKA_POSEIDON_BN254_MAX_T = t_max holds (core/params/poseidon_bn254.h: per width t, R_F*t +
 * R_P round constants, R_P sparse matrices of 2t - 1 elements, and the t x t matrices M and
 * P; 32 bytes an element).  R_P per t = 2..17: circomlib circuits/poseidon.circom
 * N_ROUNDS_P, as in the params header (kept here so the host half needs no tables). */
static inline size_t zka_hb_poseidon_bn254_table_bytes(unsigned t_max) {
  static const unsigned rp[16] = {56, 57, 56, 60, 60, 63, 64, 63, 60, 66, 60, 65, 70, 60, 64, 68};
  size_t elems = 0;
  for (unsigned t = 2; t <= t_max && t <= 17; t++)
    elems += 8 * t + rp[t - 2] + rp[t - 2] * (2 * t - 1) + 2 * t * t;
  return elems * 32 + 4 * 16 * 4; /* and the four 16-entry offset tables */
}

/* The shape of one job, as both plug-ins check it: *msg_bytes and *kernel_len (the len the
 * kernel gets: SHA-256/Keccak/Poseidon BN254 compressions are 64-byte or 2-element sponge
 * messages) and *compress (the kernel's flag).  Returns 0 with why[] for a job the hash does
 * not take: unknown or not compiled in, a bad mode, Poseidon BN254 outside 1..16 inputs,
 * or sizes that overflow. */
static inline int zka_hb_job_shape(unsigned h, int mode, size_t len, size_t count,
                                   zka_hb_info *info, size_t *msg_bytes, size_t *kernel_len,
                                   unsigned *compress, const char **why) {
  if (!zka_hb_info_of(h, info)) {
    *why = "hash not implemented by this backend";
    return 0;
  }
  if (mode != 0 && mode != 1) {
    *why = "unknown hash mode";
    return 0;
  }
  *compress = 0;
  if (mode == 1) {
    *msg_bytes = 2 * info->digest;
    if (h == ZKA_HB_SHA256 || h == ZKA_HB_KECCAK256) {
      *kernel_len = 64;
    } else if (h == ZKA_HB_POSEIDON_BN254) {
      *kernel_len = 2;
    } else {
      *kernel_len = 0;
      *compress = 1;
    }
  } else {
    if (h == ZKA_HB_POSEIDON_BN254 && (len < 1 || len > 16)) {
      *why = "Poseidon BN254 takes 1..16 inputs";
      return 0;
    }
    if (len > (size_t)-1 / info->unit) {
      *why = "message length overflows";
      return 0;
    }
    *msg_bytes = len * info->unit;
    *kernel_len = len;
  }
  if (*msg_bytes && count > (size_t)-1 / *msg_bytes) {
    *why = "batch size overflows";
    return 0;
  }
  return 1;
}
#endif /* ZKA_TARGET_HOST */

#endif /* ZKA_HASH_BODY_H */
