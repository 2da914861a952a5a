/* test_backend_opencl_hash.c — batch hashing on the opencl backend plug-in, driven directly
 * through its table (host/backend.h, ABI 2: hash_supported / hash) below the scheduler:
 * dlopen libzkaccel_backend_opencl.so, open the first available device (a GPU when there is
 * one, else PoCL on the CPU), then for every hash id the plug-in says it supports:
 *   - sponge mode, random messages of the edge lengths (0, 1, the block/rate boundaries:
 *     SHA-256 55/56/63/64/65/119/120, Keccak 135/136/137/271/272, Poseidon2 rate-1, rate,
 *     rate+1, 2*rate, 2*rate+1; Poseidon BN254 a few widths), count 1 at offset 0 and count
 *     100 at nonzero input and output offsets, each digest byte-identical to the public
 *     single-message API zka_hash (core/hash/hash.c, the CPU reference), with the bytes
 *     around the digests unchanged;
 *   - compress mode, count 1 and 100 at nonzero offsets, against zka_hash_compress;
 *   - count 0; refusals: a misaligned offset (field hashes), a job past a buffer's end,
 *     Poseidon BN254 with 0 or 17 inputs, an unknown hash id;
 * plus known answers on the device: SHA-256("abc") and Keccak-256("") (FIPS 180-4 B.1,
 * the Keccak team's / Ethereum's empty-string hash).  hash_host must be NULL (device
 * buffers only).  SHA-256 and Keccak-256 must be supported.
 *
 * No plug-in, no platform or no device: skipped (exit 77) with the reason, unless
 * ZKA_REQUIRE_OPENCL=1, where that is a failure.  tests/test_backend_cuda_hash.c runs this
 * same file against the cuda plug-in (it defines ZKA_BT_BACKEND before including it).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime under -std=c11 */
#include <time.h>

#include "backend_load.h"
#include "ntt_ref.h" /* random field elements */
#include "zkaccel/hash.h"

#ifndef ZKA_BT_BACKEND
#define ZKA_BT_BACKEND "opencl"
#define ZKA_BT_REQUIRE_ENV "ZKA_REQUIRE_OPENCL"
#define ZKA_BT_TEST_NAME "test_backend_opencl_hash"
#endif

static const zka_backend_api *zka_bh_api;
static void *zka_bh_dev;
static void *zka_bh_in, *zka_bh_out; /* device buffers */
#define ZKA_BH_IN_BYTES ((size_t)1 << 20)
#define ZKA_BH_OUT_BYTES ((size_t)1 << 20)
#define ZKA_BH_MAX_COUNT 100

static double zka_bh_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int zka_bh_absent(const char *why) {
  const char *req = getenv(ZKA_BT_REQUIRE_ENV);
  if (req && !strcmp(req, "1")) {
    fprintf(stderr, "FAIL: %s=1 but %s\n", ZKA_BT_REQUIRE_ENV, why);
    return 1;
  }
  printf("SKIPPED: %s backend: %s\n", ZKA_BT_BACKEND, why);
  return 77;
}

/* Field of a hash's message units (NULL for the byte hashes). */
static const zka_test_field_ops *zka_bh_field(zka_hash_id h) {
  switch (h) {
    case ZKA_HASH_POSEIDON_BN254: return zka_test_field(ZKA_FIELD_BN254_FR);
    case ZKA_HASH_POSEIDON2_BABYBEAR_16:
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: return zka_test_field(ZKA_FIELD_BABYBEAR);
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8:
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: return zka_test_field(ZKA_FIELD_GOLDILOCKS);
    default: return NULL;
  }
}

/* n random units (bytes or field elements). */
static void zka_bh_random(zka_hash_id h, uint8_t *out, size_t n, zka_test_rng *rng) {
  const zka_test_field_ops *f = zka_bh_field(h);
  if (f) {
    zka_test_random_elements(f, out, n, rng);
    return;
  }
  for (size_t i = 0; i < n; i++) out[i] = (uint8_t)zka_test_next(rng);
}

/* One device job: write the input image at byte 0 of the input buffer and a guard pattern
 * over the output buffer, run `job` with the messages at in_off and the digests at out_off,
 * read the output region back into out_img (out_off + count*32 + 64 bytes).  Returns the
 * status (err printed when expect_ok). */
