/* test_groth16.c — the Groth16 prover and verifier on the checked-in snarkjs fixtures
 * (tests/data/groth16/{bn128,bls12381}: a tiny circuit's zkey, witness, verification key and
 * a proof made by `snarkjs groth16 prove`), without node:
 *   - snarkjs's own proof verifies with zkaccel's verifier; zkaccel's proof verifies too (the
 *     live `snarkjs groth16 verify` of zkaccel's proofs is tests/groth16_e2e.sh);
 *   - with a seed, the proof is identical on every backend (cpu, opencl, fpga-emu) and
 *     through the one-shot bytes API; another seed gives another proof that also verifies;
 *   - soundness: each changed coordinate, a changed public signal and a proof of the other
 *     curve are rejected;
 *   - bad input: truncated files, a corrupted section size, a foreign file, a PLONK zkey, a
 *     wtns of the wrong length or curve, a value >= r, a point off the curve, malformed JSON,
 *     each with its message.
 * ZKA_G16_DATA overrides the fixture directory. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/groth16.h"
#include "zkaccel/msm.h"

static char zka_t_dir[1024];

static char *zka_t_read(const char *curve, const char *name, size_t *len) {
  char path[1200];
  snprintf(path, sizeof path, "%s/%s%s%s", zka_t_dir, curve, curve[0] ? "/" : "", name);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) buf[n] = 0;
  *len = (size_t)n;
  return buf;
}

static uint32_t zka_t_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Offset of section id's 12-byte header in an iden3 binfile, or 0. */
static size_t zka_t_section(const uint8_t *d, size_t len, uint32_t id) {
  size_t pos = 12;
  uint32_t n = zka_t_le32(d + 8);
  for (uint32_t i = 0; i < n && pos + 12 <= len; i++) {
    uint64_t sz = zka_t_le32(d + pos + 4) | (uint64_t)zka_t_le32(d + pos + 8) << 32;
    if (zka_t_le32(d + pos) == id) return pos;
    pos += 12 + sz;
  }
  return 0;
}

/* Expect status want and a message containing needle. */
static void zka_t_expect(zka_status got, zka_status want, zka_ctx *ctx, const char *needle,
                         const char *what) {
  const char *msg = zka_ctx_last_error(ctx);
  CHECK(got == want, "%s: status %s, expected %s (%s)", what, zka_status_str(got),
        zka_status_str(want), msg);
  CHECK(strstr(msg, needle) != NULL, "%s: message '%s' lacks '%s'", what, msg, needle);
  printf("  %-40s -> %s\n", what, msg);
}

typedef struct {
  const char *dir;
  zka_curve_id curve;
  char *zkey, *wtns, *vkey, *proof, *pub;
  size_t zkey_len, wtns_len, vkey_len, proof_len, pub_len;
} zka_t_fixture;

static int zka_t_load(zka_t_fixture *f) {
  f->zkey = zka_t_read(f->dir, "circuit.zkey", &f->zkey_len);
  f->wtns = zka_t_read(f->dir, "witness.wtns", &f->wtns_len);
  f->vkey = zka_t_read(f->dir, "verification_key.json", &f->vkey_len);
  f->proof = zka_t_read(f->dir, "proof.json", &f->proof_len);
  f->pub = zka_t_read(f->dir, "public.json", &f->pub_len);
  return f->zkey && f->wtns && f->vkey && f->proof && f->pub;
}

static void zka_t_unload(zka_t_fixture *f) {
  free(f->zkey);
  free(f->wtns);
  free(f->vkey);
  free(f->proof);
  free(f->pub);
}

/* Verify proof text against the fixture's key and public.json text: the status. */
static zka_status zka_t_verify_text(const zka_t_fixture *f, const char *proof, const char *pub,
                                    zka_ctx *ctx) {
  zka_groth16_vkey *vk = NULL;
  zka_groth16_proof p;
  uint8_t *vals = NULL;
  size_t count = 0;
  zka_status st = zka_groth16_vkey_from_json(&vk, f->vkey, f->vkey_len, ctx);
  if (st == ZKA_OK) st = zka_groth16_proof_from_json(&p, f->curve, proof, strlen(proof), ctx);
  if (st == ZKA_OK) st = zka_groth16_public_from_json(&vals, &count, f->curve, pub, strlen(pub), ctx);
  if (st == ZKA_OK) st = zka_groth16_verify(vk, &p, vals, count, ctx);
  free(vals);
  zka_groth16_vkey_destroy(vk);
  return st;
}

