/* The "fpga-emu" plug-in's hashing (fpga/host/backend_fpga_emu.c over the HLS Poseidon2
 * kernels, fpga/hls/poseidon2/) driven through its table, below the scheduler, as the engine
 * drives it: alloc, write, hash, read, free.
 *
 *   1. the table: hash_supported and hash present, hash_host NULL (the board's path);
 *   2. every Poseidon2 instance, sponge with len 0, 1, rate - 1, rate, rate + 1, 3 * rate + 2
 *      and counts 1, 7 and 2 * ZKA_HLS_POSEIDON2_MAX_BATCH + 5 (three kernel calls), messages
 *      and digests at nonzero offsets of their buffers between random guards: every digest
 *      byte-identical to the host reference zka_hash, the guards unchanged;
 *   3. compression, counts 1, 7 and 2 * MAX + 5, likewise against zka_hash_compress;
 *   4. SHA-256, Keccak-256 and Poseidon BN254 are reported unsupported (both modes) and
 *      refused with ZKA_ERR_UNSUPPORTED and a message; so is an unknown mode;
 *   5. count 0 succeeds and writes nothing; jobs outside their buffers or at offsets inside
 *      an element are refused with ZKA_ERR_INVALID_ARGUMENT; messages and digests in one
 *      buffer (the scheduler's layout) give the reference digests;
 *   6. the XRT plug-in "fpga", when built, on a device with an .xclbin holding the Poseidon2
 *      kernels: 2. and 3. (counts 1 and 7) on its device 0; otherwise says why not.
 * ZKA_TEST_SEED changes the random inputs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend_load.h"
#include "fpga/hls/poseidon2/poseidon2_kernel.h"
#include "test_util.h"
#include "zkaccel/hash.h"

static zka_test_rng rng;
static const zka_backend_api *api;
static void *dev;
static char err[2048]; /* >= 1060: backend_load.h formats a 1024-byte path into it */

typedef struct {
  zka_hash_id id;
  size_t width, rate, digest; /* elements */
  size_t unit;                /* bytes per element */
  uint64_t modulus;
} inst;

static const inst insts[4] = {
    {ZKA_HASH_POSEIDON2_BABYBEAR_16, 16, 8, 8, 4, 0x78000001u},
    {ZKA_HASH_POSEIDON2_BABYBEAR_24, 24, 16, 8, 4, 0x78000001u},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_8, 8, 4, 4, 8, 0xffffffff00000001u},
    {ZKA_HASH_POSEIDON2_GOLDILOCKS_12, 12, 8, 4, 8, 0xffffffff00000001u},
};

/* n random elements in the in-memory form (BabyBear: a Montgomery residue below p, which is
 * a uniformly random element; Goldilocks: canonical). */
static void random_elements(const inst *h, uint8_t *out, size_t n) {
  for (size_t i = 0; i < n; i++) {
    uint64_t v;
    do v = h->unit == 4 ? (zka_test_next(&rng) & 0xffffffffu) : zka_test_next(&rng);
    while (v >= h->modulus);
    memcpy(out + i * h->unit, &v, h->unit); /* little-endian host */
  }
}

static const char *job_str(const zka_hash_job *j) {
  static char s[160];
  snprintf(s, sizeof s, "%s %s len %zu count %zu", zka_hash_name(j->hash),
           j->mode == ZKA_HASH_MODE_COMPRESS ? "compress" : "sponge", j->len, j->count);
  return s;
}

/* Run job on the device: input `in` (in_bytes) at byte in_off of a buffer, digests at byte
 * out_off of another, each with `pad` random guard bytes after it; digests copied to out.
 * The guards (and the input) must come back unchanged.  Returns the hash status. */
