/* Encodings: decimal strings for the four big fields (against GMP), snarkjs JSON points
 * for the four groups, the ZCash encodings of BLS12-381 G1/G2, and the Fq2 square root
 * behind G2 decompression.  Round trips on random points and infinity, then every
 * rejection case with its message printed: bad digit, value >= p, bad z, off the curve,
 * outside the subgroup, syntax errors; for ZCash: each bad flag combination, a
 * coordinate >= p, an x with no y, off-curve and out-of-subgroup points. */
#include <gmp.h>

#include "core/curve/curves_host.h"
#include "test_util.h"
#include "zkaccel/curve.h"

static zka_test_rng rng;
static zka_ctx *ctx;

static void rand_scalar(uint8_t k[32]) {
  for (int i = 0; i < 32; i++) k[i] = (uint8_t)zka_test_next(&rng);
}

/* Expect status `want` and print the message the context holds. */
#define EXPECT_REJECT(expr, want, label)                                                   \
  do {                                                                                     \
    zka_status st_ = (expr);                                                               \
    CHECK(st_ == (want), "%s: got status %d (%s), want %s", label, (int)st_,              \
          zka_status_str(st_), zka_status_str(want));                                     \
    CHECK(strlen(zka_ctx_last_error(ctx)) > 0, "%s: empty message", label);               \
    printf("    rejected (%s): %s\n", zka_status_str(st_), zka_ctx_last_error(ctx));      \
  } while (0)

/* ---- decimal --------------------------------------------------------------------------- */