static zka_status zka_t_prove(const zka_t_fixture *f, const char *backends, uint64_t seed,
                              zka_groth16_proof *proof, zka_ctx *ctx) {
  zka_engine_options eo = zka_engine_options_default();
  eo.backends = backends;
  eo.strict = 1;
  eo.quiet = 1;
  zka_engine *e = NULL;
  zka_zkey *z = NULL;
  zka_wtns *w = NULL;
  zka_groth16_prover *p = NULL;
  zka_groth16_prove_options po = zka_groth16_prove_options_default();
  po.use_seed = 1;
  po.seed = seed;
  zka_status st = zka_engine_create(&e, &eo, ctx);
  if (st == ZKA_OK) st = zka_zkey_from_bytes(&z, f->zkey, f->zkey_len, "circuit.zkey", ctx);
  if (st == ZKA_OK) st = zka_wtns_from_bytes(&w, f->wtns, f->wtns_len, "witness.wtns", ctx);
  if (st == ZKA_OK) st = zka_groth16_prover_create(&p, e, z, &po, ctx);
  if (st == ZKA_OK) st = zka_groth16_prove(p, proof, w, NULL, ctx);
  zka_groth16_prover_destroy(p);
  zka_wtns_close(w);
  zka_zkey_close(z);
  zka_engine_destroy(e);
  return st;
}

/* Replace the n-th decimal string of at least 10 digits in text by another valid-looking
 * number (last digit changed): a coordinate changed. */
static char *zka_t_mutate_number(const char *text, int nth) {
  char *t = strdup(text);
  int seen = 0;
  for (char *p = t; *p; p++) {
    if (*p != '"') continue;
    char *q = p + 1;
    while (*q >= '0' && *q <= '9') q++;
    if (*q == '"' && q - p - 1 >= 10) {
      if (seen++ == nth) {
        q[-1] = q[-1] == '1' ? '2' : '1';
        return t;
      }
    }
    p = q;
  }
  free(t);
  return NULL;
}