static int zka_bh_run(const zka_hash_job *job, const uint8_t *in_img, size_t in_bytes,
                      size_t in_off, uint8_t *out_img, size_t out_off, int expect_ok) {
  char err[512] = "";
  const size_t out_bytes = out_off + job->count * 32 + 64;
  memset(out_img, 0x5a, out_bytes);
  int st = zka_bh_api->write(zka_bh_dev, zka_bh_in, 0, in_img, in_bytes, err, sizeof err);
  if (st == ZKA_OK)
    st = zka_bh_api->write(zka_bh_dev, zka_bh_out, 0, out_img, out_bytes, err, sizeof err);
  if (st == ZKA_OK)
    st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, out_off, zka_bh_in, in_off, job, err,
                          sizeof err);
  if (st == ZKA_OK)
    st = zka_bh_api->read(zka_bh_dev, zka_bh_out, 0, out_img, out_bytes, err, sizeof err);
  if (st != ZKA_OK && expect_ok)
    fprintf(stderr, "  %s %s (mode %d, len %zu, count %zu): status %d: %s\n", ZKA_BT_BACKEND,
            zka_hash_name(job->hash), (int)job->mode, job->len, job->count, st, err);
  return st;
}

/* The bytes of out_img outside [out_off, out_off + count*32) still hold the guard. */
static int zka_bh_guard_ok(const uint8_t *out_img, size_t out_off, size_t count) {
  for (size_t i = 0; i < out_off; i++)
    if (out_img[i] != 0x5a) return 0;
  for (size_t i = 0; i < 64; i++)
    if (out_img[out_off + count * 32 + i] != 0x5a) return 0;
  return 1;
}

/* Sponge mode: count messages of len units; in_off/out_off in bytes (multiples of the
 * kernel's word size: 8 serves every hash). */
static long zka_bh_check_sponge(zka_hash_id h, size_t len, size_t count, size_t in_off,
                                size_t out_off, uint8_t *in_img, uint8_t *out_img,
                                zka_test_rng *rng) {
  const size_t unit = zka_hash_unit_size(h), msg = len * unit;
  zka_hash_job job = {h, ZKA_HASH_MODE_SPONGE, len, count};
  memset(in_img, 0xc3, in_off);
  zka_bh_random(h, in_img + in_off, len * count, rng);
  int st = zka_bh_run(&job, in_img, in_off + msg * count, in_off, out_img, out_off, 1);
  CHECK(st == ZKA_OK, "%s sponge len %zu count %zu: status %d", zka_hash_name(h), len, count, st);
  if (st != ZKA_OK) return 0;
  long bad = 0;
  for (size_t i = 0; i < count; i++) {
    uint8_t want[32];
    zka_status rs = zka_hash(h, want, in_img + in_off + i * msg, len);
    CHECK(rs == ZKA_OK, "reference zka_hash(%s, len %zu): status %d", zka_hash_name(h), len, rs);
    if (memcmp(want, out_img + out_off + i * 32, 32)) bad++;
  }
  CHECK(bad == 0, "%s sponge len %zu count %zu (offsets %zu/%zu): %ld digest(s) differ from "
        "zka_hash", zka_hash_name(h), len, count, in_off, out_off, bad);
  CHECK(zka_bh_guard_ok(out_img, out_off, count),
        "%s sponge len %zu count %zu: bytes around the digests changed", zka_hash_name(h), len,
        count);
  return (long)count;
}

/* Compress mode: count digest pairs (random digests: whole field elements). */
static long zka_bh_check_compress(zka_hash_id h, size_t count, size_t in_off, size_t out_off,
                                  uint8_t *in_img, uint8_t *out_img, zka_test_rng *rng) {
  const size_t unit = zka_hash_unit_size(h);
  zka_hash_job job = {h, ZKA_HASH_MODE_COMPRESS, 0, count};
  memset(in_img, 0xc3, in_off);
  zka_bh_random(h, in_img + in_off, 64 / unit * count, rng);
  int st = zka_bh_run(&job, in_img, in_off + 64 * count, in_off, out_img, out_off, 1);
  CHECK(st == ZKA_OK, "%s compress count %zu: status %d", zka_hash_name(h), count, st);
  if (st != ZKA_OK) return 0;
  long bad = 0;
  for (size_t i = 0; i < count; i++) {
    uint8_t want[32];
    const uint8_t *pair = in_img + in_off + i * 64;
    zka_status rs = zka_hash_compress(h, want, pair, pair + 32);
    CHECK(rs == ZKA_OK, "reference zka_hash_compress(%s): status %d", zka_hash_name(h), rs);
    if (memcmp(want, out_img + out_off + i * 32, 32)) bad++;
  }
  CHECK(bad == 0, "%s compress count %zu (offsets %zu/%zu): %ld digest(s) differ from "
        "zka_hash_compress", zka_hash_name(h), count, in_off, out_off, bad);
  CHECK(zka_bh_guard_ok(out_img, out_off, count),
        "%s compress count %zu: bytes around the digests changed", zka_hash_name(h), count);
  return (long)count;
}

