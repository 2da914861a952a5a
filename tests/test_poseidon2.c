/* test_poseidon2.c — Poseidon2 over BabyBear (t = 16, 24) and Goldilocks (t = 8, 12):
 *   1. known answers: the permutation of [0, 1, ..., t-1], from the reference's test code:
 *      - BabyBear t = 24, Goldilocks t = 12: HorizenLabs/poseidon2 @ bb476b9ca381,
 *        plain_implementations/src/poseidon2/poseidon2.rs, tests `kats`;
 *      - BabyBear t = 16: Plonky3/Plonky3 baby-bear/src/poseidon2.rs
 *        test_poseidon2_width_16_range (HorizenLabs constants; the same vector is in SP1's
 *        poseidon2 syscall test, "generated with HorizenLabs POSEIDON2_BABYBEAR_16_PARAMS");
 *      - Goldilocks t = 8: Plonky3/Plonky3 goldilocks/src/poseidon2.rs
 *        test_poseidon2_width_8_range and _zeroes (HL_GOLDILOCKS_8 constants, the version with
 *        DiffusionMatrixGoldilocks, whose diagonal is HorizenLabs' MAT_DIAG8_M_1);
 *      checked on the portable _ref permutations and on the public zka_poseidon2_*_permute;
 *   2. the sponge and the compression of hash.h against a straightforward composition of the
 *      public permutation written here (overwrite mode, zero IV, no padding, empty -> 0);
 *   3. the CPU batches, on every SIMD level this CPU has (portable, AVX2, AVX-512), equal to
 *      one-by-one hashing, byte for byte, on random inputs, counts 1, 7, 17, 33 and rows
 *      that are not aligned. */
#include <string.h>

#include "core/hash/poseidon2.h"
#include "core/hash/poseidon2_host.h"
#include "kernels/cpu/hash_cpu.h"
#include "kernels/cpu/poseidon2_cpu_internal.h"
#include "test_util.h"
#include "zkaccel/hash.h"

static const uint32_t kat_bb24[24] = {
    0x2ed3e23d, 0x12921fb0, 0x0e659e79, 0x61d81dc9, 0x32bae33b, 0x62486ae3, 0x1e681b60, 0x24b91325,
    0x2a2ef5b9, 0x50e8593e, 0x5bc818ec, 0x10691997, 0x35a14520, 0x2ba6a3c5, 0x279d47ec, 0x55014e81,
    0x5953a67f, 0x2f403111, 0x6b8828ff, 0x1801301f, 0x2749207a, 0x3dc9cf21, 0x3c985ba2, 0x57a99864};
static const uint32_t kat_bb16[16] = {
    896560466,  771677727,  128113032,  1378976435, 160019712,  1452738514, 682850273,  223500421,
    501450187,  1804685789, 1671399593, 1788755219, 1736880027, 1352180784, 1928489698, 1128802977};
static const uint64_t kat_gl12[12] = {
    0x01eaef96bdf1c0c1ULL, 0x1f0d2cc525b2540cULL, 0x6282c1dfe1e0358dULL, 0xe780d721f698e1e6ULL,
    0x280c0b6f753d833bULL, 0x1b942dd5023156abULL, 0x43f0df3fcccb8398ULL, 0xe8e8190585489025ULL,
    0x56bdbf72f77ada22ULL, 0x7911c32bf9dcd705ULL, 0xec467926508fbe67ULL, 0x6a50450ddf85a6edULL};
static const uint64_t kat_gl8[8] = {
    14266028122062624699ULL, 5353147180106052723ULL,  15203350112844181434ULL,
    17630919042639565165ULL, 16601551015858213987ULL, 10184091939013874068ULL,
    16774100645754596496ULL, 12047415603622314780ULL};
static const uint64_t kat_gl8_zero[8] = {
    4214787979728720400ULL,  12324939279576102560ULL, 10353596058419792404ULL,
    15456793487362310586ULL, 10065219879212154722ULL, 16227496357546636742ULL,
    2959271128466640042ULL,  14285409611125725709ULL};

