/* poseidon2_tb.c — C-simulation test bench of the HLS Poseidon2 kernels (Vitis style: main()
 * returns 0 when every check passes).  Run by `make csim` (vitis_hls csim_design,
 * run_hls.tcl) and, on machines without Vitis, by the test_hls_poseidon2_csim ctest as a host
 * program.
 *
 * For each of the four top functions zka_hls_poseidon2_<instance>, called directly as the
 * board would run them:
 *   1. sponge: len 0, 1, rate - 1, rate, rate + 1, 3 * rate + 2 and 2 * width + 3, counts 1,
 *      7, 300 and ZKA_HLS_POSEIDON2_MAX_BATCH, against the padding-free sponge written here
 *      from include/zkaccel/hash.h over the portable permutation (core/hash/poseidon2.h,
 *      compiled here with the host arithmetic while the kernel file compiles the HLS one);
 *      every digest element fully reduced; the word after the last digest untouched;
 *   2. compress: counts 1, 7 and the maximum, against TruncatedPermutation written the same
 *      way (state = left, right, zeros; permute; keep the digest);
 *   3. scalars out of range (count 0, count MAX + 1, mode 2) leave the digests untouched;
 *   4. with ZKA_TB_WITH_LIBZKACCEL (the ctest build, which links libzkaccel): every digest
 *      of 1. and 2. also equals the library's zka_hash / zka_hash_compress.
 * ZKA_TB_SEED (environment) changes the random inputs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash/poseidon2.h"
#include "fpga/hls/poseidon2/poseidon2_kernel.h"
#ifdef ZKA_TB_WITH_LIBZKACCEL
#include "zkaccel/hash.h"
#endif

static int zka_tb_failures = 0;
static long zka_tb_checks = 0;

#define ZKA_TB_CHECK(cond, ...)                                         \
  do {                                                                  \
    zka_tb_checks++;                                                    \
    if (!(cond)) {                                                      \
      if (zka_tb_failures < 20) {                                       \
        fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
        fprintf(stderr, __VA_ARGS__);                                   \
        fprintf(stderr, "\n");                                          \
      }                                                                 \
      zka_tb_failures++;                                                \
    }                                                                   \
  } while (0)

/* splitmix64 (Steele, Lea, Flood 2014): enough for test inputs. */
static uint64_t zka_tb_state = 1;
static uint64_t zka_tb_next(void) {
  uint64_t z = (zka_tb_state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* ---- one instance: sizes, its permutation and its kernel on elements as 64-bit values --
 * (the bench holds every element widened to uint64_t; the kernels' words are packed into
 * zka_u32 / zka_u64 arrays around each call) */

#define ZKA_TB_MAX_WIDTH 24

typedef struct {
  const char *name;
  int hash_id; /* zka_hash_id */
  int width, rate, digest;
  size_t unit;        /* bytes per element */
  uint64_t modulus;   /* canonical values (BabyBear: Montgomery residues) are below it */
  void (*permute)(uint64_t *st);
  void (*kernel)(void *digests, const void *msgs, zka_u32 count, zka_u32 len, zka_u32 mode);
} zka_tb_inst;

#define ZKA_TB_BB(T)                                                                     \
  static void zka_tb_permute_bb##T(uint64_t *st) {                                       \
    zka_babybear s[T];                                                                   \
    for (int i = 0; i < T; i++) s[i] = zka_babybear_make_ref((zka_u32)st[i]);            \
    zka_poseidon2_babybear##T##_permute_ref(s);                                          \
    for (int i = 0; i < T; i++) st[i] = s[i].v;                                          \
  }                                                                                      \
  static void zka_tb_kernel_bb##T(void *d, const void *m, zka_u32 c, zka_u32 l, zka_u32 mo) { \
    zka_hls_poseidon2_babybear##T((zka_u32 *)d, (const zka_u32 *)m, c, l, mo);           \
  }
