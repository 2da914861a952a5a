/* sha256.h — the portable SHA-256 compression function (FIPS 180-4, section 6.2.2):
 * zka_sha256_block_ref and the initial state.  Compiles as host C, OpenCL C 1.2, CUDA and
 * HLS C (kernels/common/zka_target.h): the state is a private array of 8 words, the block
 * is 16 words already decoded from big-endian bytes (so callers on any target decide how
 * bytes reach the words), no pointer casts, bounded loops, no recursion.
 *
 * Message padding and byte handling live with the callers (core/hash/sha256_keccak.c on
 * the host, the kernels on devices): here only words.
 *
 * Constants (FIPS 180-4 section 4.2.2 and 5.3.3):
 *   K[i]  = first 32 bits of the fractional part of the cube root of the i-th prime
 *           (2, 3, 5, ..., 311), i = 0..63;
 *   H0[i] = first 32 bits of the fractional part of the square root of the i-th prime
 *           (2, 3, ..., 19), i = 0..7.
 * tests/test_hash_bytes.c recomputes both from these formulas (integer roots), so a typo
 * in the tables below cannot pass.
 */
#ifndef ZKA_HASH_SHA256_H
#define ZKA_HASH_SHA256_H
#include "../../kernels/common/zka_target.h"

/* SHA-256 initial hash value H(0) (FIPS 180-4, 5.3.3). */
#define ZKA_SHA256_IV_VALUES                                                              \
  0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au, 0x510e527fu, 0x9b05688cu, 0x1f83d9abu, \
      0x5be0cd19u

/* SHA-256 round constants K (FIPS 180-4, 4.2.2). */
#define ZKA_SHA256_K_VALUES \
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, \
    0xab1c5ed5u, 0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, \
    0x9bdc06a7u, 0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, \
    0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, \
    0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, \
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u, 0xa2bfe8a1u, 0xa81a664bu, \
    0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u, \
    0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u, \
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, \
    0xc67178f2u

/** The tables.  ZKA_CONST_TABLE is __constant in OpenCL and a __device__ array in CUDA;
 *  nvcc's host pass cannot read a __device__ array from the __host__ __device__ functions
 *  below, so CUDA also gets host copies and ZKA_SHA256_K(i) / ZKA_SHA256_IV(i) pick the
 *  one for the side being compiled (same values, one list). */
ZKA_CONST_TABLE zka_u32 zka_sha256_iv[8] = {ZKA_SHA256_IV_VALUES};
ZKA_CONST_TABLE zka_u32 zka_sha256_k[64] = {ZKA_SHA256_K_VALUES};
#if defined(ZKA_TARGET_CUDA) && !defined(__CUDA_ARCH__)
static const zka_u32 zka_sha256_iv_host[8] = {ZKA_SHA256_IV_VALUES};
static const zka_u32 zka_sha256_k_host[64] = {ZKA_SHA256_K_VALUES};
#define ZKA_SHA256_IV(i) zka_sha256_iv_host[i]
#define ZKA_SHA256_K(i) zka_sha256_k_host[i]
#else
#define ZKA_SHA256_IV(i) zka_sha256_iv[i]
#define ZKA_SHA256_K(i) zka_sha256_k[i]
#endif

/* Rotate right by n, 0 < n < 32 (all uses below are constants in that range). */
#define ZKA_SHA256_ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

/** state := H(0), the starting value for every message. */
ZKA_INLINE void zka_sha256_init_ref(zka_u32 state[8]) {
  for (int i = 0; i < 8; i++) state[i] = ZKA_SHA256_IV(i);
}

/** One SHA-256 compression (FIPS 180-4, 6.2.2 steps 1-4): state (a..h order, H0..H7)
 *  updated with one 512-bit block given as its 16 words, each decoded big-endian from
 *  the block's bytes (w[0] = bytes 0..3, most significant first).  The message schedule
 *  is kept in a 16-word ring, so the private footprint is 24 words on every target. */
ZKA_INLINE void zka_sha256_block_ref(zka_u32 state[8], const zka_u32 w[16]) {
  zka_u32 sched[16];
  for (int i = 0; i < 16; i++) sched[i] = w[i];
  zka_u32 a = state[0], b = state[1], c = state[2], d = state[3];
  zka_u32 e = state[4], f = state[5], g = state[6], h = state[7];
  for (int t = 0; t < 64; t++) {
    zka_u32 wt;
    if (t < 16) {
      wt = sched[t];
    } else {
      /* W_t = s1(W_{t-2}) + W_{t-7} + s0(W_{t-15}) + W_{t-16}, indices mod 16. */
      zka_u32 w2 = sched[(t - 2) & 15], w15 = sched[(t - 15) & 15];
      zka_u32 s0 = ZKA_SHA256_ROTR(w15, 7) ^ ZKA_SHA256_ROTR(w15, 18) ^ (w15 >> 3);
      zka_u32 s1 = ZKA_SHA256_ROTR(w2, 17) ^ ZKA_SHA256_ROTR(w2, 19) ^ (w2 >> 10);
      wt = s1 + sched[(t - 7) & 15] + s0 + sched[t & 15];
      sched[t & 15] = wt;
    }
    zka_u32 big_s1 = ZKA_SHA256_ROTR(e, 6) ^ ZKA_SHA256_ROTR(e, 11) ^ ZKA_SHA256_ROTR(e, 25);
    zka_u32 ch = (e & f) ^ (~e & g);
    zka_u32 t1 = h + big_s1 + ch + ZKA_SHA256_K(t) + wt;
    zka_u32 big_s0 = ZKA_SHA256_ROTR(a, 2) ^ ZKA_SHA256_ROTR(a, 13) ^ ZKA_SHA256_ROTR(a, 22);
    zka_u32 maj = (a & b) ^ (a & c) ^ (b & c);
    zka_u32 t2 = big_s0 + maj;
    h = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  state[0] += a;
  state[1] += b;
  state[2] += c;
  state[3] += d;
  state[4] += e;
  state[5] += f;
  state[6] += g;
  state[7] += h;
}

#endif /* ZKA_HASH_SHA256_H */