static void test_kats(void) {
  zka_babybear b16[16], r16[16], b24[24], r24[24];
  zka_goldilocks g8[8], q8[8], g12[12], q12[12];
  for (int i = 0; i < 16; i++) b16[i] = r16[i] = zka_babybear_from_canonical_ref((zka_u32)i);
  for (int i = 0; i < 24; i++) b24[i] = r24[i] = zka_babybear_from_canonical_ref((zka_u32)i);
  for (int i = 0; i < 8; i++) g8[i].v = q8[i].v = (uint64_t)i;
  for (int i = 0; i < 12; i++) g12[i].v = q12[i].v = (uint64_t)i;
  zka_poseidon2_babybear16_permute(b16);
  zka_poseidon2_babybear16_permute_ref(r16);
  zka_poseidon2_babybear24_permute(b24);
  zka_poseidon2_babybear24_permute_ref(r24);
  zka_poseidon2_goldilocks8_permute(g8);
  zka_poseidon2_goldilocks8_permute_ref(q8);
  zka_poseidon2_goldilocks12_permute(g12);
  zka_poseidon2_goldilocks12_permute_ref(q12);
  for (int i = 0; i < 16; i++) {
    CHECK(zka_babybear_to_canonical_ref(b16[i]) == kat_bb16[i], "babybear16 kat [%d]", i);
    CHECK(r16[i].v == b16[i].v, "babybear16 ref vs public [%d]", i);
  }
  for (int i = 0; i < 24; i++) {
    CHECK(zka_babybear_to_canonical_ref(b24[i]) == kat_bb24[i], "babybear24 kat [%d]", i);
    CHECK(r24[i].v == b24[i].v, "babybear24 ref vs public [%d]", i);
  }
  for (int i = 0; i < 8; i++) {
    CHECK(g8[i].v == kat_gl8[i], "goldilocks8 kat [%d]", i);
    CHECK(q8[i].v == g8[i].v, "goldilocks8 ref vs public [%d]", i);
  }
  for (int i = 0; i < 12; i++) {
    CHECK(g12[i].v == kat_gl12[i], "goldilocks12 kat [%d]", i);
    CHECK(q12[i].v == g12[i].v, "goldilocks12 ref vs public [%d]", i);
  }
  memset(g8, 0, sizeof g8);
  zka_poseidon2_goldilocks8_permute(g8);
  for (int i = 0; i < 8; i++) CHECK(g8[i].v == kat_gl8_zero[i], "goldilocks8 zero kat [%d]", i);
  printf("known answers: babybear16/24, goldilocks8/12 permutations of [0..t), goldilocks8 of 0\n");
}

static const zka_hash_id ids[4] = {ZKA_HASH_POSEIDON2_BABYBEAR_16, ZKA_HASH_POSEIDON2_BABYBEAR_24,
                                   ZKA_HASH_POSEIDON2_GOLDILOCKS_8,
                                   ZKA_HASH_POSEIDON2_GOLDILOCKS_12};

/* n random valid elements (BabyBear: any Montgomery word < p; Goldilocks: canonical). */
static void random_elems(zka_test_rng *rng, zka_hash_id h, uint8_t *dst, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint64_t r = zka_test_next(rng);
    if (h == ZKA_HASH_POSEIDON2_BABYBEAR_16 || h == ZKA_HASH_POSEIDON2_BABYBEAR_24) {
      uint32_t v = (uint32_t)(r % ZKA_BABYBEAR_P);
      if (i % 11 == 3) v = ZKA_BABYBEAR_P - 1; /* edge values among the random ones */
      if (i % 13 == 5) v = 0;
      memcpy(dst + 4 * i, &v, 4);
    } else {
      uint64_t v = r % ZKA_GOLDILOCKS_P;
      if (i % 11 == 3) v = ZKA_GOLDILOCKS_P - 1;
      if (i % 13 == 5) v = 0;
      memcpy(dst + 8 * i, &v, 8);
    }
  }
}