#define ZKA_TB_GL(T)                                                                     \
  static void zka_tb_permute_gl##T(uint64_t *st) {                                       \
    zka_goldilocks s[T];                                                                 \
    for (int i = 0; i < T; i++) s[i] = zka_goldilocks_make_ref(st[i]);                   \
    zka_poseidon2_goldilocks##T##_permute_ref(s);                                        \
    for (int i = 0; i < T; i++) st[i] = s[i].v;                                          \
  }                                                                                      \
  static void zka_tb_kernel_gl##T(void *d, const void *m, zka_u32 c, zka_u32 l, zka_u32 mo) { \
    zka_hls_poseidon2_goldilocks##T((zka_u64 *)d, (const zka_u64 *)m, c, l, mo);         \
  }
ZKA_TB_BB(16)
ZKA_TB_BB(24)
ZKA_TB_GL(8)
ZKA_TB_GL(12)

/* hash ids: include/zkaccel/hash.h (ZKA_HASH_POSEIDON2_*), spelled out so the Vitis csim
 * build needs no library header. */
static const zka_tb_inst zka_tb_insts[4] = {
    {"babybear16", 4, 16, 8, 8, 4, ZKA_BABYBEAR_P, zka_tb_permute_bb16, zka_tb_kernel_bb16},
    {"babybear24", 5, 24, 16, 8, 4, ZKA_BABYBEAR_P, zka_tb_permute_bb24, zka_tb_kernel_bb24},
    {"goldilocks8", 6, 8, 4, 4, 8, ZKA_GOLDILOCKS_P, zka_tb_permute_gl8, zka_tb_kernel_gl8},
    {"goldilocks12", 7, 12, 8, 4, 8, ZKA_GOLDILOCKS_P, zka_tb_permute_gl12, zka_tb_kernel_gl12},
};

/* ---- the references, from the definitions in hash.h --------------------------------- */

/* Padding-free sponge: zero state; each chunk of <= rate elements overwrites the first
 * lanes, then the state is permuted; the digest is the first `digest` lanes. */
static void zka_tb_sponge(const zka_tb_inst *h, uint64_t *out, const uint64_t *msg, size_t len) {
  uint64_t st[ZKA_TB_MAX_WIDTH] = {0};
  for (size_t off = 0; off < len; off += (size_t)h->rate) {
    const size_t take = len - off < (size_t)h->rate ? len - off : (size_t)h->rate;
    memcpy(st, msg + off, take * sizeof *st);
    h->permute(st);
  }
  memcpy(out, st, (size_t)h->digest * sizeof *st);
}

/* TruncatedPermutation: state (left, right, zeros), permuted, first `digest` lanes. */
static void zka_tb_compress(const zka_tb_inst *h, uint64_t *out, const uint64_t *left,
                            const uint64_t *right) {
  uint64_t st[ZKA_TB_MAX_WIDTH] = {0};
  memcpy(st, left, (size_t)h->digest * sizeof *st);
  memcpy(st + h->digest, right, (size_t)h->digest * sizeof *st);
  h->permute(st);
  memcpy(out, st, (size_t)h->digest * sizeof *st);
}

/* ---- packing between the bench's uint64_t elements and the kernel's words ------------ */

static void zka_tb_pack(const zka_tb_inst *h, void *dst, const uint64_t *src, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (h->unit == 4) {
      const uint32_t v = (uint32_t)src[i];
      memcpy((uint8_t *)dst + 4 * i, &v, 4);
    } else {
      memcpy((uint8_t *)dst + 8 * i, &src[i], 8);
    }
  }
}
static void zka_tb_unpack(const zka_tb_inst *h, uint64_t *dst, const void *src, size_t n) {
  for (size_t i = 0; i < n; i++) {
    if (h->unit == 4) {
      uint32_t v;
      memcpy(&v, (const uint8_t *)src + 4 * i, 4);
      dst[i] = v;
    } else {
      memcpy(&dst[i], (const uint8_t *)src + 8 * i, 8);
    }
  }
}

static void zka_tb_random(const zka_tb_inst *h, uint64_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint64_t v;
    do v = h->unit == 4 ? (zka_tb_next() & 0xffffffffu) : zka_tb_next();
    while (v >= h->modulus);
    out[i] = v;
  }
}

