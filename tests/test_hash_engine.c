/* test_hash_engine.c — hashing and Merkle trees through the engine: batches equal the
 * single-message functions on every available backend (byte for byte), splits and injected
 * failures do not change a byte, Merkle roots equal a naive recomputation and are the same
 * whichever devices built them, every path verifies and tampered ones are rejected. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/device.h"
#include "zkaccel/hash.h"

static zka_ctx *ctx;

static const zka_hash_id all_hashes[] = {ZKA_HASH_SHA256,
                                         ZKA_HASH_KECCAK256,
                                         ZKA_HASH_POSEIDON_BN254,
                                         ZKA_HASH_POSEIDON2_BABYBEAR_16,
                                         ZKA_HASH_POSEIDON2_BABYBEAR_24,
                                         ZKA_HASH_POSEIDON2_GOLDILOCKS_8,
                                         ZKA_HASH_POSEIDON2_GOLDILOCKS_12};
#define N_HASHES (sizeof all_hashes / sizeof all_hashes[0])

static zka_engine *make_engine(const char *backends, int strict) {
  zka_engine_options o = zka_engine_options_default();
  o.backends = backends;
  o.strict = strict;
  o.quiet = 1;
  zka_engine *e = NULL;
  zka_status st = zka_engine_create(&e, &o, ctx);
  CHECK(st == ZKA_OK, "engine '%s': %s", backends, zka_ctx_last_error(ctx));
  return st == ZKA_OK ? e : NULL;
}

/* Random valid message units of hash h. */
static void random_units(zka_hash_id h, uint8_t *p, size_t units, zka_test_rng *rng) {
  for (size_t i = 0; i < units; i++) {
    zka_status st = ZKA_OK;
    switch (h) {
      case ZKA_HASH_SHA256:
      case ZKA_HASH_KECCAK256: p[i] = (uint8_t)zka_test_next(rng); break;
      case ZKA_HASH_POSEIDON_BN254: st = zka_bn254_fr_random((zka_bn254_fr *)(void *)(p + 32 * i), zka_test_rng_fill, rng); break;
      case ZKA_HASH_POSEIDON2_BABYBEAR_16:
      case ZKA_HASH_POSEIDON2_BABYBEAR_24: st = zka_babybear_random((zka_babybear *)(void *)(p + 4 * i), zka_test_rng_fill, rng); break;
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
      case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: st = zka_goldilocks_random((zka_goldilocks *)(void *)(p + 8 * i), zka_test_rng_fill, rng); break;
    }
    if (st != ZKA_OK) abort();
  }
}

/* Random valid digests (for compression inputs): a digest is 32 bytes of units. */
static void random_digests(zka_hash_id h, uint8_t *p, size_t count, zka_test_rng *rng) {
  random_units(h, p, count * 32 / zka_hash_unit_size(h), rng);
}

static size_t test_lengths(zka_hash_id h, size_t *lens) {
  size_t n = 0;
  if (zka_hash_unit_size(h) == 1) {
    const size_t b[] = {0, 1, 55, 56, 64, 65, 135, 136, 137, 300};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) lens[n++] = b[i];
  } else if (h == ZKA_HASH_POSEIDON_BN254) {
    const size_t b[] = {1, 2, 5, 16};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) lens[n++] = b[i];
  } else {
    size_t rate = h == ZKA_HASH_POSEIDON2_BABYBEAR_16 ? 8 : h == ZKA_HASH_POSEIDON2_BABYBEAR_24 ? 16
                  : h == ZKA_HASH_POSEIDON2_GOLDILOCKS_8 ? 4 : 8;
    const size_t b[] = {0, 1, rate - 1, rate, rate + 1, 3 * rate + 2};
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++) lens[n++] = b[i];
  }
  return n;
}

/* Batches on engine e equal zka_hash / zka_hash_compress one by one. */
static int check_engine(zka_engine *e, const char *label, zka_test_rng *rng) {
  int checked = 0;
  for (size_t hi = 0; hi < N_HASHES; hi++) {
    zka_hash_id h = all_hashes[hi];
    size_t unit = zka_hash_unit_size(h), lens[16], nl = test_lengths(h, lens);
    for (size_t li = 0; li < nl; li++) {
      size_t len = lens[li], count = 37;
      uint8_t *msgs = malloc(len * unit * count + 1), *got = malloc(32 * count), *want = malloc(32 * count);
      random_units(h, msgs, len * count, rng);
      zka_status st = zka_hash_batch(e, h, got, msgs, len, count, ctx);
      CHECK(st == ZKA_OK, "%s %s len %zu: %s", label, zka_hash_name(h), len, zka_ctx_last_error(ctx));
      for (size_t i = 0; i < count; i++)
        CHECK(zka_hash(h, want + 32 * i, msgs + i * len * unit, len) == ZKA_OK, "zka_hash");
      CHECK(st != ZKA_OK || !memcmp(got, want, 32 * count), "%s: batch %s len %zu differs from one-by-one", label,
            zka_hash_name(h), len);
      checked++;
      free(msgs);
      free(got);
      free(want);
    }
    size_t count = 41;
    uint8_t *pairs = malloc(64 * count), *got = malloc(32 * count), *want = malloc(32 * count);
    random_digests(h, pairs, 2 * count, rng);
    zka_status st = zka_hash_compress_batch(e, h, got, pairs, count, ctx);
    CHECK(st == ZKA_OK, "%s compress %s: %s", label, zka_hash_name(h), zka_ctx_last_error(ctx));
    for (size_t i = 0; i < count; i++)
      CHECK(zka_hash_compress(h, want + 32 * i, pairs + 64 * i, pairs + 64 * i + 32) == ZKA_OK, "compress");
    CHECK(st != ZKA_OK || !memcmp(got, want, 32 * count), "%s: compress batch %s differs", label, zka_hash_name(h));
    zka_job_report rep;
    zka_engine_last_report(e, &rep);
    printf("  %-9s %-24s ran on %s\n", label, zka_hash_name(h), rep.devices);
    checked++;
    free(pairs);
    free(got);
    free(want);
  }
  return checked;
}

