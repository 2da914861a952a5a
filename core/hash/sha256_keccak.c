/* sha256_keccak.c — the single-message byte hashes of include/zkaccel/hash.h: zka_sha256,
 * zka_sha256_compress, zka_keccak256, zka_keccak_f1600.
 *
 * The rounds are the portable bodies (core/hash/sha256.h, core/hash/keccak.h); this file
 * adds the byte handling (big-endian words, FIPS 180-4 padding, the Keccak sponge) and,
 * on x86-64, the SHA-NI compression (Intel SHA extensions: sha256rnds2/msg1/msg2), chosen
 * at run time when the CPU has it.  ZKA_PORTABLE builds compile it out; ZKA_PORTABLE=1 in
 * the environment (anything but "0") forces the portable body at run time, read once.
 * Both give the same bytes; tests/test_hash_bytes.c checks each against the vectors. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash/keccak.h"
#include "core/hash/sha256.h"
#include "zkaccel/hash.h"

#if defined(__x86_64__) && !defined(ZKA_PORTABLE) && (defined(__GNUC__) || defined(__clang__))
#define ZKA_SHA256_HAVE_SHANI 1
#include <cpuid.h>
#include <immintrin.h>

/* CPUID.(EAX=7,ECX=0):EBX bit 29 = SHA extensions, CPUID.1:ECX bit 19 = SSE4.1.  Read
 * directly because clang before 16 rejects __builtin_cpu_supports("sha"). */
static int zka_cpu_has_shani(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 19))) return 0;
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
  return (b >> 29) & 1;
}
#endif

/* ---- SHA-256 ------------------------------------------------------------------------- */

static zka_u32 zka_sha256_load_be32(const uint8_t *p) {
  return ((zka_u32)p[0] << 24) | ((zka_u32)p[1] << 16) | ((zka_u32)p[2] << 8) | (zka_u32)p[3];
}

/* nblocks 64-byte blocks through the portable compression. */
static void zka_sha256_blocks_portable(uint32_t state[8], const uint8_t *data, size_t nblocks) {
  zka_u32 w[16];
  for (size_t b = 0; b < nblocks; b++, data += 64) {
    for (int i = 0; i < 16; i++) w[i] = zka_sha256_load_be32(data + 4 * i);
    zka_sha256_block_ref(state, w);
  }
}

#ifdef ZKA_SHA256_HAVE_SHANI
/* SHA-NI keeps the state as two vectors ABEF and CDGH (Intel, "Intel SHA Extensions",
 * 2013, section 3); each sha256rnds2 does two rounds with W+K from the low 64 bits.  The
 * message schedule runs four words at a time: for W[t..t+3], msg1 gives
 * W[t-16] + s0(W[t-15]), alignr adds W[t-7], msg2 adds s1(W[t-2]). */
__attribute__((target("sha,sse4.1"))) static void zka_sha256_blocks_shani(uint32_t state[8],
                                                                          const uint8_t *data,
                                                                          size_t nblocks) {
  /* Byte reversal of each 32-bit word: the message words are big-endian. */
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
  __m128i tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[0]), 0xB1);
  __m128i st1 = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)(const void *)&state[4]), 0x1B);
  __m128i st0 = _mm_alignr_epi8(tmp, st1, 8); /* ABEF */
  st1 = _mm_blend_epi16(st1, tmp, 0xF0);      /* CDGH */
  for (; nblocks; nblocks--, data += 64) {
    const __m128i abef = st0, cdgh = st1;
    __m128i m[4];
    for (int i = 0; i < 4; i++)
      m[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(const void *)(data + 16 * i)), bswap);
#if defined(__clang__)
#pragma unroll
#else
#pragma GCC unroll 16
#endif
    for (int g = 0; g < 16; g++) {
      __m128i wk = _mm_add_epi32(m[g & 3],
                                 _mm_loadu_si128((const __m128i *)(const void *)&zka_sha256_k[4 * g]));
      st1 = _mm_sha256rnds2_epu32(st1, st0, wk);
      st0 = _mm_sha256rnds2_epu32(st0, st1, _mm_shuffle_epi32(wk, 0x0E));
      if (g < 12) {
        __m128i x = _mm_sha256msg1_epu32(m[g & 3], m[(g + 1) & 3]);
        x = _mm_add_epi32(x, _mm_alignr_epi8(m[(g + 3) & 3], m[(g + 2) & 3], 4));
        m[g & 3] = _mm_sha256msg2_epu32(x, m[(g + 3) & 3]);
      }
    }
    st0 = _mm_add_epi32(st0, abef);
    st1 = _mm_add_epi32(st1, cdgh);
  }
  tmp = _mm_shuffle_epi32(st0, 0x1B);      /* FEBA */
  st1 = _mm_shuffle_epi32(st1, 0xB1);      /* DCHG */
  st0 = _mm_blend_epi16(tmp, st1, 0xF0);   /* DCBA */
  st1 = _mm_alignr_epi8(st1, tmp, 8);      /* HGFE */
  _mm_storeu_si128((__m128i *)(void *)&state[0], st0);
  _mm_storeu_si128((__m128i *)(void *)&state[4], st1);
}
#endif