/* The public permutation by id (what the straightforward composition below uses). */
static void public_permute(zka_hash_id h, uint8_t *state) {
  zka_babybear b[24];
  zka_goldilocks g[12];
  switch (h) {
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
      memcpy(b, state, 64), zka_poseidon2_babybear16_permute(b), memcpy(state, b, 64);
      break;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24:
      memcpy(b, state, 96), zka_poseidon2_babybear24_permute(b), memcpy(state, b, 96);
      break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
      memcpy(g, state, 64), zka_poseidon2_goldilocks8_permute(g), memcpy(state, g, 64);
      break;
    default:
      memcpy(g, state, 96), zka_poseidon2_goldilocks12_permute(g), memcpy(state, g, 96);
      break;
  }
}

static void test_sponge_compress(zka_test_rng *rng) {
  for (int k = 0; k < 4; k++) {
    zka_hash_id h = ids[k];
    size_t width = (h == ZKA_HASH_POSEIDON2_BABYBEAR_16 || h == ZKA_HASH_POSEIDON2_GOLDILOCKS_8) ? 
        (h == ZKA_HASH_POSEIDON2_BABYBEAR_16 ? 16 : 8) : (h == ZKA_HASH_POSEIDON2_BABYBEAR_24 ? 24 : 12);
    int bb = h == ZKA_HASH_POSEIDON2_BABYBEAR_16 || h == ZKA_HASH_POSEIDON2_BABYBEAR_24;
    size_t esz = bb ? 4 : 8, digest = bb ? 8 : 4, rate = width - digest;
    size_t lens[] = {0, 1, rate - 1, rate, rate + 1, 2 * rate, 3 * rate + 5, 100};
    CHECK(zka_hash_digest_size(h) == digest * esz, "%s digest size", zka_hash_name(h));
    for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
      size_t len = lens[li];
      uint8_t msg[100 * 8], want[64], got[64], pub[64], state[96];
      random_elems(rng, h, msg, len);
      /* the definition, spelled out: zero state, chunks of rate overwrite, permute */
      memset(state, 0, sizeof state);
      for (size_t off = 0; off < len; off += rate) {
        size_t chunk = len - off < rate ? len - off : rate;
        memcpy(state, msg + off * esz, chunk * esz);
        public_permute(h, state);
      }
      memcpy(want, state, digest * esz);
      zka_poseidon2_sponge(h, got, msg, len);
      CHECK(memcmp(got, want, digest * esz) == 0, "%s sponge len %zu", zka_hash_name(h), len);
      CHECK(zka_hash(h, pub, msg, len) == ZKA_OK, "%s zka_hash len %zu", zka_hash_name(h), len);
      CHECK(memcmp(pub, want, digest * esz) == 0, "%s zka_hash len %zu", zka_hash_name(h), len);
      if (len == 0) {
        int zero = 1;
        for (size_t i = 0; i < digest * esz; i++) zero &= got[i] == 0;
        CHECK(zero, "%s empty message gives the zero digest", zka_hash_name(h));
      }
    }
    for (int rep = 0; rep < 20; rep++) {
      uint8_t lr[128], want[64], got[64], pub[64], state[96];
      random_elems(rng, h, lr, 2 * digest);
      memset(state, 0, sizeof state);
      memcpy(state, lr, 2 * digest * esz); /* left || right || zeros */
      public_permute(h, state);
      memcpy(want, state, digest * esz);
      zka_poseidon2_compress2(h, got, lr, lr + digest * esz);
      CHECK(memcmp(got, want, digest * esz) == 0, "%s compress", zka_hash_name(h));
      CHECK(zka_hash_compress(h, pub, lr, lr + digest * esz) == ZKA_OK, "%s zka_hash_compress",
            zka_hash_name(h));
      CHECK(memcmp(pub, want, digest * esz) == 0, "%s zka_hash_compress", zka_hash_name(h));
    }
  }
  printf("sponge (lengths 0, 1, rate-1, rate, rate+1, 2 rate, 3 rate+5, 100) and compression "
         "match the composition of the permutation, and zka_hash/zka_hash_compress\n");
}