#define DECIMAL_TEST(F, LIMBS, PARAMS)                                                     \
  static void test_decimal_##F(long iters) {                                               \
    mpz_t p, a;                                                                            \
    mpz_inits(p, a, NULL);                                                                 \
    const uint64_t pl[LIMBS] = {PARAMS##_P};                                               \
    mpz_import(p, LIMBS, -1, 8, 0, 0, pl);                                                 \
    gmp_randstate_t gr;                                                                    \
    gmp_randinit_default(gr);                                                              \
    gmp_randseed_ui(gr, zka_test_next(&rng));                                              \
    char buf[ZKA_DECIMAL_MAX], want[ZKA_DECIMAL_MAX + 10];                                 \
    for (long it = 0; it < iters + 3; it++) {                                              \
      if (it == 0) mpz_set_ui(a, 0);                                                       \
      else if (it == 1) mpz_sub_ui(a, p, 1);                                               \
      else if (it == 2) mpz_set_ui(a, 1);                                                  \
      else mpz_urandomm(a, gr, p);                                                         \
      mpz_get_str(want, 10, a);                                                            \
      zka_##F x;                                                                           \
      CHECK(zka_##F##_from_decimal(&x, want, strlen(want), ctx) == ZKA_OK, #F " parse %s", \
            want);                                                                         \
      uint8_t le[8 * LIMBS] = {0}, got[8 * LIMBS];                                         \
      mpz_export(le, NULL, -1, 1, 0, 0, a);                                                \
      zka_##F##_to_bytes_le(got, &x);                                                      \
      CHECK(memcmp(le, got, sizeof got) == 0, #F " parse value %s", want);                 \
      CHECK(zka_##F##_to_decimal(buf, sizeof buf, &x) == ZKA_OK && strcmp(buf, want) == 0, \
            #F " format %s got %s", want, buf);                                            \
    }                                                                                      \
    /* leading zeros are accepted */                                                       \
    zka_##F x, one;                                                                        \
    zka_##F##_one(&one);                                                                   \
    CHECK(zka_##F##_from_decimal(&x, "0001", 4, ctx) == ZKA_OK && zka_##F##_eq(&x, &one),  \
          #F " leading zeros");                                                            \
    /* the length bound is respected: "12" with len 1 is 1 */                              \
    CHECK(zka_##F##_from_decimal(&x, "12", 1, ctx) == ZKA_OK && zka_##F##_eq(&x, &one),    \
          #F " len bound");                                                                \
    /* too small a buffer */                                                               \
    mpz_sub_ui(a, p, 1);                                                                   \
    mpz_get_str(want, 10, a);                                                              \
    CHECK(zka_##F##_from_decimal(&x, want, strlen(want), ctx) == ZKA_OK, "p-1");           \
    CHECK(zka_##F##_to_decimal(buf, strlen(want), &x) == ZKA_ERR_INVALID_ARGUMENT,         \
          #F " to_decimal with cap = digits (no room for NUL)");                           \
    CHECK(zka_##F##_to_decimal(buf, strlen(want) + 1, &x) == ZKA_OK, #F " exact cap");     \
    printf("  " #F ": %ld random values + 0, 1, p-1: decimal parse/format = GMP\n", iters);  \
    mpz_get_str(want, 10, p);                                                              \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, want, strlen(want), ctx), ZKA_ERR_OUT_OF_RANGE, \
                  #F " p");                                                                \
    mpz_setbit(a, 64 * LIMBS);                                                             \
    mpz_get_str(want, 10, a);                                                              \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, want, strlen(want), ctx), ZKA_ERR_OUT_OF_RANGE, \
                  #F " > 2^bits");                                                         \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, "", 0, ctx), ZKA_ERR_BAD_ENCODING, #F " empty"); \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, "12a4", 4, ctx), ZKA_ERR_BAD_ENCODING,        \
                  #F " bad digit");                                                        \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, "-1", 2, ctx), ZKA_ERR_BAD_ENCODING, #F " sign"); \
    EXPECT_REJECT(zka_##F##_from_decimal(&x, " 1", 2, ctx), ZKA_ERR_BAD_ENCODING, #F " space"); \
    gmp_randclear(gr);                                                                     \
    mpz_clears(p, a, NULL);                                                                \
  }
DECIMAL_TEST(bn254_fq, 4, ZKA_BN254_FQ)
DECIMAL_TEST(bn254_fr, 4, ZKA_BN254_FR)
DECIMAL_TEST(bls12_381_fq, 6, ZKA_BLS12_381_FQ)
DECIMAL_TEST(bls12_381_fr, 4, ZKA_BLS12_381_FR)

/* ---- JSON ------------------------------------------------------------------------------- */

#define JSON_ROUND_TRIP(G)                                                                 \
  static void test_json_round_trip_##G(long iters) {                                       \
    zka_##G##_affine g, p, q;                                                              \
    zka_##G##_generator(&g);                                                               \
    char buf[ZKA_POINT_JSON_MAX];                                                          \
    for (long it = 0; it < iters + 1; it++) {                                              \
      uint8_t k[32];                                                                       \
      rand_scalar(k);                                                                      \
      if (it == 0) memset(k, 0, 32); /* infinity */                                        \
      zka_##G##_affine_mul_var(&p, &g, k);                                                 \
      CHECK(zka_##G##_to_json(buf, sizeof buf, &p) == ZKA_OK, #G " to_json");              \
      CHECK(zka_##G##_from_json(&q, buf, strlen(buf), ctx) == ZKA_OK, #G " from_json %s: %s", \
            buf, zka_ctx_last_error(ctx));                                                 \
      CHECK(zka_##G##_affine_eq(&p, &q), #G " JSON round trip");                           \
      CHECK(zka_##G##_to_json(buf, strlen(buf), &p) == ZKA_ERR_INVALID_ARGUMENT,           \
            #G " to_json cap too small");                                                  \
    }                                                                                      \
    printf("  " #G ": %ld random points + infinity: to_json -> from_json round trip\n", iters); \
  }
JSON_ROUND_TRIP(bn254_g1)
JSON_ROUND_TRIP(bn254_g2)
JSON_ROUND_TRIP(bls12_381_g1)
JSON_ROUND_TRIP(bls12_381_g2)

static void test_json_formats(void) {
  char buf[ZKA_POINT_JSON_MAX];
  zka_bn254_g1_affine g1, p1;
  zka_bn254_g2_affine g2, p2;
  zka_bn254_g1_generator(&g1);
  zka_bn254_g2_generator(&g2);
  CHECK(zka_bn254_g1_to_json(buf, sizeof buf, &g1) == ZKA_OK && strcmp(buf, "[\"1\",\"2\",\"1\"]") == 0,
        "bn254 G1 generator JSON: %s", buf);
  static const char *g2_json =
      "[[\"10857046999023057135944570762232829481370756359578518086990519993285655852781\","
      "\"11559732032986387107991004021392285783925812861821192530917403151452391805634\"],"
      "[\"8495653923123431417604973247489272438418190587263600148770280649306958101930\","
      "\"4082367875863433681332203403145435568316851327593401208105741076214120093531\"],"
      "[\"1\",\"0\"]]";
  CHECK(zka_bn254_g2_to_json(buf, sizeof buf, &g2) == ZKA_OK && strcmp(buf, g2_json) == 0,
        "bn254 G2 generator JSON: %s", buf);
  memset(&p1, 0, sizeof p1);
  memset(&p2, 0, sizeof p2);
  CHECK(zka_bn254_g1_to_json(buf, sizeof buf, &p1) == ZKA_OK && strcmp(buf, "[\"0\",\"1\",\"0\"]") == 0,
        "G1 infinity JSON: %s", buf);
  CHECK(zka_bn254_g2_to_json(buf, sizeof buf, &p2) == ZKA_OK &&
            strcmp(buf, "[[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]") == 0,
        "G2 infinity JSON: %s", buf);
  /* snarkjs proof.json layout (JSON.stringify(.., null, 1)): newlines, one-space indent */
  static const char *pretty_g1 = " [\n  \"1\",\n  \"2\",\n  \"1\"\n ]\n";
  CHECK(zka_bn254_g1_from_json(&p1, pretty_g1, strlen(pretty_g1), ctx) == ZKA_OK &&
            zka_bn254_g1_affine_eq(&p1, &g1), "pretty-printed G1: %s", zka_ctx_last_error(ctx));
  static const char *pretty_g2 =
      "[\n  [\n   \"10857046999023057135944570762232829481370756359578518086990519993285655852781\",\n"
      "   \"11559732032986387107991004021392285783925812861821192530917403151452391805634\"\n  ],\n"
      "  [\n   \"8495653923123431417604973247489272438418190587263600148770280649306958101930\",\n"
      "   \"4082367875863433681332203403145435568316851327593401208105741076214120093531\"\n  ],\n"
      "  [\n   \"1\",\n   \"0\"\n  ]\n ]";
  CHECK(zka_bn254_g2_from_json(&p2, pretty_g2, strlen(pretty_g2), ctx) == ZKA_OK &&
            zka_bn254_g2_affine_eq(&p2, &g2), "pretty-printed G2: %s", zka_ctx_last_error(ctx));
  /* infinity as snarkjs writes it */
  CHECK(zka_bn254_g1_from_json(&p1, "[\"0\",\"1\",\"0\"]", 13, ctx) == ZKA_OK &&
            zka_bn254_g1_is_infinity(&p1), "G1 infinity parse");
  static const char *inf2 = "[[\"0\",\"0\"],[\"1\",\"0\"],[\"0\",\"0\"]]";
  CHECK(zka_bn254_g2_from_json(&p2, inf2, strlen(inf2), ctx) == ZKA_OK &&
            zka_bn254_g2_is_infinity(&p2), "G2 infinity parse");
  /* len is honoured: trailing bytes past len are ignored */
  CHECK(zka_bn254_g1_from_json(&p1, "[\"1\",\"2\",\"1\"]garbage", 13, ctx) == ZKA_OK,
        "len bounds the input");
  printf("  exact formats: G1 [\"1\",\"2\",\"1\"], G2 generator (EIP-197 decimals), infinities; "
         "snarkjs pretty-printed input accepted\n");
}

static void test_json_rejects(void) {
  zka_bn254_g1_affine p1, keep;
  zka_bn254_g2_affine p2;
  zka_bls12_381_g1_affine b1;
  zka_bls12_381_g2_affine b2;
  memset(&keep, 0x5a, sizeof keep);
  p1 = keep;
  const char *s;
#define REJ1(str, want, label)                                                             \
  do {                                                                                     \
    s = (str);                                                                             \
    EXPECT_REJECT(zka_bn254_g1_from_json(&p1, s, strlen(s), ctx), want, label);            \
    CHECK(memcmp(&p1, &keep, sizeof keep) == 0, "%s: out written on failure", label);      \
  } while (0)
  REJ1("[\"1\",\"2x\",\"1\"]", ZKA_ERR_BAD_ENCODING, "G1 bad digit in y");
  REJ1("[\"1\",\"\",\"1\"]", ZKA_ERR_BAD_ENCODING, "G1 empty y");
  REJ1("[\"21888242871839275222246405745257275088696311157297823662689037894645226208583\",\"2\",\"1\"]",
       ZKA_ERR_OUT_OF_RANGE, "G1 x = p");
  REJ1("[\"1\",\"3\",\"1\"]", ZKA_ERR_NOT_ON_CURVE, "G1 (1, 3) off the curve");
  REJ1("[\"0\",\"0\",\"1\"]", ZKA_ERR_NOT_ON_CURVE, "G1 (0, 0) with z = 1");
  REJ1("[\"1\",\"2\",\"2\"]", ZKA_ERR_BAD_ENCODING, "G1 z = 2");
  REJ1("[\"1\",\"2\"]", ZKA_ERR_BAD_ENCODING, "G1 two coordinates");
  REJ1("[\"1\",\"2\",\"1\",\"0\"]", ZKA_ERR_BAD_ENCODING, "G1 four coordinates");
  REJ1("[\"1\",\"2\",\"1\"", ZKA_ERR_BAD_ENCODING, "G1 missing ]");
  REJ1("[\"1\",\"2\",\"1\"] x", ZKA_ERR_BAD_ENCODING, "G1 trailing garbage");
  REJ1("[\"1\",\"2\",\"1", ZKA_ERR_BAD_ENCODING, "G1 unterminated string");
  REJ1("[1,2,1]", ZKA_ERR_BAD_ENCODING, "G1 unquoted numbers");
  REJ1("[\"1\",\"\\u0032\",\"1\"]", ZKA_ERR_BAD_ENCODING, "G1 escape");
  REJ1("", ZKA_ERR_BAD_ENCODING, "G1 empty input");
  REJ1("[[\"1\",\"0\"],[\"2\",\"0\"],[\"1\",\"0\"]]", ZKA_ERR_BAD_ENCODING, "G2 JSON to the G1 parser");
  s = "[\"1\",\"2\",\"1\"]";
  EXPECT_REJECT(zka_bn254_g2_from_json(&p2, s, strlen(s), ctx), ZKA_ERR_BAD_ENCODING,
                "G1 JSON to the G2 parser");
  s = "[[\"1\",\"0\"],[\"2\",\"0\"],[\"1\",\"1\"]]";
  EXPECT_REJECT(zka_bn254_g2_from_json(&p2, s, strlen(s), ctx), ZKA_ERR_BAD_ENCODING, "G2 z = 1 + u");
  s = "[[\"1\",\"0\"],[\"2\",\"0\"],[\"1\",\"0\"]]";
  EXPECT_REJECT(zka_bn254_g2_from_json(&p2, s, strlen(s), ctx), ZKA_ERR_NOT_ON_CURVE,
                "G2 (1, 2) off the twist");
  /* BN254 G2: a twist point outside the subgroup, found by trying x = 1, 2, ... */
  {
    char buf[ZKA_POINT_JSON_MAX];
    zka_bn254_g2_affine q;
    for (uint64_t xv = 1;; xv++) {
      zka_bn254_fq2 x = {zka_bn254_fq_zero_h(), zka_bn254_fq_zero_h()}, y;
      zka_bn254_fq_from_u64(&x.c0, xv);
      zka_bn254_fq2 rhs = zka_bn254_fq2_add_h(zka_bn254_fq2_mul_h(zka_bn254_fq2_sqr_h(x), x),
                                              zka_bn254_g2_curve_b_h());
      if (zka_bn254_fq2_sqrt_h(rhs, &y)) {
        q.x = x;
        q.y = y;
        break;
      }
    }
    CHECK(zka_bn254_g2_is_on_curve(&q) && !zka_bn254_g2_in_subgroup(&q), "twist point off G2");
    CHECK(zka_bn254_g2_to_json(buf, sizeof buf, &q) == ZKA_OK, "to_json");
    EXPECT_REJECT(zka_bn254_g2_from_json(&p2, buf, strlen(buf), ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "BN254 G2 point outside the subgroup");
  }
  /* BLS12-381 G1 / G2: curve points outside the subgroup */
  {
    char buf[ZKA_POINT_JSON_MAX];
    zka_bls12_381_g1_affine q;
    for (uint64_t xv = 1;; xv++) {
      zka_bls12_381_fq_from_u64(&q.x, xv);
      zka_bls12_381_fq rhs = zka_bls12_381_fq_add_h(
          zka_bls12_381_fq_mul_h(zka_bls12_381_fq_sqr_h(q.x), q.x), zka_bls12_381_g1_curve_b_h());
      if (zka_bls12_381_fq_sqrt_h(rhs, &q.y)) break;
    }
    CHECK(zka_bls12_381_g1_is_on_curve(&q) && !zka_bls12_381_g1_in_subgroup(&q), "off G1");
    CHECK(zka_bls12_381_g1_to_json(buf, sizeof buf, &q) == ZKA_OK, "to_json");
    EXPECT_REJECT(zka_bls12_381_g1_from_json(&b1, buf, strlen(buf), ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "BLS12-381 G1 point outside the subgroup");
    zka_bls12_381_g2_affine q2;
    for (uint64_t xv = 1;; xv++) {
      q2.x.c0 = zka_bls12_381_fq_zero_h();
      zka_bls12_381_fq_from_u64(&q2.x.c1, xv);
      zka_bls12_381_fq2 rhs =
          zka_bls12_381_fq2_add_h(zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_sqr_h(q2.x), q2.x),
                                  zka_bls12_381_g2_curve_b_h());
      if (zka_bls12_381_fq2_sqrt_h(rhs, &q2.y)) break;
    }
    CHECK(zka_bls12_381_g2_is_on_curve(&q2) && !zka_bls12_381_g2_in_subgroup(&q2), "off G2");
    CHECK(zka_bls12_381_g2_to_json(buf, sizeof buf, &q2) == ZKA_OK, "to_json");
    EXPECT_REJECT(zka_bls12_381_g2_from_json(&b2, buf, strlen(buf), ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "BLS12-381 G2 point outside the subgroup");
  }
  s = "[\"4002409555221667393417789825735904156556882819939007885332058136124031650490837864442687629129015664037894272559787\",\"1\",\"1\"]";
  EXPECT_REJECT(zka_bls12_381_g1_from_json(&b1, s, strlen(s), ctx), ZKA_ERR_OUT_OF_RANGE,
                "BLS12-381 G1 x = p");
#undef REJ1
}

/* ---- ZCash -------------------------------------------------------------------------------- */

static void test_zcash_round_trip(long iters) {
  zka_bls12_381_g1_affine g1, p1, d1;
  zka_bls12_381_g2_affine g2, p2, d2;
  zka_bls12_381_g1_generator(&g1);
  zka_bls12_381_g2_generator(&g2);
  int sorted1 = 0, sorted2 = 0;
  for (long it = 0; it < iters + 1; it++) {
    uint8_t k[32], c1[48], u1[96], c2[96], u2[192];
    rand_scalar(k);
    if (it == 0) memset(k, 0, 32);
    zka_bls12_381_g1_affine_mul_var(&p1, &g1, k);
    zka_bls12_381_g2_affine_mul_var(&p2, &g2, k);
    zka_bls12_381_g1_serialize_compressed(c1, &p1);
    zka_bls12_381_g1_serialize_uncompressed(u1, &p1);
    zka_bls12_381_g2_serialize_compressed(c2, &p2);
    zka_bls12_381_g2_serialize_uncompressed(u2, &p2);
    sorted1 += (c1[0] & 0x20) != 0;
    sorted2 += (c2[0] & 0x20) != 0;
    CHECK(zka_bls12_381_g1_deserialize_compressed(&d1, c1, ctx) == ZKA_OK &&
              zka_bls12_381_g1_affine_eq(&d1, &p1), "G1 compressed round trip: %s",
          zka_ctx_last_error(ctx));
    CHECK(zka_bls12_381_g1_deserialize_uncompressed(&d1, u1, ctx) == ZKA_OK &&
              zka_bls12_381_g1_affine_eq(&d1, &p1), "G1 uncompressed round trip");
    CHECK(zka_bls12_381_g2_deserialize_compressed(&d2, c2, ctx) == ZKA_OK &&
              zka_bls12_381_g2_affine_eq(&d2, &p2), "G2 compressed round trip: %s",
          zka_ctx_last_error(ctx));
    CHECK(zka_bls12_381_g2_deserialize_uncompressed(&d2, u2, ctx) == ZKA_OK &&
              zka_bls12_381_g2_affine_eq(&d2, &p2), "G2 uncompressed round trip");
    if (it > 0) {
      /* compressed x = uncompressed x with the compression (and sort) flag */
      CHECK(memcmp(c1 + 1, u1 + 1, 47) == 0 && (c1[0] & 0x1f) == u1[0], "G1 x bytes");
      CHECK(memcmp(c2 + 1, u2 + 1, 95) == 0 && (c2[0] & 0x1f) == u2[0], "G2 x bytes");
    }
  }
  CHECK(sorted1 > 0 && sorted1 < iters, "G1 sort flag takes both values (%d of %ld)", sorted1, iters);
  CHECK(sorted2 > 0 && sorted2 < iters, "G2 sort flag takes both values (%d of %ld)", sorted2, iters);
  printf("  %ld random points + infinity: G1/G2 compressed and uncompressed round trips "
         "(sort flag set in %d / %d)\n", iters, sorted1, sorted2);
}

static void test_zcash_rejects(void) {
  zka_bls12_381_g1_affine g1, d1;
  zka_bls12_381_g2_affine g2, d2;
  zka_bls12_381_g1_generator(&g1);
  zka_bls12_381_g2_generator(&g2);
  uint8_t c1[48], u1[96], c2[96], u2[192], t[192];
  zka_bls12_381_g1_serialize_compressed(c1, &g1);
  zka_bls12_381_g1_serialize_uncompressed(u1, &g1);
  zka_bls12_381_g2_serialize_compressed(c2, &g2);
  zka_bls12_381_g2_serialize_uncompressed(u2, &g2);

  /* flags */
  memcpy(t, c1, 48);
  t[0] &= 0x7f;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 compressed without the compression flag");
  memcpy(t, u1, 96);
  t[0] |= 0x80;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 uncompressed with the compression flag");
  memcpy(t, u1, 96);
  t[0] |= 0x20;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 uncompressed with the sort flag");
  memset(t, 0, 96);
  t[0] = 0xe0;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 infinity with the sort flag");
  memset(t, 0, 96);
  t[0] = 0xc0;
  t[47] = 1;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 infinity with nonzero x");
  memset(t, 0, 96);
  t[0] = 0x40;
  t[95] = 1;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 uncompressed infinity with nonzero y");
  memset(t, 0, 96);
  t[0] = 0xc1;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G1 infinity with low bits of byte 0 set");
  memset(t, 0, 96);
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_NOT_ON_CURVE,
                "G1 uncompressed (0, 0) without the infinity flag");
  memset(t, 0, 96);
  t[0] = 0x40;
  CHECK(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx) == ZKA_OK &&
            zka_bls12_381_g1_is_infinity(&d1), "G1 uncompressed infinity accepted");
  /* x >= p: p itself (its top 3 bits are clear) */
  static const char *p_hex =
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab";
  uint8_t pb[48];
  for (int i = 0; i < 48; i++) {
    unsigned v;
    sscanf(p_hex + 2 * i, "%2x", &v);
    pb[i] = (uint8_t)v;
  }
  memcpy(t, pb, 48);
  t[0] |= 0x80;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_OUT_OF_RANGE,
                "G1 compressed x = p");
  memcpy(t, u1, 96);
  memcpy(t + 48, pb, 48);
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_OUT_OF_RANGE,
                "G1 uncompressed y = p");
  /* an x with no y, and an uncompressed point off the curve */
  {
    zka_bls12_381_fq x, y;
    uint64_t xv = 1;
    for (;; xv++) {
      zka_bls12_381_fq_from_u64(&x, xv);
      zka_bls12_381_fq rhs = zka_bls12_381_fq_add_h(
          zka_bls12_381_fq_mul_h(zka_bls12_381_fq_sqr_h(x), x), zka_bls12_381_g1_curve_b_h());
      if (!zka_bls12_381_fq_sqrt_h(rhs, &y)) break;
    }
    memset(t, 0, 48);
    t[47] = (uint8_t)xv;
    t[0] |= 0x80;
    EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_NOT_ON_CURVE,
                  "G1 compressed x with no curve point");
  }
  memcpy(t, u1, 96);
  t[95] ^= 1;
  EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_NOT_ON_CURVE,
                "G1 uncompressed y changed");
  /* on the curve, outside G1: the first x = 1, 2, ... with x^3 + 4 a square */
  {
    zka_bls12_381_g1_affine q;
    for (uint64_t xv = 1;; xv++) {
      zka_bls12_381_fq_from_u64(&q.x, xv);
      zka_bls12_381_fq rhs = zka_bls12_381_fq_add_h(
          zka_bls12_381_fq_mul_h(zka_bls12_381_fq_sqr_h(q.x), q.x), zka_bls12_381_g1_curve_b_h());
      if (zka_bls12_381_fq_sqrt_h(rhs, &q.y)) break;
    }
    zka_bls12_381_g1_serialize_compressed(t, &q);
    EXPECT_REJECT(zka_bls12_381_g1_deserialize_compressed(&d1, t, ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "G1 compressed point outside the subgroup");
    zka_bls12_381_g1_serialize_uncompressed(t, &q);
    EXPECT_REJECT(zka_bls12_381_g1_deserialize_uncompressed(&d1, t, ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "G1 uncompressed point outside the subgroup");
  }

  /* G2 */
  memcpy(t, c2, 96);
  t[0] &= 0x7f;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 compressed without the compression flag");
  memcpy(t, u2, 192);
  t[0] |= 0x80;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 uncompressed with the compression flag");
  memcpy(t, u2, 192);
  t[0] |= 0x20;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 uncompressed with the sort flag");
  memset(t, 0, 192);
  t[0] = 0xe0;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 infinity with the sort flag");
  memset(t, 0, 192);
  t[0] = 0xc0;
  t[95] = 1;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 infinity with nonzero x.c0");
  memset(t, 0, 192);
  t[0] = 0x40;
  t[150] = 1;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_BAD_ENCODING,
                "G2 uncompressed infinity with nonzero y");
  memcpy(t, c2, 96);
  memcpy(t + 48, pb, 48);
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_OUT_OF_RANGE,
                "G2 compressed x.c0 = p");
  memcpy(t, pb, 48);
  t[0] |= 0x80;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_OUT_OF_RANGE,
                "G2 compressed x.c1 = p");
  memcpy(t, u2, 192);
  memcpy(t + 144, pb, 48);
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_OUT_OF_RANGE,
                "G2 uncompressed y.c0 = p");
  memcpy(t, u2, 192);
  t[191] ^= 1;
  EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_NOT_ON_CURVE,
                "G2 uncompressed y changed");
  /* swapping c0 and c1 of x gives a different x: either not on the twist or a different
   * point; the decoder must not return the generator */
  memcpy(t, u2 + 48, 48);
  memcpy(t + 48, u2, 48);
  t[0] |= 0x80;
  {
    zka_status st = zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx);
    CHECK(st != ZKA_OK || !zka_bls12_381_g2_affine_eq(&d2, &g2), "G2 c1/c0 order matters");
  }
  {
    zka_bls12_381_fq2 x, y;
    uint64_t xv = 1;
    for (;; xv++) {
      x.c0 = zka_bls12_381_fq_zero_h();
      zka_bls12_381_fq_from_u64(&x.c1, xv);
      zka_bls12_381_fq2 rhs = zka_bls12_381_fq2_add_h(
          zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_sqr_h(x), x), zka_bls12_381_g2_curve_b_h());
      if (!zka_bls12_381_fq2_sqrt_h(rhs, &y)) break;
    }
    memset(t, 0, 96);
    t[47] = (uint8_t)xv; /* x.c1 */
    t[0] |= 0x80;
    EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_NOT_ON_CURVE,
                  "G2 compressed x with no twist point");
  }
  {
    zka_bls12_381_g2_affine q;
    for (uint64_t xv = 1;; xv++) {
      q.x.c0 = zka_bls12_381_fq_zero_h();
      zka_bls12_381_fq_from_u64(&q.x.c1, xv);
      zka_bls12_381_fq2 rhs = zka_bls12_381_fq2_add_h(
          zka_bls12_381_fq2_mul_h(zka_bls12_381_fq2_sqr_h(q.x), q.x), zka_bls12_381_g2_curve_b_h());
      if (zka_bls12_381_fq2_sqrt_h(rhs, &q.y)) break;
    }
    zka_bls12_381_g2_serialize_compressed(t, &q);
    EXPECT_REJECT(zka_bls12_381_g2_deserialize_compressed(&d2, t, ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "G2 compressed point outside the subgroup");
    zka_bls12_381_g2_serialize_uncompressed(t, &q);
    EXPECT_REJECT(zka_bls12_381_g2_deserialize_uncompressed(&d2, t, ctx), ZKA_ERR_NOT_IN_SUBGROUP,
                  "G2 uncompressed point outside the subgroup");
  }
}

/* ---- Fq2 square roots --------------------------------------------------------------------- */

#define FQ2_SQRT_TEST(F, F2, LIMBS, TOPBITS)                                                \
  static F F##_rand(void) {                                                                 \
    for (;;) {                                                                              \
      F x;                                                                                  \
      for (int i = 0; i < LIMBS; i++) x.l[i] = zka_test_next(&rng);                         \
      x.l[LIMBS - 1] &= (UINT64_C(1) << (TOPBITS)) - 1;                                     \
      if (F##_is_canonical_h(x)) return F##_to_mont_h(x);                                   \
    }                                                                                       \
  }                                                                                         \
  static void test_sqrt_##F2(long iters) {                                                  \
    int roots = 0, nonroots = 0;                                                            \
    for (long it = 0; it < iters; it++) {                                                   \
      F2 b = {F##_rand(), F##_rand()}, a = F2##_sqr_h(b), s;                                \
      CHECK(F2##_sqrt(&s, &a) == ZKA_OK, #F2 " sqrt of a square");                          \
      CHECK(F2##_eq_h(F2##_sqr_h(s), a), #F2 " sqrt^2 = a");                                \
      CHECK(F2##_eq_h(s, b) || F2##_eq_h(s, F2##_neg_h(b)), #F2 " sqrt = +-b");             \
      /* a random element: a square iff its norm is a square in Fq */                       \
      F2 c = {F##_rand(), F##_rand()};                                                      \
      int is_sq = F##_legendre_h(F2##_norm_h(c)) >= 0;                                      \
      zka_status st = F2##_sqrt(&s, &c);                                                    \
      CHECK((st == ZKA_OK) == is_sq, #F2 " sqrt succeeds iff the norm is a square");        \
      if (st == ZKA_OK) CHECK(F2##_eq_h(F2##_sqr_h(s), c), #F2 " sqrt^2 = c");              \
      else CHECK(st == ZKA_ERR_NO_SQUARE_ROOT, #F2 " status");                              \
      roots += st == ZKA_OK;                                                                \
      nonroots += st != ZKA_OK;                                                             \
      /* base-field elements: every one is a square in Fq2; non-residues of Fq take the    \
       * alpha = -1 branch */                                                               \
      F2 d = {F##_rand(), F##_zero_h()};                                                    \
      CHECK(F2##_sqrt(&s, &d) == ZKA_OK && F2##_eq_h(F2##_sqr_h(s), d), #F2 " sqrt of Fq"); \
    }                                                                                       \
    F2 z = F2##_zero_h(), m1 = F2##_neg_h(F2##_one_h()), s;                                 \
    CHECK(F2##_sqrt(&s, &z) == ZKA_OK && F2##_is_zero_h(s), #F2 " sqrt(0) = 0");            \
    CHECK(F2##_sqrt(&s, &m1) == ZKA_OK && F2##_eq_h(F2##_sqr_h(s), m1), #F2 " sqrt(-1) = +-u"); \
    CHECK(F##_is_zero_h(s.c0), #F2 " sqrt(-1) = +-u");                                      \
    printf("  " #F2 ": %ld squares, %ld random (%d squares, %d not), %ld base-field elements, " \
           "0 and -1\n", iters, iters, roots, nonroots, iters);                             \
  }
FQ2_SQRT_TEST(zka_bn254_fq, zka_bn254_fq2, 4, 62)
FQ2_SQRT_TEST(zka_bls12_381_fq, zka_bls12_381_fq2, 6, 61)

int main(void) {
  zka_test_rng_init(&rng);
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  printf("decimal strings\n");
  test_decimal_bn254_fq(zka_test_iters(2000));
  test_decimal_bn254_fr(zka_test_iters(2000));
  test_decimal_bls12_381_fq(zka_test_iters(2000));
  test_decimal_bls12_381_fr(zka_test_iters(2000));
  printf("snarkjs JSON points\n");
  test_json_round_trip_bn254_g1(zka_test_iters(30));
  test_json_round_trip_bn254_g2(zka_test_iters(30));
  test_json_round_trip_bls12_381_g1(zka_test_iters(30));
  test_json_round_trip_bls12_381_g2(zka_test_iters(30));
  test_json_formats();
  test_json_rejects();
  printf("Fq2 square roots\n");
  test_sqrt_zka_bn254_fq2(zka_test_iters(100));
  test_sqrt_zka_bls12_381_fq2(zka_test_iters(100));
  printf("ZCash BLS12-381 encodings\n");
  test_zcash_round_trip(40); /* fixed: the sort-flag check needs enough samples */
  test_zcash_rejects();
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_curve_encoding");
}
