/* test_hash_bytes.c — SHA-256 and Keccak-256: the public single-message functions, the
 * portable bodies (core/hash/sha256.h, keccak.h) and the CPU batch functions
 * (kernels/cpu/hash_bytes_cpu.c), on every code path this CPU has.
 *
 * Checked:
 *   - the constant tables against their definitions (cube/square roots of primes; the
 *     Keccak LFSR and rho walk), computed here with integer arithmetic;
 *   - SHA-256: the FIPS 180-4 examples ("abc", "", 448-bit, 896-bit, one million 'a'),
 *     zka_sha256_compress against the standard's H(1) for "abc" and the 448-bit message;
 *   - Keccak-256: published answers (Ethereum, the Keccak team's ShortMsgKAT_256, ...);
 *   - tests/vectors/sha256.txt (tools/gen_hash_vectors.py, Python hashlib): SHA-256, and
 *     SHA3-256 built here from zka_keccak_f1600 (an independent check of the permutation:
 *     same Keccak-f, padding 0x06), and Keccak-256, lengths 0..300 and long ones;
 *   - every path byte-identical: the public functions, the portable bodies driven from
 *     this file, and the batch functions (== one by one for many lengths and counts).
 * The parent run then runs itself again with ZKA_PORTABLE=1 and with the batch SIMD level
 * limited (ZKA_HASH_SIMD=scalar, avx2), so each dispatch choice is checked against the
 * same vectors. */
#define _POSIX_C_SOURCE 200809L /* setenv, fork, execl, waitpid */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/hash/keccak.h"
#include "core/hash/sha256.h"
#include "kernels/cpu/hash_cpu.h"
#include "test_util.h"
#include "zkaccel/hash.h"

static const char *hash_name_run = "default";

/* ---- helpers ---------------------------------------------------------------------------- */

static int hex_to_bytes(uint8_t *out, size_t n, const char *hex) {
  if (strlen(hex) != 2 * n) return -1;
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
    out[i] = (uint8_t)v;
  }
  return 0;
}

static int digest_is(const uint8_t d[32], const char *hex) {
  uint8_t want[32];
  if (hex_to_bytes(want, 32, hex)) return 0;
  return memcmp(d, want, 32) == 0;
}

/* The message bytes of tools/gen_hash_vectors.py (xorshift32 from len). */
static void zka_msg(uint8_t *out, size_t len) {
  uint32_t x = (uint32_t)len * 0x9E3779B9u + 0x7F4A7C15u;
  for (size_t i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out[i] = (uint8_t)x;
  }
}

/* SHA-256 driven from the portable body alone (not the library's byte handling). */
static void ref_sha256(uint8_t out[32], const uint8_t *msg, size_t len) {
  zka_u32 st[8], w[16];
  zka_sha256_init_ref(st);
  size_t total = (len + 9 + 63) / 64 * 64;
  for (size_t off = 0; off < total; off += 64) {
    uint8_t blk[64];
    for (size_t i = 0; i < 64; i++) {
      size_t pos = off + i;
      uint8_t b = 0;
      if (pos < len) b = msg[pos];
      else if (pos == len) b = 0x80;
      else if (pos >= total - 8) b = (uint8_t)(((uint64_t)len * 8) >> (8 * (total - 1 - pos)));
      blk[i] = b;
    }
    for (int i = 0; i < 16; i++)
      w[i] = (zka_u32)blk[4 * i] << 24 | (zka_u32)blk[4 * i + 1] << 16 |
             (zka_u32)blk[4 * i + 2] << 8 | blk[4 * i + 3];
    zka_sha256_block_ref(st, w);
  }
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
}

/* A rate-136 Keccak sponge with domain byte pad (0x01 Keccak-256, 0x06 SHA3-256), byte by
 * byte, over either permutation. */
