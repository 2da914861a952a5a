/* poseidon2_cpu.c — the CPU backend's Poseidon2 batches (hash_cpu.h):
 * zka_cpu_poseidon2_batch (sponge of count messages) and zka_cpu_poseidon2_compress_batch.
 *
 * With SIMD (poseidon2_x86.c), L messages at a time go into the lanes of one vector state:
 * the rows are transposed into st[element][lane], permuted together, and the digests
 * transposed back.  A last group of fewer than L messages runs with the unused lanes on a
 * zero state (their results are dropped), so any count gives the bytes of the one-by-one
 * reference (core/hash/poseidon2.c), which is also the path without SIMD: ZKA_PORTABLE builds,
 * CPUs without AVX2, or ZKA_PORTABLE=1 in the environment. */
#include <stdlib.h>
#include <string.h>

#include "core/hash/poseidon2_host.h"
#include "kernels/cpu/hash_cpu.h"
#include "kernels/cpu/poseidon2_cpu_internal.h"

/* ---- level selection ------------------------------------------------------------------ */

static int zka_p2_simd_cap = -1; /* -1: not resolved yet */

int zka_cpu_poseidon2_simd_available(void) {
#ifdef ZKA_P2_HAVE_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f")) return ZKA_P2_SIMD_AVX512;
  if (__builtin_cpu_supports("avx2")) return ZKA_P2_SIMD_AVX2;
#endif
  return ZKA_P2_SIMD_SCALAR;
}

static int zka_p2_cap(void) {
  int cap = __atomic_load_n(&zka_p2_simd_cap, __ATOMIC_RELAXED);
  if (cap < 0) {
    /* the switch every CPU path shares (core/field/field.c, ntt_cpu.c) */
    const char *env = getenv("ZKA_PORTABLE");
    cap = (env && *env && strcmp(env, "0") != 0) ? ZKA_P2_SIMD_SCALAR : ZKA_P2_SIMD_AVX512;
    __atomic_store_n(&zka_p2_simd_cap, cap, __ATOMIC_RELAXED);
  }
  return cap;
}

int zka_cpu_poseidon2_simd_level(void) {
  int cap = zka_p2_cap(), avail = zka_cpu_poseidon2_simd_available();
  return cap < avail ? cap : avail;
}

int zka_cpu_poseidon2_set_simd(int level) {
  int prev = zka_p2_cap();
  __atomic_store_n(&zka_p2_simd_cap, level, __ATOMIC_RELAXED);
  return prev;
}

/* The lanes kernel for h at the current level; NULL (and *lanes = 1) for the portable path. */
static zka_p2_lanes_fn zka_p2_kernel(zka_hash_id h, size_t *lanes) {
  *lanes = 1;
#ifdef ZKA_P2_HAVE_X86
  int level = zka_cpu_poseidon2_simd_level();
  int gl = h == ZKA_HASH_POSEIDON2_GOLDILOCKS_8 || h == ZKA_HASH_POSEIDON2_GOLDILOCKS_12;
  if (level == ZKA_P2_SIMD_AVX512) {
    *lanes = gl ? 8 : 16;
    switch (h) {
      case ZKA_HASH_POSEIDON2_BABYBEAR_16: return zka_p2_babybear16_x16_avx512;
      case ZKA_HASH_POSEIDON2_BABYBEAR_24: return zka_p2_babybear24_x16_avx512;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: return zka_p2_goldilocks8_x8_avx512;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: return zka_p2_goldilocks12_x8_avx512;
      default: break;
    }
  } else if (level == ZKA_P2_SIMD_AVX2) {
    *lanes = gl ? 4 : 8;
    switch (h) {
      case ZKA_HASH_POSEIDON2_BABYBEAR_16: return zka_p2_babybear16_x8_avx2;
      case ZKA_HASH_POSEIDON2_BABYBEAR_24: return zka_p2_babybear24_x8_avx2;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: return zka_p2_goldilocks8_x4_avx2;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: return zka_p2_goldilocks12_x4_avx2;
      default: break;
    }
  }
  *lanes = 1;
#else
  (void)h;
#endif
  return NULL;
}