static void test_bad_jobs(zka_engine *cpu) {
  zka_bn254_fr x[17], out;
  memset(x, 0, sizeof x);
  CHECK(zka_hash_batch(cpu, ZKA_HASH_POSEIDON_BN254, &out, x, 17, 1, ctx) == ZKA_ERR_INVALID_ARGUMENT, "17 inputs");
  CHECK(strstr(zka_ctx_last_error(ctx), "1 to 16") != NULL, "message: %s", zka_ctx_last_error(ctx));
  CHECK(zka_hash_batch(cpu, ZKA_HASH_POSEIDON_BN254, &out, x, 0, 1, ctx) == ZKA_ERR_INVALID_ARGUMENT, "0 inputs");
  CHECK(zka_hash_batch(cpu, (zka_hash_id)42, &out, x, 1, 1, ctx) == ZKA_ERR_INVALID_ARGUMENT, "unknown hash");
  CHECK(zka_hash_batch(cpu, ZKA_HASH_SHA256, &out, x, 1, 0, ctx) == ZKA_OK, "count 0 is nothing to do");
  zka_hash_id id;
  CHECK(zka_hash_parse("poseidon2_babybear_16", &id) == ZKA_OK && id == ZKA_HASH_POSEIDON2_BABYBEAR_16, "parse");
  CHECK(zka_hash_parse("md5", &id) == ZKA_ERR_INVALID_ARGUMENT, "parse refuses md5");
}

/* Naive root: hash the leaves, pad with zero digests, fold pairs, one call at a time. */
static void naive_root(zka_hash_id h, const uint8_t *leaves, size_t len, size_t n, uint8_t root[32]) {
  size_t unit = zka_hash_unit_size(h), width = 1;
  while (width < n) width <<= 1;
  uint8_t *layer = calloc(width, 32);
  for (size_t i = 0; i < n; i++)
    if (zka_hash(h, layer + 32 * i, leaves + i * len * unit, len) != ZKA_OK) abort();
  for (; width > 1; width >>= 1)
    for (size_t i = 0; i < width / 2; i++)
      if (zka_hash_compress(h, layer + 32 * i, layer + 64 * i, layer + 64 * i + 32) != ZKA_OK) abort();
  memcpy(root, layer, 32);
  free(layer);
}

/* Build on the cpu-only reference engine with fault injection switched off. */
static zka_status build_reference(zka_merkle_tree **t, zka_engine *cpu, zka_hash_id h, const uint8_t *leaves,
                                  size_t len, size_t n, const zka_merkle_options *opt) {
  char saved[256] = "";
  const char *inject = getenv("ZKA_INJECT_FAULTS");
  if (inject) snprintf(saved, sizeof saved, "%s", inject);
  unsetenv("ZKA_INJECT_FAULTS");
  zka_status st = zka_merkle_build(t, cpu, h, leaves, len, n, opt, ctx);
  if (*saved) setenv("ZKA_INJECT_FAULTS", saved, 1);
  return st;
}