static void sponge256(uint8_t out[32], const uint8_t *msg, size_t len, uint8_t pad,
                      int use_public) {
  uint64_t st[25] = {0};
  size_t total = (len + 1 + 135) / 136 * 136;
  for (size_t off = 0; off < total; off += 136) {
    for (size_t i = 0; i < 136; i++) {
      size_t pos = off + i;
      uint8_t b = 0;
      if (pos < len) b = msg[pos];
      else if (pos == len) b = pad;
      if (pos == total - 1) b |= 0x80;
      st[i / 8] ^= (uint64_t)b << (8 * (i % 8));
    }
    if (use_public) zka_keccak_f1600(st);
    else zka_keccak_f1600_ref(st);
  }
  for (int i = 0; i < 32; i++) out[i] = (uint8_t)(st[i / 8] >> (8 * (i % 8)));
}

/* ---- constants against their definitions ----------------------------------------------- */

static unsigned __int128 icbrt(unsigned __int128 v) {
  unsigned __int128 lo = 0, hi = (unsigned __int128)1 << 43; /* (2^43)^3 > 2^105 */
  while (lo < hi) {
    unsigned __int128 mid = (lo + hi + 1) / 2;
    if (mid * mid * mid <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

static unsigned __int128 isqrt(unsigned __int128 v) {
  unsigned __int128 lo = 0, hi = (unsigned __int128)1 << 40;
  while (lo < hi) {
    unsigned __int128 mid = (lo + hi + 1) / 2;
    if (mid * mid <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

static void test_constants(void) {
  int primes[64], np = 0;
  for (int c = 2; np < 64; c++) {
    int is_prime = 1;
    for (int d = 2; d * d <= c; d++)
      if (c % d == 0) is_prime = 0;
    if (is_prime) primes[np++] = c;
  }
  for (int i = 0; i < 64; i++) {
    /* frac(cbrt(p)) * 2^32 = cbrt(p * 2^96) mod 2^32 */
    uint32_t k = (uint32_t)icbrt((unsigned __int128)primes[i] << 96);
    CHECK(zka_sha256_k[i] == k, "K[%d] = %08x, cube root gives %08x", i, zka_sha256_k[i], k);
  }
  for (int i = 0; i < 8; i++) {
    uint32_t h = (uint32_t)isqrt((unsigned __int128)primes[i] << 64);
    CHECK(zka_sha256_iv[i] == h, "H0[%d] = %08x, square root gives %08x", i, zka_sha256_iv[i], h);
  }
  /* FIPS 202 Algorithm 5 (rc) and 6 (round constants). */
  for (int ir = 0; ir < 24; ir++) {
    uint64_t rc = 0;
    for (int j = 0; j < 7; j++) {
      int t = (j + 7 * ir) % 255;
      uint8_t r = 1; /* R = 10000000 as bits r[0..7] in bit i of r */
      for (int s = 0; s < t; s++) {
        int r8 = (r >> 7) & 1;
        r = (uint8_t)(r << 1);
        r ^= (uint8_t)(r8 | r8 << 4 | r8 << 5 | r8 << 6);
      }
      rc |= (uint64_t)(r & 1) << ((1 << j) - 1);
    }
    CHECK(zka_keccak_rc[ir] == rc, "RC[%d] = %016llx, LFSR gives %016llx", ir,
          (unsigned long long)zka_keccak_rc[ir], (unsigned long long)rc);
  }
  int x = 1, y = 0;
  CHECK(zka_keccak_rho[0] == 0, "rho[0]");
  for (int t = 0; t < 24; t++) {
    uint32_t want = (uint32_t)(((t + 1) * (t + 2) / 2) % 64);
    CHECK(zka_keccak_rho[x + 5 * y] == want, "rho[%d] = %u, want %u", x + 5 * y,
          zka_keccak_rho[x + 5 * y], want);
    int nx = y, ny = (2 * x + 3 * y) % 5;
    x = nx;
    y = ny;
  }
  printf("  constants: SHA-256 K and H0 (integer roots), Keccak RC (LFSR) and rho (walk)\n");
}

/* ---- known answers --------------------------------------------------------------------- */

static void check_sha256_all(const uint8_t *msg, size_t len, const char *want, const char *what) {
  uint8_t d[32];
  zka_sha256(d, msg, len);
  CHECK(digest_is(d, want), "zka_sha256(%s) [%s]", what, hash_name_run);
  ref_sha256(d, msg, len);
  CHECK(digest_is(d, want), "portable sha256(%s)", what);
  zka_cpu_sha256_batch(d, msg, len, 1);
  CHECK(digest_is(d, want), "zka_cpu_sha256_batch(%s) [%s]", what, hash_name_run);
}

static void check_keccak256_all(const uint8_t *msg, size_t len, const char *want,
                                const char *what) {
  uint8_t d[32];
  zka_keccak256(d, msg, len);
  CHECK(digest_is(d, want), "zka_keccak256(%s) [%s]", what, hash_name_run);
  sponge256(d, msg, len, 0x01, 0);
  CHECK(digest_is(d, want), "portable keccak256(%s)", what);
  sponge256(d, msg, len, 0x01, 1);
  CHECK(digest_is(d, want), "keccak256 over zka_keccak_f1600(%s)", what);
  zka_cpu_keccak256_batch(d, msg, len, 1);
  CHECK(digest_is(d, want), "zka_cpu_keccak256_batch(%s) [%s]", what, hash_name_run);
}

static void test_known_answers(void) {
  /* FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values", SHA256.pdf and
   * SHA256_2.pdf; the empty and million-'a' messages from NIST's SHA test vectors). */
  const char *m448 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
  const char *m896 =
      "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
      "lmnopqrsmnopqrstnopqrstu";
  check_sha256_all((const uint8_t *)"abc", 3,
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "abc");
  check_sha256_all((const uint8_t *)"", 0,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "\"\"");
  check_sha256_all((const uint8_t *)m448, strlen(m448),
                   "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1", "448-bit");
  check_sha256_all((const uint8_t *)m896, strlen(m896),
                   "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1", "896-bit");
  uint8_t *ma = malloc(1000000);
  memset(ma, 'a', 1000000);
  check_sha256_all(ma, 1000000,
                   "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
                   "one million 'a'");
  free(ma);

  /* zka_sha256_compress: "abc" is one padded block, so H(1) is the digest; the 448-bit
   * message's first block gives the standard's intermediate H(1). */
  static const uint32_t abc_h1[8] = {0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                     0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad};
  static const uint32_t m448_h1[8] = {0x85e655d6, 0x417a1795, 0x3363376a, 0x624cde5c,
                                      0x76e09589, 0xcac5f811, 0xcc4b32c1, 0xf20e533a};
  uint8_t blk[64] = {'a', 'b', 'c', 0x80};
  blk[63] = 24;
  uint32_t st[8];
  zka_sha256_init_ref(st);
  zka_sha256_compress(st, blk);
  CHECK(memcmp(st, abc_h1, sizeof st) == 0, "zka_sha256_compress(IV, \"abc\" block) = H(1)");
  uint8_t blk448[64] = {0};
  memcpy(blk448, m448, 56);
  blk448[56] = 0x80; /* the length goes in the second block */
  zka_sha256_init_ref(st);
  zka_sha256_compress(st, blk448);
  CHECK(memcmp(st, m448_h1, sizeof st) == 0, "zka_sha256_compress: 448-bit message H(1)");

  /* Keccak-256 published answers: Ethereum (go-ethereum crypto tests: "" and "abc"), the
   * Keccak team's ShortMsgKAT_256 (cc, 41fb), tiny-keccak's tests (0102030405), the
   * quick brown fox, and the ERC-20 Transfer topic (EIP-20). */
  static const struct {
    const char *hex_msg, *text, *digest;
  } kats[] = {
      {NULL, "", "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"},
      {NULL, "abc", "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"},
      {"cc", NULL, "eead6dbfc7340a56caedc044696a168870549a6a7f6f56961e84a54bd9970b8a"},
      {"41fb", NULL, "a8eaceda4d47b3281a795ad9e1ea2122b407baf9aabcb9e18b5717b7873537d2"},
      {"0102030405", NULL, "7d87c5ea75f7378bb701e404c50639161af3eff66293e9f375b5f17eb50476f4"},
      {NULL, "The quick brown fox jumps over the lazy dog",
       "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15"},
      {NULL, "Transfer(address,address,uint256)",
       "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"},
  };
  for (size_t i = 0; i < sizeof kats / sizeof kats[0]; i++) {
    uint8_t m[64];
    size_t n;
    if (kats[i].text) {
      n = strlen(kats[i].text);
      memcpy(m, kats[i].text, n);
    } else {
      n = strlen(kats[i].hex_msg) / 2;
      hex_to_bytes(m, n, kats[i].hex_msg);
    }
    check_keccak256_all(m, n, kats[i].digest, kats[i].text ? kats[i].text : kats[i].hex_msg);
  }
  printf("  known answers: 5 FIPS 180-4 SHA-256 examples, 2 compress H(1) states, %zu Keccak-256\n",
         sizeof kats / sizeof kats[0]);
}

/* ---- the generated vectors -------------------------------------------------------------- */

static void test_vector_file(void) {
  const char *src = getenv("ZKA_SOURCE_DIR");
  char path[4096];
  if (src) {
    snprintf(path, sizeof path, "%s/tests/vectors/sha256.txt", src);
  } else {
    /* __FILE__ is this source's path as the build gave it: the vectors sit beside it. */
    snprintf(path, sizeof path, "%s", __FILE__);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0),
             "vectors/sha256.txt");
  }
  FILE *f = fopen(path, "r");
  CHECK(f != NULL, "cannot open %s", path);
  if (!f) return;
  char line[256], name[32], hex[80];
  size_t len;
  int n_sha = 0, n_sha3 = 0, n_kec = 0;
  uint8_t *msg = malloc(1 << 17);
  while (fgets(line, sizeof line, f)) {
    if (line[0] == '#' || line[0] == '\n') continue;
    if (sscanf(line, "%31s %zu %79s", name, &len, hex) != 3 || len > (1 << 17)) {
      CHECK(0, "bad vector line: %s", line);
      continue;
    }
    zka_msg(msg, len);
    char what[64];
    snprintf(what, sizeof what, "%s len %zu", name, len);
    if (strcmp(name, "sha256") == 0) {
      check_sha256_all(msg, len, hex, what);
      n_sha++;
    } else if (strcmp(name, "keccak256") == 0) {
      check_keccak256_all(msg, len, hex, what);
      n_kec++;
    } else if (strcmp(name, "sha3_256") == 0) {
      uint8_t d[32];
      sponge256(d, msg, len, 0x06, 1);
      CHECK(digest_is(d, hex), "SHA3-256 over zka_keccak_f1600, %s", what);
      sponge256(d, msg, len, 0x06, 0);
      CHECK(digest_is(d, hex), "SHA3-256 over zka_keccak_f1600_ref, %s", what);
      n_sha3++;
    } else {
      CHECK(0, "unknown hash in vector file: %s", name);
    }
  }
  fclose(f);
  free(msg);
  CHECK(n_sha >= 301 && n_sha3 >= 301 && n_kec >= 301, "vector counts %d %d %d", n_sha, n_sha3,
        n_kec);
  printf("  %s: %d SHA-256, %d SHA3-256 (via zka_keccak_f1600), %d Keccak-256 vectors\n", path,
         n_sha, n_sha3, n_kec);
}

/* ---- batch == one by one; compress == streaming ------------------------------------------ */

static void test_batch(void) {
  static const size_t lens[] = {0,   1,   2,   31,  32,  55,  56,  57,  63,  64,  65,  100,
                                119, 120, 127, 128, 135, 136, 137, 200, 271, 272, 273, 1000};
  static const size_t counts[] = {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33};
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  size_t checked = 0;
  for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++) {
    for (size_t ci = 0; ci < sizeof counts / sizeof counts[0]; ci++) {
      size_t len = lens[li], count = counts[ci];
      uint8_t *in = malloc(len * count + 1);
      uint8_t *out = malloc(32 * count + 32), *one = malloc(32);
      for (size_t i = 0; i < len * count; i++) in[i] = (uint8_t)zka_test_next(&rng);
      /* A canary past the last digest: the batch must not write there. */
      memset(out, 0xA5, 32 * count + 32);
      zka_cpu_sha256_batch(out, in, len, count);
      for (size_t i = 0; i < count; i++) {
        zka_sha256(one, in + len * i, len);
        CHECK(memcmp(one, out + 32 * i, 32) == 0, "sha256 batch len %zu count %zu item %zu [%s]",
              len, count, i, hash_name_run);
      }
      for (size_t i = 0; i < 32; i++) CHECK(out[32 * count + i] == 0xA5, "sha256 batch overrun");
      memset(out, 0xA5, 32 * count + 32);
      zka_cpu_keccak256_batch(out, in, len, count);
      for (size_t i = 0; i < count; i++) {
        zka_keccak256(one, in + len * i, len);
        CHECK(memcmp(one, out + 32 * i, 32) == 0,
              "keccak256 batch len %zu count %zu item %zu [%s]", len, count, i, hash_name_run);
      }
      for (size_t i = 0; i < 32; i++) CHECK(out[32 * count + i] == 0xA5, "keccak batch overrun");
      checked += count;
      free(in);
      free(out);
      free(one);
    }
  }
  /* zka_sha256_compress over the padded blocks == zka_sha256, and == the portable body. */
  for (size_t len = 0; len < 300; len += 7) {
    uint8_t m[448] = {0}, d1[32], d2[32];
    for (size_t i = 0; i < len; i++) m[i] = (uint8_t)zka_test_next(&rng);
    size_t total = (len + 9 + 63) / 64 * 64;
    m[len] = 0x80;
    for (int i = 0; i < 8; i++) m[total - 1 - i] = (uint8_t)(((uint64_t)len * 8) >> (8 * i));
    uint32_t st[8];
    zka_sha256_init_ref(st);
    for (size_t off = 0; off < total; off += 64) zka_sha256_compress(st, m + off);
    for (int i = 0; i < 32; i++) d1[i] = (uint8_t)(st[i / 4] >> (24 - 8 * (i % 4)));
    zka_sha256(d2, m, len);
    CHECK(memcmp(d1, d2, 32) == 0, "compress chain == zka_sha256, len %zu", len);
    ref_sha256(d1, m, len);
    CHECK(memcmp(d1, d2, 32) == 0, "portable == zka_sha256, len %zu [%s]", len, hash_name_run);
    uint64_t s1[25], s2[25];
    for (int i = 0; i < 25; i++) s1[i] = s2[i] = zka_test_next(&rng);
    zka_keccak_f1600(s1);
    zka_keccak_f1600_ref(s2);
    CHECK(memcmp(s1, s2, sizeof s1) == 0, "zka_keccak_f1600 == portable");
  }
  printf("  batch == one by one: %zu lengths x %zu counts (%zu digests per hash) [%s]\n",
         sizeof lens / sizeof lens[0], sizeof counts / sizeof counts[0], checked, hash_name_run);
}

/* ---- the other dispatch choices, in child processes ------------------------------------- */

static void run_child(const char *argv0, const char *var, const char *value) {
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    setenv(var, value, 1);
    char label[64];
    snprintf(label, sizeof label, "%s=%s", var, value);
    setenv("ZKA_HASH_BYTES_CHILD", label, 1);
    execl(argv0, argv0, (char *)NULL);
    _exit(127);
  }
  int status = 0;
  CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "fork/wait");
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "child run %s=%s failed (status %d)", var,
        value, status);
}

int main(int argc, char **argv) {
  (void)argc;
  const char *child = getenv("ZKA_HASH_BYTES_CHILD");
  if (child) hash_name_run = child;
  printf("test_hash_bytes [%s]\n", hash_name_run);
  test_constants();
  test_known_answers();
  test_vector_file();
  test_batch();
  if (!child) {
    run_child(argv[0], "ZKA_PORTABLE", "1");
    run_child(argv[0], "ZKA_HASH_SIMD", "scalar");
    run_child(argv[0], "ZKA_HASH_SIMD", "avx2");
  }
  return zka_test_finish("test_hash_bytes");
}