/* The lengths to test for hash h (units), 0-terminated after the first entry. */
static size_t zka_bh_lengths(zka_hash_id h, size_t *out) {
  static const size_t sha[] = {0, 1, 3, 55, 56, 63, 64, 65, 119, 120, 128, 200};
  static const size_t kec[] = {0, 1, 32, 64, 135, 136, 137, 271, 272, 273, 300};
  static const size_t bn[] = {1, 2, 4, 16};
  size_t n = 0, rate = 0;
  switch (h) {
    case ZKA_HASH_SHA256: n = sizeof sha / sizeof sha[0]; memcpy(out, sha, sizeof sha); return n;
    case ZKA_HASH_KECCAK256: n = sizeof kec / sizeof kec[0]; memcpy(out, kec, sizeof kec); return n;
    case ZKA_HASH_POSEIDON_BN254: n = sizeof bn / sizeof bn[0]; memcpy(out, bn, sizeof bn); return n;
    case ZKA_HASH_POSEIDON2_BABYBEAR_16: rate = 8; break;
    case ZKA_HASH_POSEIDON2_BABYBEAR_24: rate = 16; break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_8: rate = 4; break;
    case ZKA_HASH_POSEIDON2_GOLDILOCKS_12: rate = 8; break;
  }
  const size_t p2[] = {0, 1, rate - 1, rate, rate + 1, 2 * rate, 2 * rate + 1, 5 * rate + 3};
  memcpy(out, p2, sizeof p2);
  return sizeof p2 / sizeof p2[0];
}

/* Throughput of one large compress job (2^14 pairs, a Merkle layer; 2^12 for Poseidon
 * BN254, slow on PoCL), timed around the hash call alone (data already on the device); a
 * sample of the digests is checked. */
static void zka_bh_throughput(zka_hash_id h, uint8_t *in_img, uint8_t *out_img,
                              zka_test_rng *rng) {
  const size_t count = (size_t)1 << (h == ZKA_HASH_POSEIDON_BN254 ? 12 : 14);
  char err[512] = "";
  zka_hash_job job = {h, ZKA_HASH_MODE_COMPRESS, 0, count};
  zka_bh_random(h, in_img, 64 / zka_hash_unit_size(h) * count, rng);
  int st = zka_bh_api->write(zka_bh_dev, zka_bh_in, 0, in_img, 64 * count, err, sizeof err);
  double t0 = zka_bh_now();
  if (st == ZKA_OK) st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 0, &job, err, sizeof err);
  double dt = zka_bh_now() - t0;
  if (st == ZKA_OK) st = zka_bh_api->read(zka_bh_dev, zka_bh_out, 0, out_img, 32 * count, err, sizeof err);
  CHECK(st == ZKA_OK, "%s: %zu compressions: status %d: %s", zka_hash_name(h), count, st, err);
  if (st != ZKA_OK) return;
  long bad = 0;
  for (size_t i = 0; i < count; i += 127) {
    uint8_t want[32];
    if (zka_hash_compress(h, want, in_img + 64 * i, in_img + 64 * i + 32) != ZKA_OK ||
        memcmp(want, out_img + 32 * i, 32))
      bad++;
  }
  CHECK(bad == 0, "%s: %ld of the sampled large-batch digests differ", zka_hash_name(h), bad);
  printf("%s %s: %zu compressions in %.1f ms (%.2f M/s, device buffers)\n", ZKA_BT_BACKEND,
         zka_hash_name(h), count, dt * 1e3, (double)count / dt * 1e-6);
}