static const char *level_name(int l) {
  return l == ZKA_P2_SIMD_AVX512 ? "avx512" : l == ZKA_P2_SIMD_AVX2 ? "avx2" : "portable";
}

static void test_batches(zka_test_rng *rng) {
  const size_t counts[] = {1, 7, 17, 33};
  int avail = zka_cpu_poseidon2_simd_available();
  int saved = zka_cpu_poseidon2_set_simd(ZKA_P2_SIMD_AVX512);
  for (int level = ZKA_P2_SIMD_SCALAR; level <= avail; level++) {
    zka_cpu_poseidon2_set_simd(level);
    CHECK(zka_cpu_poseidon2_simd_level() == level, "level %s selected", level_name(level));
    for (int k = 0; k < 4; k++) {
      zka_hash_id h = ids[k];
      size_t esz = zka_hash_unit_size(h), dig = zka_hash_digest_size(h);
      size_t rate = (h == ZKA_HASH_POSEIDON2_BABYBEAR_16 ? 16 : h == ZKA_HASH_POSEIDON2_BABYBEAR_24 ? 24
                     : h == ZKA_HASH_POSEIDON2_GOLDILOCKS_8 ? 8 : 12) - dig / esz;
      size_t lens[] = {1, rate, rate + 3, 2 * rate + 1};
      for (size_t ci = 0; ci < 4; ci++) {
        size_t count = counts[ci];
        for (size_t li = 0; li < 4; li++) {
          size_t len = lens[li];
          /* one byte off the allocation's alignment: rows need not be aligned */
          uint8_t *in = malloc(count * len * esz + 1), *out = malloc(count * dig + 1);
          uint8_t *one = malloc(dig);
          random_elems(rng, h, in + 1, count * len);
          zka_cpu_poseidon2_batch(h, out + 1, in + 1, len, count);
          int same = 1;
          for (size_t i = 0; i < count; i++) {
            zka_poseidon2_sponge(h, one, in + 1 + i * len * esz, len);
            same &= memcmp(one, out + 1 + i * dig, dig) == 0;
          }
          CHECK(same, "%s %s sponge batch count %zu len %zu", level_name(level), zka_hash_name(h),
                count, len);
          free(in), free(out), free(one);
        }
        uint8_t *pairs = malloc(2 * count * dig + 1), *cout = malloc(count * dig + 1), *one = malloc(dig);
        random_elems(rng, h, pairs + 1, 2 * count * dig / esz);
        zka_cpu_poseidon2_compress_batch(h, cout + 1, pairs + 1, count);
        int same = 1;
        for (size_t i = 0; i < count; i++) {
          zka_poseidon2_compress2(h, one, pairs + 1 + 2 * i * dig, pairs + 1 + (2 * i + 1) * dig);
          same &= memcmp(one, cout + 1 + i * dig, dig) == 0;
        }
        CHECK(same, "%s %s compress batch count %zu", level_name(level), zka_hash_name(h), count);
        free(pairs), free(cout), free(one);
      }
    }
    printf("batches on %s: sponge (4 lengths) and compress, counts 1 7 17 33, == one by one\n",
           level_name(level));
  }
  zka_cpu_poseidon2_set_simd(saved);
  /* empty batches touch nothing */
  uint8_t sentinel[32];
  memset(sentinel, 0xa5, sizeof sentinel);
  zka_cpu_poseidon2_batch(ZKA_HASH_POSEIDON2_BABYBEAR_16, sentinel, NULL, 8, 0);
  zka_cpu_poseidon2_compress_batch(ZKA_HASH_POSEIDON2_GOLDILOCKS_8, sentinel, NULL, 0);
  CHECK(sentinel[0] == 0xa5 && sentinel[31] == 0xa5, "count 0 writes nothing");
  if (avail < ZKA_P2_SIMD_AVX512)
    printf("note: this CPU/build offers only %s; wider SIMD paths not exercised\n", level_name(avail));
}

int main(void) {
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  test_kats();
  test_sponge_compress(&rng);
  test_batches(&rng);
  return zka_test_finish("test_poseidon2");
}