static void zka_t_curve(zka_t_fixture *f, const zka_t_fixture *other, zka_ctx *ctx) {
  printf("%s:\n", f->dir);
  /* snarkjs's proof verifies */
  zka_status st = zka_t_verify_text(f, f->proof, f->pub, ctx);
  CHECK(st == ZKA_OK, "%s: snarkjs's proof rejected: %s", f->dir, zka_ctx_last_error(ctx));
  printf("  snarkjs's proof.json verifies\n");

  /* zkaccel's proof, seeded, on the CPU */
  zka_groth16_proof cpu, other_proof;
  st = zka_t_prove(f, "cpu", 7, &cpu, ctx);
  CHECK(st == ZKA_OK, "%s: prove: %s", f->dir, zka_ctx_last_error(ctx));
  if (st != ZKA_OK) return;
  char *pj = NULL, *pubj = NULL;
  CHECK(zka_groth16_proof_to_json(&pj, &cpu) == ZKA_OK, "proof_to_json");
  zka_zkey *z = NULL;
  zka_wtns *w = NULL;
  CHECK(zka_zkey_from_bytes(&z, f->zkey, f->zkey_len, "zkey", ctx) == ZKA_OK, "zkey");
  CHECK(zka_wtns_from_bytes(&w, f->wtns, f->wtns_len, "wtns", ctx) == ZKA_OK, "wtns");
  zka_zkey_info info;
  zka_zkey_get_info(z, &info);
  CHECK(info.curve == f->curve, "zkey curve %d", info.curve);
  CHECK(zka_groth16_public_to_json(&pubj, w, info.n_public) == ZKA_OK, "public_to_json");
  CHECK(!strcmp(pubj, f->pub), "public.json differs from snarkjs's:\n%s\nvs\n%s", pubj, f->pub);
  st = zka_t_verify_text(f, pj, pubj, ctx);
  CHECK(st == ZKA_OK, "%s: zkaccel's proof rejected: %s", f->dir, zka_ctx_last_error(ctx));
  printf("  zkaccel's proof verifies; public.json is byte-identical to snarkjs's\n");

  /* JSON round trip */
  zka_groth16_proof back;
  CHECK(zka_groth16_proof_from_json(&back, f->curve, pj, strlen(pj), ctx) == ZKA_OK, "reparse");
  CHECK(!memcmp(&back, &cpu, sizeof back), "proof JSON round trip changed the proof");

  /* the same bytes on every backend and through the bytes API; another seed differs */
  static const char *const backends[] = {"opencl", "fpga-emu"};
  for (int b = 0; b < 2; b++) {
    zka_groth16_proof pb;
    st = zka_t_prove(f, backends[b], 7, &pb, ctx);
    if (st == ZKA_ERR_DEVICE && !strcmp(backends[b], "opencl") && !getenv("ZKA_REQUIRE_OPENCL")) {
      printf("  %s: not available here (%s): skipped\n", backends[b], zka_ctx_last_error(ctx));
      continue;
    }
    CHECK(st == ZKA_OK, "%s on %s: %s", f->dir, backends[b], zka_ctx_last_error(ctx));
    CHECK(st != ZKA_OK || !memcmp(&pb, &cpu, sizeof pb), "%s: %s proof differs from the cpu's",
          f->dir, backends[b]);
    if (st == ZKA_OK) printf("  %s: proof byte-identical to the cpu's\n", backends[b]);
  }
  {
    zka_engine_options eo = zka_engine_options_default();
    eo.backends = "cpu";
    eo.quiet = 1;
    zka_engine *e = NULL;
    char *pj2 = NULL, *pub2 = NULL;
    zka_groth16_prove_options po = zka_groth16_prove_options_default();
    po.use_seed = 1;
    po.seed = 7;
    CHECK(zka_engine_create(&e, &eo, ctx) == ZKA_OK, "engine");
    st = zka_groth16_prove_bytes(e, f->zkey, f->zkey_len, f->wtns, f->wtns_len, &po, &pj2, &pub2, ctx);
    CHECK(st == ZKA_OK, "prove_bytes: %s", zka_ctx_last_error(ctx));
    CHECK(st != ZKA_OK || (!strcmp(pj2, pj) && !strcmp(pub2, pubj)), "prove_bytes output differs");
    free(pj2);
    free(pub2);
    zka_engine_destroy(e);
  }
  /* fixed-base plans with precomputation, cached in a directory: the same proof, twice
   * (the second prover reads the plans' cache files the first one wrote) */
  {
    char dir[] = "/tmp/zka_g16_plans_XXXXXX";
    CHECK(mkdtemp(dir) != NULL, "mkdtemp");
    zka_engine_options eo = zka_engine_options_default();
    eo.backends = "cpu";
    eo.quiet = 1;
    zka_engine *e = NULL;
    CHECK(zka_engine_create(&e, &eo, ctx) == ZKA_OK, "engine");
    for (int round = 0; round < 2 && e; round++) {
      zka_groth16_prove_options po = zka_groth16_prove_options_default();
      po.use_seed = 1;
      po.seed = 7;
      po.precompute = 3;
      po.plan_cache_dir = dir;
      zka_groth16_prover *pp = NULL;
      zka_groth16_proof pr;
      st = zka_groth16_prover_create(&pp, e, z, &po, ctx);
      if (st == ZKA_OK) st = zka_groth16_prove(pp, &pr, w, NULL, ctx);
      CHECK(st == ZKA_OK, "prove with plans (round %d): %s", round, zka_ctx_last_error(ctx));
      CHECK(st != ZKA_OK || !memcmp(&pr, &cpu, sizeof pr), "plans (round %d) changed the proof", round);
      zka_groth16_prover_destroy(pp);
    }
    zka_engine_destroy(e);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "ls %s | grep -c msmplan > /dev/null && rm -rf %s", dir, dir);
    CHECK(system(cmd) == 0, "no plan cache files were written in %s", dir);
    printf("  precomputed plans (x3, cached in a directory): the same proof, twice\n");
  }
  st = zka_t_prove(f, "cpu", 8, &other_proof, ctx);
  CHECK(st == ZKA_OK && memcmp(&other_proof, &cpu, sizeof cpu) != 0, "seed 8 gave the same proof");
  {
    char *pj8 = NULL;
    CHECK(zka_groth16_proof_to_json(&pj8, &other_proof) == ZKA_OK, "json");
    CHECK(zka_t_verify_text(f, pj8, pubj, ctx) == ZKA_OK, "seed-8 proof rejected");
    free(pj8);
  }

  /* soundness: every coordinate of zkaccel's proof changed */
  int ncoord = 0;
  for (int k = 0;; k++) {
    char *m = zka_t_mutate_number(pj, k);
    if (!m) break;
    st = zka_t_verify_text(f, m, pubj, ctx);
    CHECK(st != ZKA_OK, "%s: proof with coordinate %d changed was accepted", f->dir, k);
    ncoord++;
    free(m);
  }
  CHECK(ncoord >= 8, "only %d coordinates found to mutate", ncoord);
  printf("  %d single-coordinate changes: all rejected\n", ncoord);
  /* a changed public signal (public.json's first value + 1, kept below r) */
  {
    char *m = strdup(pubj);
    char *q = strchr(m, '"') + 1;
    while (q[1] >= '0' && q[1] <= '9') q++;
    *q = *q == '9' ? '8' : (char)(*q + 1);
    st = zka_t_verify_text(f, pj, m, ctx);
    zka_t_expect(st, ZKA_ERR_VERIFY_FAILED, ctx, "pairing", "changed public signal");
    free(m);
  }
  /* a proof for the other curve's circuit, and a public signal >= r */
  st = zka_t_verify_text(f, other->proof, other->pub, ctx);
  CHECK(st != ZKA_OK, "%s: the other curve's proof was accepted", f->dir);
  printf("  the other curve's proof: rejected (%s)\n", zka_ctx_last_error(ctx));
  {
    const char *big = f->curve == ZKA_CURVE_BN254
                          ? "[\"21888242871839275222246405745257275088548364400416034343698204186575808495617\", \"1\"]"
                          : "[\"52435875175126190479447740508185965837690552500527637822603658699938581184513\", \"1\"]";
    st = zka_t_verify_text(f, pj, big, ctx);
    zka_t_expect(st, ZKA_ERR_OUT_OF_RANGE, ctx, "below r", "public signal = r");
  }

  /* bad witnesses for this zkey */
  {
    zka_engine_options eo = zka_engine_options_default();
    eo.backends = "cpu";
    eo.quiet = 1;
    zka_engine *e = NULL;
    zka_groth16_prover *p = NULL;
    CHECK(zka_engine_create(&e, &eo, ctx) == ZKA_OK, "engine");
    CHECK(zka_groth16_prover_create(&p, e, z, NULL, ctx) == ZKA_OK, "prover");
    zka_wtns *wo = NULL;
    CHECK(zka_wtns_from_bytes(&wo, other->wtns, other->wtns_len, "other.wtns", ctx) == ZKA_OK, "other");
    zka_groth16_proof dummy;
    st = zka_groth16_prove(p, &dummy, wo, NULL, ctx);
    zka_t_expect(st, ZKA_ERR_INVALID_ARGUMENT, ctx, "over", "witness of the other curve");
    zka_wtns_close(wo);
    /* one value fewer: the header count and the section shrink together */
    uint8_t *short_w = malloc(f->wtns_len);
    memcpy(short_w, f->wtns, f->wtns_len);
    size_t h1 = zka_t_section(short_w, f->wtns_len, 1), h2 = zka_t_section(short_w, f->wtns_len, 2);
    uint32_t cnt = zka_t_le32(short_w + h1 + 12 + 4 + 32);
    cnt--;
    memcpy(short_w + h1 + 12 + 4 + 32, &cnt, 4);
    uint64_t s2 = (uint64_t)cnt * 32;
    memcpy(short_w + h2 + 4, &s2, 8);
    size_t short_len = f->wtns_len - 32; /* section 2 is last in snarkjs's files */
    CHECK(h2 + 12 + s2 == short_len, "fixture: section 2 is not last");
    st = zka_wtns_from_bytes(&wo, short_w, short_len, "short.wtns", ctx);
    CHECK(st == ZKA_OK, "short witness should parse: %s", zka_ctx_last_error(ctx));
    if (st == ZKA_OK) {
      st = zka_groth16_prove(p, &dummy, wo, NULL, ctx);
      zka_t_expect(st, ZKA_ERR_INVALID_ARGUMENT, ctx, "expects", "witness one value short");
      zka_wtns_close(wo);
    }
    /* a value >= r */
    memcpy(short_w, f->wtns, f->wtns_len);
    memset(short_w + h2 + 12 + 32, 0xff, 32);
    st = zka_wtns_from_bytes(&wo, short_w, f->wtns_len, "big.wtns", ctx);
    zka_t_expect(st, ZKA_ERR_OUT_OF_RANGE, ctx, "value 1", "witness value >= r");
    free(short_w);
    zka_groth16_prover_destroy(p);
    zka_engine_destroy(e);
  }

  /* bad zkeys */
  {
    zka_zkey *bad = NULL;
    uint8_t *d = malloc(f->zkey_len);
    size_t cuts[] = {0, 3, 11, 12, 30, f->zkey_len / 2, f->zkey_len - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
      st = zka_zkey_from_bytes(&bad, f->zkey, cuts[i], "cut.zkey", ctx);
      CHECK(st == ZKA_ERR_BAD_ENCODING, "truncated at %zu: %s", cuts[i], zka_status_str(st));
      CHECK(strstr(zka_ctx_last_error(ctx), "cut.zkey") != NULL, "message names the file");
      if (i == 5) printf("  %-40s -> %s\n", "zkey truncated at half", zka_ctx_last_error(ctx));
    }
    st = zka_zkey_from_bytes(&bad, f->wtns, f->wtns_len, "witness-as.zkey", ctx);
    zka_t_expect(st, ZKA_ERR_BAD_ENCODING, ctx, "not a .zkey", "a .wtns given as the zkey");
    /* section 5's size field corrupted */
    memcpy(d, f->zkey, f->zkey_len);
    size_t s5 = zka_t_section(d, f->zkey_len, 5);
    d[s5 + 4] ^= 0x40;
    st = zka_zkey_from_bytes(&bad, d, f->zkey_len, "size.zkey", ctx);
    CHECK(st == ZKA_ERR_BAD_ENCODING, "corrupted size: %s", zka_status_str(st));
    printf("  %-40s -> %s\n", "section 5 size corrupted", zka_ctx_last_error(ctx));
    /* a point of section 5 moved off the curve (y + 1 in its raw Montgomery bytes) */
    memcpy(d, f->zkey, f->zkey_len);
    size_t n8q = f->curve == ZKA_CURVE_BN254 ? 32 : 48;
    size_t pt = s5 + 12 + 2 * n8q; /* point 1 (point 0, for the constant, may be infinity) */
    d[pt + n8q] ^= 1;
    st = zka_zkey_from_bytes(&bad, d, f->zkey_len, "offcurve.zkey", ctx);
    zka_t_expect(st, ZKA_ERR_NOT_ON_CURVE, ctx, "section 5", "A point off the curve");
    /* a coordinate >= q */
    memcpy(d, f->zkey, f->zkey_len);
    memset(d + pt, 0xff, n8q);
    st = zka_zkey_from_bytes(&bad, d, f->zkey_len, "range.zkey", ctx);
    zka_t_expect(st, ZKA_ERR_OUT_OF_RANGE, ctx, ">= q", "A coordinate >= q");
    /* a coefficient naming a signal beyond nVars */
    memcpy(d, f->zkey, f->zkey_len);
    size_t s4 = zka_t_section(d, f->zkey_len, 4);
    memset(d + s4 + 12 + 4 + 8, 0xff, 4);
    st = zka_zkey_from_bytes(&bad, d, f->zkey_len, "coef.zkey", ctx);
    zka_t_expect(st, ZKA_ERR_BAD_ENCODING, ctx, "signal", "coefficient signal out of range");
    /* sections found by id: the table in another order still reads */
    free(d);
  }
  free(pj);
  free(pubj);
  zka_wtns_close(w);
  zka_zkey_close(z);
}