/* The library's single-message functions on the same input (the ctest build). */
static int zka_tb_lib_sponge(const zka_tb_inst *h, const uint64_t *want, const uint64_t *msg,
                             size_t len) {
#ifdef ZKA_TB_WITH_LIBZKACCEL
  uint8_t packed_msg[8 * 64], lib[32], mine[32];
  zka_tb_pack(h, packed_msg, msg, len);
  zka_tb_pack(h, mine, want, (size_t)h->digest);
  if (zka_hash((zka_hash_id)h->hash_id, lib, packed_msg, len) != ZKA_OK) return 0;
  return memcmp(lib, mine, 32) == 0;
#else
  (void)h, (void)want, (void)msg, (void)len;
  return 1;
#endif
}
static int zka_tb_lib_compress(const zka_tb_inst *h, const uint64_t *want, const uint64_t *pair) {
#ifdef ZKA_TB_WITH_LIBZKACCEL
  uint8_t l[32], r[32], lib[32], mine[32];
  zka_tb_pack(h, l, pair, (size_t)h->digest);
  zka_tb_pack(h, r, pair + h->digest, (size_t)h->digest);
  zka_tb_pack(h, mine, want, (size_t)h->digest);
  if (zka_hash_compress((zka_hash_id)h->hash_id, lib, l, r) != ZKA_OK) return 0;
  return memcmp(lib, mine, 32) == 0;
#else
  (void)h, (void)want, (void)pair;
  return 1;
#endif
}

/* One kernel call on count items of `item` elements (mode 0: len = item; mode 1: pairs),
 * checked against the references.  Returns the number of digests checked. */
static long zka_tb_call(const zka_tb_inst *h, size_t count, size_t item, zka_u32 mode) {
  const size_t d = (size_t)h->digest;
  uint64_t *in = malloc((count * item + 1) * sizeof *in);
  uint64_t *want = malloc(count * d * sizeof *want), *got = malloc((count * d + 1) * sizeof *got);
  void *kin = malloc((count * item + 1) * h->unit), *kout = malloc((count * d + 1) * h->unit);
  if (!in || !want || !got || !kin || !kout) abort();
  zka_tb_random(h, in, count * item);
  for (size_t i = 0; i < count; i++) {
    if (mode) zka_tb_compress(h, want + i * d, in + i * item, in + i * item + d);
    else zka_tb_sponge(h, want + i * d, in + i * item, item);
  }
  zka_tb_pack(h, kin, in, count * item);
  memset(kout, 0xa5, (count * d + 1) * h->unit); /* the word after the digests is a guard */
  h->kernel(kout, kin, (zka_u32)count, mode ? 0u : (zka_u32)item, mode);
  zka_tb_unpack(h, got, kout, count * d + 1);
  size_t bad = 0, noncanonical = 0, libbad = 0;
  for (size_t i = 0; i < count; i++) {
    if (memcmp(got + i * d, want + i * d, d * sizeof *got) != 0) bad++;
    for (size_t j = 0; j < d; j++) noncanonical += got[i * d + j] >= h->modulus;
    /* the library check on a sample: every message of small calls, 8 of large ones */
    if (count <= 8 || i % (count / 8) == 0) {
      const int ok = mode ? zka_tb_lib_compress(h, want + i * d, in + i * item)
                          : zka_tb_lib_sponge(h, want + i * d, in + i * item, item);
      libbad += !ok;
    }
  }
  const uint64_t guard = h->unit == 4 ? 0xa5a5a5a5u : 0xa5a5a5a5a5a5a5a5u;
  ZKA_TB_CHECK(bad == 0, "%s %s len %zu count %zu: %zu of %zu digests differ from the reference",
               h->name, mode ? "compress" : "sponge", item, count, bad, count);
  ZKA_TB_CHECK(noncanonical == 0, "%s %s len %zu count %zu: %zu digest elements not reduced",
               h->name, mode ? "compress" : "sponge", item, count, noncanonical);
  ZKA_TB_CHECK(got[count * d] == guard, "%s %s len %zu count %zu: wrote past the last digest",
               h->name, mode ? "compress" : "sponge", item, count);
  ZKA_TB_CHECK(libbad == 0, "%s %s len %zu count %zu: %zu digests differ from zka_hash%s",
               h->name, mode ? "compress" : "sponge", item, count, libbad,
               mode ? "_compress" : "");
  free(in);
  free(want);
  free(got);
  free(kin);
  free(kout);
  return (long)count;
}