typedef void (*zka_sha256_blocks_fn)(uint32_t state[8], const uint8_t *data, size_t nblocks);

/* The compression for this process: chosen on first use (a race only stores the same
 * pointer twice). */
static _Atomic(zka_sha256_blocks_fn) zka_sha256_blocks_impl; /* NULL: not chosen yet */

static zka_sha256_blocks_fn zka_sha256_choose(void) {
  zka_sha256_blocks_fn fn = atomic_load_explicit(&zka_sha256_blocks_impl, memory_order_relaxed);
  if (fn) return fn;
  fn = zka_sha256_blocks_portable;
#ifdef ZKA_SHA256_HAVE_SHANI
  const char *env = getenv("ZKA_PORTABLE");
  int portable = env && *env && strcmp(env, "0") != 0;
  if (!portable && zka_cpu_has_shani())
    fn = zka_sha256_blocks_shani;
#endif
  atomic_store_explicit(&zka_sha256_blocks_impl, fn, memory_order_relaxed);
  return fn;
}

void zka_sha256_compress(uint32_t state[8], const uint8_t block[64]) {
  zka_sha256_choose()(state, block, 1);
}

void zka_sha256(uint8_t out[32], const uint8_t *msg, size_t len) {
  zka_sha256_blocks_fn blocks = zka_sha256_choose();
  uint32_t st[8];
  zka_sha256_init_ref(st);
  size_t full = len / 64;
  if (full) blocks(st, msg, full);
  /* FIPS 180-4, 5.1.1: the rest, 0x80, zeros, then the bit length as 64-bit big-endian;
   * one more block when the rest leaves fewer than 9 bytes. */
  uint8_t tail[128];
  size_t rest = len - full * 64;
  if (rest) memcpy(tail, msg + full * 64, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest < 56 ? 64 : 128;
  memset(tail + rest + 1, 0, tail_len - rest - 1);
  uint64_t bits = (uint64_t)len << 3;
  for (int i = 0; i < 8; i++) tail[tail_len - 1 - i] = (uint8_t)(bits >> (8 * i));
  blocks(st, tail, tail_len / 64);
  for (int i = 0; i < 8; i++) {
    out[4 * i] = (uint8_t)(st[i] >> 24);
    out[4 * i + 1] = (uint8_t)(st[i] >> 16);
    out[4 * i + 2] = (uint8_t)(st[i] >> 8);
    out[4 * i + 3] = (uint8_t)st[i];
  }
}

/* ---- Keccak-256 ---------------------------------------------------------------------- */

void zka_keccak_f1600(uint64_t state[25]) { zka_keccak_f1600_ref(state); }

static zka_u64 zka_keccak_load_le64(const uint8_t *p) {
  zka_u64 v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

void zka_keccak256(uint8_t out[32], const uint8_t *msg, size_t len) {
  zka_u64 st[25] = {0};
  for (; len >= ZKA_KECCAK256_RATE; len -= ZKA_KECCAK256_RATE, msg += ZKA_KECCAK256_RATE) {
    for (int i = 0; i < ZKA_KECCAK256_RATE / 8; i++) st[i] ^= zka_keccak_load_le64(msg + 8 * i);
    zka_keccak_f1600_ref(st);
  }
  /* Keccak's multi-rate padding pad10*1 with Ethereum's (pre-FIPS 202) domain byte: the
   * rest, 0x01, zeros, and 0x80 or'ed into the rate's last byte (0x81 when they meet). */
  uint8_t last[ZKA_KECCAK256_RATE];
  memset(last, 0, sizeof last);
  if (len) memcpy(last, msg, len);
  last[len] = 0x01;
  last[ZKA_KECCAK256_RATE - 1] |= 0x80;
  for (int i = 0; i < ZKA_KECCAK256_RATE / 8; i++) st[i] ^= zka_keccak_load_le64(last + 8 * i);
  zka_keccak_f1600_ref(st);
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(st[i] >> (8 * j));
}