/* Known answers on the device (single messages at offset 0). */
static void zka_bh_known_answers(uint8_t *out_img) {
  static const uint8_t sha_abc[32] = {
      0xba, 0x78, 0x16, 0xbf, 0x8f, 0x01, 0xcf, 0xea, 0x41, 0x41, 0x40, 0xde, 0x5d, 0xae, 0x22, 0x23,
      0xb0, 0x03, 0x61, 0xa3, 0x96, 0x17, 0x7a, 0x9c, 0xb4, 0x10, 0xff, 0x61, 0xf2, 0x00, 0x15, 0xad};
  static const uint8_t keccak_empty[32] = {
      0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d, 0xb2, 0xdc, 0xc7, 0x03, 0xc0,
      0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82, 0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70};
  zka_hash_job job = {ZKA_HASH_SHA256, ZKA_HASH_MODE_SPONGE, 3, 1};
  int st = zka_bh_run(&job, (const uint8_t *)"abc", 3, 0, out_img, 0, 1);
  CHECK(st == ZKA_OK && !memcmp(out_img, sha_abc, 32), "SHA-256(\"abc\") on the device: status %d "
        "or wrong digest", st);
  job.hash = ZKA_HASH_KECCAK256;
  job.len = 0;
  st = zka_bh_run(&job, (const uint8_t *)"", 0, 0, out_img, 0, 1);
  CHECK(st == ZKA_OK && !memcmp(out_img, keccak_empty, 32),
        "Keccak-256(\"\") on the device: status %d or wrong digest", st);
}

/* Jobs the plug-in must refuse (hash_supported 0, or hash() an error with a message). */
static void zka_bh_refusals(void) {
  char err[512];
  zka_hash_job job = {(zka_hash_id)99, ZKA_HASH_MODE_SPONGE, 1, 1};
  CHECK(!zka_bh_api->hash_supported(zka_bh_dev, &job), "an unknown hash id is supported");
  err[0] = 0;
  int st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "unknown hash id: status %d", st);
  job.hash = ZKA_HASH_POSEIDON_BN254;
  for (size_t len = 0; len <= 17; len += 17) {
    job.len = len;
    CHECK(!zka_bh_api->hash_supported(zka_bh_dev, &job), "poseidon_bn254 with %zu inputs is "
          "supported", len);
    err[0] = 0;
    st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 0, &job, err, sizeof err);
    CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "poseidon_bn254 with %zu inputs: status %d",
          len, st);
  }
  /* Past the end of the input buffer (SHA-256: 1 MiB + 1 bytes), and of the output
   * (len 1: the input fits, the digests do not). */
  job.hash = ZKA_HASH_SHA256;
  job.len = ZKA_BH_IN_BYTES + 1;
  err[0] = 0;
  st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "a message past the input's end: status %d", st);
  job.len = 1;
  job.count = ZKA_BH_OUT_BYTES / 32 + 1;
  err[0] = 0;
  st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 0, &job, err, sizeof err);
  CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "digests past the output's end: status %d", st);
  printf("%s: refusals ok (%.200s)\n", ZKA_BT_BACKEND, err);
  /* A field hash at a byte offset that is not a multiple of its word. */
  job.hash = ZKA_HASH_POSEIDON_BN254;
  job.len = 2;
  job.count = 1;
  if (zka_bh_api->hash_supported(zka_bh_dev, &job)) {
    err[0] = 0;
    st = zka_bh_api->hash(zka_bh_dev, zka_bh_out, 0, zka_bh_in, 4, &job, err, sizeof err);
    CHECK(st == ZKA_ERR_INVALID_ARGUMENT && err[0], "poseidon_bn254 at input offset 4: status %d",
          st);
  }
}