/* 1. and 2. */
static void zka_tb_matrix(const zka_tb_inst *h) {
  const size_t r = (size_t)h->rate;
  const size_t lens[7] = {0, 1, r - 1, r, r + 1, 3 * r + 2, 2 * (size_t)h->width + 3};
  const size_t counts[4] = {1, 7, 300, ZKA_HLS_POSEIDON2_MAX_BATCH};
  long digests = 0;
  for (int li = 0; li < 7; li++)
    for (int ci = 0; ci < 4; ci++) {
      /* the largest count only for a few lengths: it is there for the buffer bound */
      if (ci == 3 && li != 1 && li != 5) continue;
      digests += zka_tb_call(h, counts[ci], lens[li], ZKA_HLS_POSEIDON2_SPONGE);
    }
  printf("  %-13s sponge: len 0, 1, %zu, %zu, %zu, %zu, %zu x count 1, 7, 300 (and %u): %ld "
         "digests equal the reference\n", h->name, r - 1, r, r + 1, 3 * r + 2,
         2 * (size_t)h->width + 3, ZKA_HLS_POSEIDON2_MAX_BATCH, digests);
  digests = 0;
  for (int ci = 0; ci < 4; ci++)
    if (ci != 2)
      digests += zka_tb_call(h, counts[ci], 2 * (size_t)h->digest, ZKA_HLS_POSEIDON2_COMPRESS);
  printf("  %-13s compress: count 1, 7, %u: %ld digests equal the reference\n", h->name,
         ZKA_HLS_POSEIDON2_MAX_BATCH, digests);
}

/* 3. Scalars out of range leave memory alone. */
static void zka_tb_refusals(const zka_tb_inst *h) {
  const size_t n = (ZKA_HLS_POSEIDON2_MAX_BATCH + 1) * 2 * (size_t)h->digest;
  uint8_t *in = malloc(n * h->unit), *out = malloc(n * h->unit), *orig = malloc(n * h->unit);
  if (!in || !out || !orig) abort();
  for (size_t i = 0; i < n * h->unit; i++) orig[i] = (uint8_t)zka_tb_next();
  memset(in, 0, n * h->unit);
  const zka_u32 bad[3][3] = {{0, 4, 0}, {ZKA_HLS_POSEIDON2_MAX_BATCH + 1, 4, 0}, {1, 4, 2}};
  for (int t = 0; t < 3; t++) {
    memcpy(out, orig, n * h->unit);
    h->kernel(out, in, bad[t][0], bad[t][1], bad[t][2]);
    ZKA_TB_CHECK(!memcmp(out, orig, n * h->unit), "%s: count %u mode %u changed the digests",
                 h->name, bad[t][0], bad[t][2]);
  }
  printf("  %-13s count 0, count %u, mode 2: refused, digests untouched\n", h->name,
         ZKA_HLS_POSEIDON2_MAX_BATCH + 1);
  free(in);
  free(out);
  free(orig);
}

int main(void) {
  const char *seed = getenv("ZKA_TB_SEED");
  zka_tb_state = seed ? strtoull(seed, NULL, 0) : 1;
  printf("poseidon2_tb: HLS Poseidon2 kernels (max %u messages per call), seed %llu, %s\n",
         ZKA_HLS_POSEIDON2_MAX_BATCH, (unsigned long long)zka_tb_state,
#ifdef ZKA_TB_WITH_LIBZKACCEL
         "also against libzkaccel's zka_hash/zka_hash_compress"
#else
         "against the hand-composed sponge only"
#endif
  );
  for (int i = 0; i < 4; i++) {
    zka_tb_matrix(&zka_tb_insts[i]);
    zka_tb_refusals(&zka_tb_insts[i]);
  }
  if (zka_tb_failures) {
    fprintf(stderr, "poseidon2_tb: %d of %ld checks FAILED\n", zka_tb_failures, zka_tb_checks);
    return 1;
  }
  printf("poseidon2_tb: all %ld checks passed\n", zka_tb_checks);
  return 0;
}