static void test_merkle(zka_engine *cpu, zka_engine *all, zka_test_rng *rng) {
  const size_t sizes[] = {1, 2, 5, 13, 64, 1000};
  for (size_t hi = 0; hi < N_HASHES; hi++) {
    zka_hash_id h = all_hashes[hi];
    size_t unit = zka_hash_unit_size(h), len = h == ZKA_HASH_POSEIDON_BN254 ? 3 : unit == 1 ? 100 : 8;
    for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
      size_t n = sizes[si];
      uint8_t *leaves = malloc(n * len * unit), root[32], root2[32], want[32];
      random_units(h, leaves, n * len, rng);
      naive_root(h, leaves, len, n, want);
      zka_merkle_tree *t = NULL, *t2 = NULL;
      zka_merkle_options opt = zka_merkle_options_default();
      CHECK(build_reference(&t, cpu, h, leaves, len, n, &opt) == ZKA_OK, "build: %s", zka_ctx_last_error(ctx));
      if (!t) {
        free(leaves);
        continue;
      }
      zka_merkle_root(t, root);
      CHECK(!memcmp(root, want, 32), "%s n=%zu: root differs from the naive one", zka_hash_name(h), n);
      CHECK(zka_merkle_build(&t2, all, h, leaves, len, n, &opt, ctx) == ZKA_OK, "build (all): %s", zka_ctx_last_error(ctx));
      if (t2) {
        zka_merkle_root(t2, root2);
        CHECK(!memcmp(root, root2, 32), "%s n=%zu: root depends on the devices", zka_hash_name(h), n);
        zka_merkle_destroy(t2);
      }
      size_t depth = zka_merkle_depth(t);
      uint8_t *path = malloc(32 * (depth + 1));
      size_t step = n > 64 ? 97 : 1;
      for (size_t i = 0; i < n; i += step) {
        const uint8_t *leaf = leaves + i * len * unit;
        CHECK(zka_merkle_open(t, i, path, ctx) == ZKA_OK, "open %zu", i);
        CHECK(zka_merkle_verify(h, root, leaf, len, i, n, path, ctx) == ZKA_OK, "%s n=%zu: path %zu verifies",
              zka_hash_name(h), n, i);
        for (size_t k = 0; k < depth; k++) { /* a changed sibling is rejected */
          path[32 * k] ^= 1; /* the lowest bit of the first unit */
          CHECK(zka_merkle_verify(h, root, leaf, len, i, n, path, ctx) == ZKA_ERR_VERIFY_FAILED,
                "%s n=%zu: tampered sibling %zu of leaf %zu accepted", zka_hash_name(h), n, k, i);
          path[32 * k] ^= 1;
        }
        if (n > 1) {
          size_t j = (i + 1) % n;
          CHECK(zka_merkle_verify(h, root, leaf, len, j, n, path, ctx) != ZKA_OK, "wrong index accepted");
        }
      }
      CHECK(zka_merkle_open(t, n, path, ctx) == ZKA_ERR_INVALID_ARGUMENT, "open past the end");
      CHECK(zka_merkle_verify(h, root, leaves, len, n, n, path, ctx) == ZKA_ERR_INVALID_ARGUMENT, "verify past the end");
      zka_merkle_destroy(t);
      /* Keeping only the top layers: same root, no openings. */
      opt.keep_layers = 2;
      if (build_reference(&t, cpu, h, leaves, len, n, &opt) == ZKA_OK) {
        zka_merkle_root(t, root2);
        CHECK(!memcmp(root, root2, 32), "keep_layers changes the root");
        if (depth >= 2) CHECK(zka_merkle_open(t, 0, path, ctx) == ZKA_ERR_UNSUPPORTED, "open without the layers");
        zka_merkle_destroy(t);
      }
      free(path);
      free(leaves);
    }
    printf("merkle %s: roots equal the naive fold and across devices (split, failures injected); paths verify, tampering rejected\n",
           zka_hash_name(h));
  }
}

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  zka_engine *cpu = make_engine("cpu", 1);
  if (!cpu) return zka_test_finish("test_hash_engine");
  test_bad_jobs(cpu);
  int n = check_engine(cpu, "cpu", &rng);
  printf("cpu: %d batch shapes equal the single-message functions\n", n);

  const char *backends[] = {"opencl", "fpga-emu", "cuda", "fpga"};
  for (int b = 0; b < 4; b++) {
    zka_engine_options o = zka_engine_options_default();
    o.backends = backends[b];
    o.strict = 1;
    o.quiet = 1;
    zka_engine *e = NULL;
    if (zka_engine_create(&e, &o, ctx) != ZKA_OK) {
      printf("SKIPPED backend %s: %s\n", backends[b], zka_ctx_last_error(ctx));
      continue;
    }
    n = check_engine(e, backends[b], &rng);
    printf("%s: %d batch shapes equal the single-message functions (hashes it lacks ran on the cpu)\n",
           backends[b], n);
    zka_engine_destroy(e);
  }

  /* Everything at once, split evenly in small chunks, then with failures injected. */
  setenv("ZKA_SCHED_EQUAL_SPLIT", "1", 1);
  setenv("ZKA_SCHED_CHUNK_ROWS", "5", 1);
  zka_engine *all = make_engine("all", 0);
  if (all) {
    n = check_engine(all, "all", &rng);
    setenv("ZKA_INJECT_FAULTS", "cpu:0;opencl:*;fpga-emu:1,2;cuda:*;fpga:*", 1);
    n += check_engine(all, "faults", &rng);
    test_merkle(cpu, all, &rng);
    unsetenv("ZKA_INJECT_FAULTS");
    printf("split and fault-injected runs: %d shapes identical\n", n);
    zka_engine_destroy(all);
  }
  unsetenv("ZKA_SCHED_EQUAL_SPLIT");
  unsetenv("ZKA_SCHED_CHUNK_ROWS");
  zka_engine_destroy(cpu);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_hash_engine");
}