int main(void) {
  double t_start = zka_bh_now();
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  char why[1200], err[512];
  zka_bh_api = zka_test_load_backend(ZKA_BT_BACKEND, why, sizeof why);
  if (!zka_bh_api) return zka_bh_absent(why);
  CHECK(zka_bh_api->hash && zka_bh_api->hash_supported, "the plug-in has no hash entries");
  CHECK(zka_bh_api->hash_host == NULL, "hash_host is set on a device plug-in");
  if (!zka_bh_api->hash || !zka_bh_api->hash_supported) return zka_test_finish(ZKA_BT_TEST_NAME);

  zka_device_info infos[16];
  why[0] = 0;
  int n = zka_bh_api->probe(infos, 16, why, sizeof why);
  CHECK(n >= 0 && n <= 16, "probe returned %d", n);
  int pick = -1;
  for (int i = 0; i < n; i++)
    if (infos[i].available &&
        (pick < 0 || (infos[i].kind == ZKA_DEVICE_GPU && infos[pick].kind != ZKA_DEVICE_GPU)))
      pick = i;
  if (pick < 0) {
    if (zka_test_failures) return zka_test_finish(ZKA_BT_TEST_NAME);
    return zka_bh_absent(why[0] ? why : "no available device");
  }
  int st = zka_bh_api->open(pick, &zka_bh_dev, err, sizeof err);
  CHECK(st == ZKA_OK, "open(%d): %s", pick, err);
  if (st != ZKA_OK) return zka_test_finish(ZKA_BT_TEST_NAME);
  printf("%s: testing device %d (%s)\n", ZKA_BT_BACKEND, pick, infos[pick].name);
  st = zka_bh_api->alloc(zka_bh_dev, ZKA_BH_IN_BYTES, &zka_bh_in, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc: %s", err);
  st |= zka_bh_api->alloc(zka_bh_dev, ZKA_BH_OUT_BYTES, &zka_bh_out, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc: %s", err);
  uint8_t *in_img = malloc(ZKA_BH_IN_BYTES), *out_img = malloc(ZKA_BH_OUT_BYTES);
  if (!in_img || !out_img) abort();
  if (st != ZKA_OK) return zka_test_finish(ZKA_BT_TEST_NAME);

  int supported = 0;
  for (int h = ZKA_HASH_SHA256; h <= ZKA_HASH_POSEIDON2_GOLDILOCKS_12; h++) {
    const zka_hash_id id = (zka_hash_id)h;
    zka_hash_job probe_job = {id, ZKA_HASH_MODE_SPONGE, 2, 1};
    if (!zka_bh_api->hash_supported(zka_bh_dev, &probe_job)) {
      CHECK(id != ZKA_HASH_SHA256 && id != ZKA_HASH_KECCAK256, "%s is not supported",
            zka_hash_name(id));
      printf("%s %s: not supported by this backend/device (the scheduler runs it elsewhere)\n",
             ZKA_BT_BACKEND, zka_hash_name(id));
      continue;
    }
    supported++;
    double t0 = zka_bh_now();
    long digests = 0;
    size_t lens[16];
    const size_t nlens = zka_bh_lengths(id, lens);
    int tested_lens = 0;
    for (size_t li = 0; li < nlens; li++) {
      zka_hash_job job = {id, ZKA_HASH_MODE_SPONGE, lens[li], 1};
      if (!zka_bh_api->hash_supported(zka_bh_dev, &job)) {
        printf("%s %s: len %zu not supported on this device\n", ZKA_BT_BACKEND,
               zka_hash_name(id), lens[li]);
        continue;
      }
      tested_lens++;
      digests += zka_bh_check_sponge(id, lens[li], 1, 0, 0, in_img, out_img, &rng);
      digests += zka_bh_check_sponge(id, lens[li], ZKA_BH_MAX_COUNT, 24, 40, in_img, out_img, &rng);
    }
    zka_hash_job cjob = {id, ZKA_HASH_MODE_COMPRESS, 0, 1};
    int compress_ok = zka_bh_api->hash_supported(zka_bh_dev, &cjob);
    CHECK(compress_ok, "%s: sponge supported but compress not", zka_hash_name(id));
    if (compress_ok) {
      digests += zka_bh_check_compress(id, 1, 8, 32, in_img, out_img, &rng);
      digests += zka_bh_check_compress(id, ZKA_BH_MAX_COUNT, 64, 8, in_img, out_img, &rng);
    }
    /* count 0: nothing to do, and nothing written. */
    {
      zka_hash_job job = {id, ZKA_HASH_MODE_SPONGE, lens[0], 0};
      st = zka_bh_run(&job, in_img, 64, 0, out_img, 8, 1);
      CHECK(st == ZKA_OK && zka_bh_guard_ok(out_img, 8, 0), "%s count 0: status %d",
            zka_hash_name(id), st);
    }
    if (compress_ok) zka_bh_throughput(id, in_img, out_img, &rng);
    printf("%s %s: %ld digests equal to zka_hash/zka_hash_compress (%d lengths x count 1 and "
           "%d, compress 1 and %d, offsets), %.2f s incl. program builds\n",
           ZKA_BT_BACKEND, zka_hash_name(id), digests, tested_lens, ZKA_BH_MAX_COUNT,
           ZKA_BH_MAX_COUNT, zka_bh_now() - t0);
  }
  CHECK(supported >= 2, "only %d hashes supported", supported);
  zka_bh_known_answers(out_img);
  zka_bh_refusals();

  free(in_img);
  free(out_img);
  zka_bh_api->free(zka_bh_dev, zka_bh_in);
  zka_bh_api->free(zka_bh_dev, zka_bh_out);
  zka_bh_api->close(zka_bh_dev);
  printf("%s: %d hashes supported; %.1f s\n", ZKA_BT_TEST_NAME, supported, zka_bh_now() - t_start);
  return zka_test_finish(ZKA_BT_TEST_NAME);
}