static int run_on_device(const zka_hash_job *job, uint8_t *out, const uint8_t *in,
                         size_t in_bytes, size_t in_off, size_t out_off, size_t pad) {
  const size_t out_bytes = job->count * 32;
  const size_t in_total = in_off + in_bytes + pad, out_total = out_off + out_bytes + pad;
  uint8_t *in_all = malloc(in_total), *out_all = malloc(out_total), *back = malloc(out_total);
  uint8_t *in_back = malloc(in_total);
  void *ibuf = NULL, *obuf = NULL;
  if (!in_all || !out_all || !back || !in_back) abort();
  zka_test_rng_fill(&rng, in_all, in_total);
  zka_test_rng_fill(&rng, out_all, out_total);
  if (in_bytes) memcpy(in_all + in_off, in, in_bytes);
  int st = api->alloc(dev, in_total, &ibuf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc %zu: %s", in_total, err);
  if (st != ZKA_OK) goto done;
  st = api->alloc(dev, out_total, &obuf, err, sizeof err);
  CHECK(st == ZKA_OK, "alloc %zu: %s", out_total, err);
  if (st != ZKA_OK) goto done;
  st = api->write(dev, ibuf, 0, in_all, in_total, err, sizeof err);
  CHECK(st == ZKA_OK, "write: %s", err);
  st = api->write(dev, obuf, 0, out_all, out_total, err, sizeof err);
  CHECK(st == ZKA_OK, "write: %s", err);
  st = api->hash(dev, obuf, out_off, ibuf, in_off, job, err, sizeof err);
  if (st != ZKA_OK) goto done;
  int rst = api->read(dev, obuf, 0, back, out_total, err, sizeof err);
  CHECK(rst == ZKA_OK, "read: %s", err);
  rst = api->read(dev, ibuf, 0, in_back, in_total, err, sizeof err);
  CHECK(rst == ZKA_OK, "read: %s", err);
  CHECK(!memcmp(back, out_all, out_off) &&
            !memcmp(back + out_off + out_bytes, out_all + out_off + out_bytes, pad),
        "%s: output bytes outside [%zu, %zu) changed", job_str(job), out_off, out_off + out_bytes);
  CHECK(!memcmp(in_back, in_all, in_total), "%s: the input buffer changed", job_str(job));
  memcpy(out, back + out_off, out_bytes);
done:
  if (ibuf) api->free(dev, ibuf);
  if (obuf) api->free(dev, obuf);
  free(in_all);
  free(out_all);
  free(back);
  free(in_back);
  return st;
}

/* One job (sponge of `len` elements, or compress when len == SIZE_MAX) of `count` items on
 * the device against the host reference.  Returns 1 when it ran and matched. */
static int check_job(const inst *h, size_t len, size_t count) {
  const int compress = len == SIZE_MAX;
  zka_hash_job job;
  memset(&job, 0, sizeof job);
  job.hash = h->id;
  job.mode = compress ? ZKA_HASH_MODE_COMPRESS : ZKA_HASH_MODE_SPONGE;
  job.len = compress ? 0 : len;
  job.count = count;
  const size_t item = (compress ? 2 * h->digest : len) * h->unit;
  uint8_t *in = malloc(count * item + 1), *got = malloc(count * 32), *want = malloc(count * 32);
  if (!in || !got || !want) abort();
  random_elements(h, in, count * item / h->unit);
  for (size_t i = 0; i < count; i++) {
    zka_status st = compress ? zka_hash_compress(h->id, want + 32 * i, in + i * item,
                                                 in + i * item + 32)
                             : zka_hash(h->id, want + 32 * i, in + i * item, len);
    if (st != ZKA_OK) {
      CHECK(0, "host reference failed on %s: %d", job_str(&job), (int)st);
      return 0;
    }
  }
  CHECK(api->hash_supported(dev, &job) == 1, "%s: reported unsupported", job_str(&job));
  /* nonzero offsets: 3 elements into the input buffer, 2 digests into the output one */
  int st = run_on_device(&job, got, in, count * item, 3 * h->unit, 64, 40);
  CHECK(st == ZKA_OK, "%s: %s", job_str(&job), err);
  size_t bad = 0;
  for (size_t i = 0; st == ZKA_OK && i < count; i++)
    bad += memcmp(got + 32 * i, want + 32 * i, 32) != 0;
  CHECK(st != ZKA_OK || bad == 0, "%s: %zu of %zu digests differ from zka_hash%s", job_str(&job),
        bad, count, compress ? "_compress" : "");
  free(in);
  free(got);
  free(want);
  return st == ZKA_OK && bad == 0;
}

/* 2. and 3. */
static void test_poseidon2(size_t big) {
  for (int k = 0; k < 4; k++) {
    const inst *h = &insts[k];
    const size_t r = h->rate;
    const size_t lens[6] = {0, 1, r - 1, r, r + 1, 3 * r + 2};
    const size_t counts[3] = {1, 7, big};
    long jobs = 0, ok = 0;
    for (int li = 0; li < 6; li++)
      for (int ci = 0; ci < 3; ci++) {
        if (counts[ci] == 0) continue;
        ok += check_job(h, lens[li], counts[ci]);
        jobs++;
      }
    for (int ci = 0; ci < 3; ci++) {
      if (counts[ci] == 0) continue;
      ok += check_job(h, SIZE_MAX, counts[ci]);
      jobs++;
    }
    printf("%s %-22s sponge len 0, 1, %zu, %zu, %zu, %zu and compress x count 1, 7%s%zu: %ld of "
           "%ld jobs byte-identical to zka_hash/zka_hash_compress (offsets 3 elements / 64 "
           "bytes, guards intact)\n", api->name, zka_hash_name(h->id), r - 1, r, r + 1, 3 * r + 2,
           big ? ", " : "", big, ok, jobs);
  }
}

/* 4. */
static void test_unsupported(void) {
  const zka_hash_id others[3] = {ZKA_HASH_SHA256, ZKA_HASH_KECCAK256, ZKA_HASH_POSEIDON_BN254};
  void *in = NULL, *out = NULL;
  if (api->alloc(dev, 4096, &in, err, sizeof err) != ZKA_OK ||
      api->alloc(dev, 4096, &out, err, sizeof err) != ZKA_OK)
    abort();
  for (int k = 0; k < 3; k++)
    for (int mode = 0; mode < 2; mode++) {
      zka_hash_job job = {others[k], (zka_hash_mode)mode, 2, 4};
      CHECK(api->hash_supported(dev, &job) == 0, "%s: reported supported", job_str(&job));
      err[0] = '\0';
      int st = api->hash(dev, out, 0, in, 0, &job, err, sizeof err);
      CHECK(st == ZKA_ERR_UNSUPPORTED && strstr(err, "not supported"),
            "%s: hash gave %d (%s), want ZKA_ERR_UNSUPPORTED", job_str(&job), st, err);
    }
  zka_hash_job job = {ZKA_HASH_POSEIDON2_BABYBEAR_16, (zka_hash_mode)7, 8, 1};
  CHECK(api->hash_supported(dev, &job) == 0, "mode 7 reported supported");
  CHECK(api->hash(dev, out, 0, in, 0, &job, err, sizeof err) == ZKA_ERR_UNSUPPORTED,
        "mode 7 not refused");
  api->free(dev, in);
  api->free(dev, out);
  printf("unsupported: sha256, keccak256, poseidon_bn254 (sponge and compress) and an unknown "
         "mode -> hash_supported 0, ZKA_ERR_UNSUPPORTED: %s\n", err);
}

/* 5. */
static void test_bounds(void) {
  void *in = NULL, *out = NULL;
  if (api->alloc(dev, 1024, &in, err, sizeof err) != ZKA_OK ||
      api->alloc(dev, 1024, &out, err, sizeof err) != ZKA_OK)
    abort();
  uint8_t sentinel[1024], back[1024];
  zka_test_rng_fill(&rng, sentinel, sizeof sentinel);
  if (api->write(dev, out, 0, sentinel, sizeof sentinel, err, sizeof err) != ZKA_OK) abort();
  zka_hash_job job = {ZKA_HASH_POSEIDON2_GOLDILOCKS_8, ZKA_HASH_MODE_SPONGE, 5, 0};
  CHECK(api->hash(dev, out, 0, in, 0, &job, err, sizeof err) == ZKA_OK, "count 0: %s", err);
  CHECK(api->read(dev, out, 0, back, sizeof back, err, sizeof err) == ZKA_OK &&
            !memcmp(back, sentinel, sizeof back),
        "count 0 wrote to the output buffer");
  job.count = 32; /* 32 digests = 1024 bytes: fits at offset 0 only */
  CHECK(api->hash(dev, out, 8, in, 0, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
        "digests past the end accepted");
  job.count = 26; /* 26 x 5 x 8 = 1040 input bytes > 1024 */
  CHECK(api->hash(dev, out, 0, in, 0, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
        "messages past the end accepted");
  job.count = 2;
  CHECK(api->hash(dev, out, 0, in, 4, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
        "input at an offset inside an element accepted");
  CHECK(api->hash(dev, out, 2, in, 0, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
        "output at an offset inside an element accepted");
  job.mode = ZKA_HASH_MODE_COMPRESS;
  job.count = 17; /* 17 pairs x 64 bytes = 1088 > 1024 */
  CHECK(api->hash(dev, out, 0, in, 0, &job, err, sizeof err) == ZKA_ERR_INVALID_ARGUMENT,
        "compression pairs past the end accepted");
  CHECK(strstr(err, "do not fit") != NULL, "no message for a refused job: \"%s\"", err);
  api->free(dev, in);
  api->free(dev, out);
  printf("bounds: count 0 writes nothing; jobs outside their buffers or inside an element "
         "refused with ZKA_ERR_INVALID_ARGUMENT\n");
}

/* 5b. Messages and digests in one buffer, as the scheduler lays them out (host/hash_sched.c
 * hands the same buffer as in_buf and out_buf). */
static void test_shared_buffer(void) {
  for (int k = 0; k < 4; k++) {
    const inst *h = &insts[k];
    for (int compress = 0; compress < 2; compress++) {
      const size_t count = 7, len = compress ? 0 : h->rate + 1;
      const size_t item = (compress ? 2 * h->digest : len) * h->unit;
      const size_t in_off = count * 32, total = in_off + count * item;
      uint8_t *all = malloc(total), *back = malloc(total), want[32];
      void *buf = NULL;
      if (!all || !back) abort();
      memset(all, 0, in_off);
      random_elements(h, all + in_off, count * item / h->unit);
      zka_hash_job job = {h->id, compress ? ZKA_HASH_MODE_COMPRESS : ZKA_HASH_MODE_SPONGE, len,
                          count};
      int st = api->alloc(dev, total, &buf, err, sizeof err);
      if (st == ZKA_OK) st = api->write(dev, buf, 0, all, total, err, sizeof err);
      if (st == ZKA_OK) st = api->hash(dev, buf, 0, buf, in_off, &job, err, sizeof err);
      if (st == ZKA_OK) st = api->read(dev, buf, 0, back, total, err, sizeof err);
      CHECK(st == ZKA_OK, "%s in one buffer: %s", job_str(&job), err);
      size_t bad = 0;
      for (size_t i = 0; st == ZKA_OK && i < count; i++) {
        const uint8_t *m = all + in_off + i * item;
        zka_status hs = compress ? zka_hash_compress(h->id, want, m, m + 32)
                                 : zka_hash(h->id, want, m, len);
        bad += hs != ZKA_OK || memcmp(back + 32 * i, want, 32) != 0;
      }
      CHECK(st != ZKA_OK || (bad == 0 && !memcmp(back + in_off, all + in_off, total - in_off)),
            "%s in one buffer: %zu digests differ, or the messages changed", job_str(&job), bad);
      if (buf) api->free(dev, buf);
      free(all);
      free(back);
    }
  }
  printf("one buffer: digests at 0 and messages after them (the scheduler's layout), sponge and "
         "compress, 4 instances: equal zka_hash/zka_hash_compress\n");
}

/* 6. */
static void test_xrt(void) {
  char why[2048] = "";
  const zka_backend_api *xrt = zka_test_load_backend("fpga", why, sizeof why);
  if (!xrt) {
    printf("xrt: plug-in \"fpga\" not built here (%s); its hashing is not checked\n", why);
    return;
  }
  CHECK(xrt->hash_supported != NULL && xrt->hash != NULL && xrt->hash_host == NULL,
        "fpga: hash entries present: hash_supported %d hash %d hash_host %d (want 1 1 0)",
        xrt->hash_supported != NULL, xrt->hash != NULL, xrt->hash_host != NULL);
  zka_device_info info[4];
  char reason[256] = "";
  const int n = xrt->probe(info, 4, reason, sizeof reason);
  if (n <= 0 || !info[0].available) {
    printf("xrt: no usable device (%s); its hashing is not checked\n",
           n <= 0 ? reason : info[0].reason);
    return;
  }
  int st = xrt->open(0, &dev, err, sizeof err);
  CHECK(st == ZKA_OK, "fpga open: %s", err);
  if (st != ZKA_OK) return;
  api = xrt;
  zka_hash_job probe_job = {ZKA_HASH_POSEIDON2_BABYBEAR_16, ZKA_HASH_MODE_SPONGE, 8, 1};
  if (api->hash_supported(dev, &probe_job)) {
    test_poseidon2(0);
    test_unsupported();
  } else {
    printf("xrt: the xclbin has no Poseidon2 kernels; its hashing is not checked\n");
  }
  api->close(dev);
}

int main(void) {
  zka_test_rng_init(&rng);
  const zka_backend_api *a = zka_test_load_backend("fpga-emu", err, sizeof err);
  CHECK(a != NULL, "cannot load the fpga-emu plug-in: %s", err);
  if (!a) return zka_test_finish("test_backend_fpga_emu_hash");
  api = a;
  CHECK(api->hash_supported != NULL && api->hash != NULL, "fpga-emu lacks the hash entries");
  CHECK(api->hash_host == NULL, "fpga-emu must take the board's path (no hash_host)");
  if (!api->hash_supported || !api->hash) return zka_test_finish("test_backend_fpga_emu_hash");
  zka_device_info info[2];
  char reason[256] = "";
  CHECK(api->probe(info, 2, reason, sizeof reason) == 1, "probe: %s", reason);
  int st = api->open(0, &dev, err, sizeof err);
  CHECK(st == ZKA_OK, "open: %s", err);
  if (st != ZKA_OK) return zka_test_finish("test_backend_fpga_emu_hash");

  test_poseidon2(2 * ZKA_HLS_POSEIDON2_MAX_BATCH + 5);
  test_unsupported();
  test_bounds();
  test_shared_buffer();
  api->close(dev);
  test_xrt();
  return zka_test_finish("test_backend_fpga_emu_hash");
}