static void zka_t_json_errors(const zka_t_fixture *f, zka_ctx *ctx) {
  printf("verification key and proof JSON errors:\n");
  zka_groth16_vkey *vk = NULL;
  zka_status st = zka_groth16_vkey_from_json(&vk, "{\"protocol\": \"groth16\",", 24, ctx);
  zka_t_expect(st, ZKA_ERR_BAD_ENCODING, ctx, "line 1", "truncated JSON");
  st = zka_groth16_vkey_from_json(&vk, "{\"protocol\": \"plonk\"}", 21, ctx);
  zka_t_expect(st, ZKA_ERR_UNSUPPORTED, ctx, "plonk", "a PLONK verification key");
  /* IC with one point fewer than nPublic + 1: drop the last IC entry by renaming nPublic */
  char *v = strdup(f->vkey);
  char *np = strstr(v, "\"nPublic\"");
  CHECK(np != NULL, "fixture has nPublic");
  if (np) {
    char *digit = np + 9;
    while (*digit && (*digit < '0' || *digit > '9')) digit++;
    *digit = (char)(*digit + 1);
    st = zka_groth16_vkey_from_json(&vk, v, strlen(v), ctx);
    zka_t_expect(st, ZKA_ERR_BAD_ENCODING, ctx, "IC", "IC length != nPublic + 1");
  }
  free(v);
  /* proof with pi_a's x changed to a non-curve point */
  const char *offc = "{\"pi_a\": [\"1\", \"3\", \"1\"], \"pi_b\": [], \"pi_c\": []}";
  zka_groth16_proof dummy;
  st = zka_groth16_proof_from_json(&dummy, f->curve, offc, strlen(offc), ctx);
  zka_t_expect(st, ZKA_ERR_NOT_ON_CURVE, ctx, "pi_a", "pi_a off the curve");
}