/* ---- transposed groups ------------------------------------------------------------------ */

/* Transposed state of up to 24 x 16 words of 4 bytes or 12 x 8 of 8 bytes (1536 bytes). */
typedef union {
  uint32_t w32[24 * 16];
  uint64_t w64[12 * 8];
} zka_p2_lanes_state;

/* Element j of lane l <-> bytes (rows may be unaligned, hence memcpy). */
static void zka_p2_put(zka_p2_lanes_state *st, size_t esz, size_t lanes, size_t j, size_t l,
                       const uint8_t *src) {
  if (esz == 4) memcpy(&st->w32[j * lanes + l], src, 4);
  else memcpy(&st->w64[j * lanes + l], src, 8);
}
static void zka_p2_get(const zka_p2_lanes_state *st, size_t esz, size_t lanes, size_t j,
                       size_t l, uint8_t *dst) {
  if (esz == 4) memcpy(dst, &st->w32[j * lanes + l], 4);
  else memcpy(dst, &st->w64[j * lanes + l], 8);
}

void zka_cpu_poseidon2_batch(zka_hash_id h, void *out, const void *in, size_t len, size_t count) {
  zka_poseidon2_shape s;
  size_t lanes;
  zka_p2_lanes_fn fn;
  uint8_t *dst = out;
  const uint8_t *src = in;
  if (!zka_poseidon2_shape_of(h, &s)) return;
  size_t row = len * s.elem_size, dig = s.digest * s.elem_size;
  fn = zka_p2_kernel(h, &lanes);
  if (!fn || len == 0) {
    for (size_t i = 0; i < count; i++) zka_poseidon2_sponge(h, dst + i * dig, src + i * row, len);
    return;
  }
  for (size_t g = 0; g < count; g += lanes) {
    size_t n = count - g < lanes ? count - g : lanes;
    zka_p2_lanes_state st;
    memset(&st, 0, sizeof st);
    for (size_t off = 0; off < len; off += s.rate) {
      size_t chunk = len - off < s.rate ? len - off : s.rate;
      /* overwrite mode: state[0..chunk) = the next chunk of each message */
      for (size_t l = 0; l < n; l++) {
        const uint8_t *m = src + (g + l) * row + off * s.elem_size;
        for (size_t j = 0; j < chunk; j++) zka_p2_put(&st, s.elem_size, lanes, j, l, m + j * s.elem_size);
      }
      fn(&st);
    }
    for (size_t l = 0; l < n; l++)
      for (size_t j = 0; j < s.digest; j++)
        zka_p2_get(&st, s.elem_size, lanes, j, l, dst + (g + l) * dig + j * s.elem_size);
  }
}

void zka_cpu_poseidon2_compress_batch(zka_hash_id h, void *out, const void *in, size_t count) {
  zka_poseidon2_shape s;
  size_t lanes;
  zka_p2_lanes_fn fn;
  uint8_t *dst = out;
  const uint8_t *src = in;
  if (!zka_poseidon2_shape_of(h, &s)) return;
  size_t dig = s.digest * s.elem_size;
  fn = zka_p2_kernel(h, &lanes);
  if (!fn) {
    for (size_t i = 0; i < count; i++)
      zka_poseidon2_compress2(h, dst + i * dig, src + 2 * i * dig, src + (2 * i + 1) * dig);
    return;
  }
  for (size_t g = 0; g < count; g += lanes) {
    size_t n = count - g < lanes ? count - g : lanes;
    zka_p2_lanes_state st;
    memset(&st, 0, sizeof st);
    /* state = left || right || zeros: the pair is 2 * digest consecutive elements */
    for (size_t l = 0; l < n; l++) {
      const uint8_t *m = src + 2 * (g + l) * dig;
      for (size_t j = 0; j < 2 * s.digest; j++) zka_p2_put(&st, s.elem_size, lanes, j, l, m + j * s.elem_size);
    }
    fn(&st);
    for (size_t l = 0; l < n; l++)
      for (size_t j = 0; j < s.digest; j++)
        zka_p2_get(&st, s.elem_size, lanes, j, l, dst + (g + l) * dig + j * s.elem_size);
  }
}