int main(void) {
  const char *env = getenv("ZKA_G16_DATA");
  const char *src = getenv("ZKA_SOURCE_DIR");
  if (env) snprintf(zka_t_dir, sizeof zka_t_dir, "%s", env);
  else snprintf(zka_t_dir, sizeof zka_t_dir, "%s/tests/data/groth16", src ? src : ".");
  zka_t_fixture bn, bls;
  memset(&bn, 0, sizeof bn);
  memset(&bls, 0, sizeof bls);
  bn.dir = "bn128", bn.curve = ZKA_CURVE_BN254;
  bls.dir = "bls12381", bls.curve = ZKA_CURVE_BLS12_381;
  if (!zka_t_load(&bn) || !zka_t_load(&bls)) {
    fprintf(stderr, "FAIL: the fixtures are missing under %s (bn128/, bls12381/)\n", zka_t_dir);
    return 1;
  }
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_t_curve(&bn, &bls, ctx);
  zka_t_curve(&bls, &bn, ctx);
  zka_t_json_errors(&bn, ctx);
  /* a PLONK zkey of the same circuit */
  size_t plen = 0;
  char *plonk = zka_t_read("", "plonk.zkey", &plen);
  CHECK(plonk != NULL, "tests/data/groth16/plonk.zkey is missing");
  if (plonk) {
    zka_zkey *z = NULL;
    zka_status st = zka_zkey_from_bytes(&z, plonk, plen, "plonk.zkey", ctx);
    zka_t_expect(st, ZKA_ERR_BAD_ENCODING, ctx, "PLONK", "a PLONK zkey");
    free(plonk);
  }
  zka_ctx_destroy(ctx);
  zka_t_unload(&bn);
  zka_t_unload(&bls);
  return zka_test_finish("test_groth16");
}
