/* Known-answer tests for the four groups, from published vectors:
 *
 *  - BN254 G1 addition and scalar multiplication: the Ethereum precompile vectors for
 *    ECADD (0x06) and ECMUL (0x07) of EIP-196, as go-ethereum carries them in
 *    core/vm/testdata/precompiles/bn256Add.json and bn256ScalarMul.json (names kept:
 *    chfast*, cdetrio*).  Input x || y || scalar (32-byte big-endian each), output x || y;
 *    (0, 0) is infinity.
 *  - BLS12-381 G1/G2 scalar multiplication: the EIP-2537 vectors in go-ethereum's
 *    core/vm/testdata/precompiles/blsG1Mul.json and blsG2Mul.json (matter_g1_mul_0,
 *    bls_g2mul_(17*g2), matter_g2_mul_0).  Coordinates there are 64-byte big-endian (16
 *    zero bytes of padding), G2 as x.c0 || x.c1 || y.c0 || y.c1; the scalar is 32 bytes
 *    big-endian.
 *  - ZCash encodings of the BLS12-381 generators: compressed G1 97f1d3a7…c6bb and G2
 *    93e02b60…21bdb8 (zkcrypto/bls12_381; the same bytes CosmWasm's BLS12_381_G1_GENERATOR
 *    / BLS12_381_G2_GENERATOR constants hold), and the infinity encodings c0 00… / 40 00….
 *  - BN254 G2 generator: EIP-197's decimal coordinates (also checked by the generator of
 *    core/params/bn254_curve.h).
 */
#include "core/curve/curves_host.h"
#include "test_util.h"
#include "zkaccel/curve.h"

static void hex_to_bytes(uint8_t *out, size_t n, const char *hex) {
  size_t len = strlen(hex);
  if (len != 2 * n) {
    fprintf(stderr, "bad vector length %zu (want %zu)\n", len, 2 * n);
    exit(2);
  }
  for (size_t i = 0; i < n; i++) {
    unsigned v;
    sscanf(hex + 2 * i, "%2x", &v);
    out[i] = (uint8_t)v;
  }
}

static void reverse32(uint8_t out[32], const uint8_t in[32]) {
  for (int i = 0; i < 32; i++) out[i] = in[31 - i];
}

/* ---- BN254 G1: EIP-196 precompile vectors ------------------------------------------------ */

static int bn_g1_from_be(zka_bn254_g1_affine *p, const uint8_t in[64]) {
  if (zka_bn254_fq_from_bytes_be(&p->x, in) != ZKA_OK) return 0;
  if (zka_bn254_fq_from_bytes_be(&p->y, in + 32) != ZKA_OK) return 0;
  return zka_bn254_g1_is_on_curve(p);
}

typedef struct {
  const char *name, *input, *expected;
} vec;

/* bn256ScalarMul.json */
static const vec bn_mul[] = {
    {"chfast1",
     "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb20400000000000000000000000000000000000000000000000011138ce750fa15c2",
     "070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc"},
    {"chfast2",
     "070a8d6a982153cae4be29d434e8faef8a47b274a053f5a4ee2a6c9c13c31e5c031b8ce914eba3a9ffb989f9cdd5b0f01943074bf4f0f315690ec3cec6981afc30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd46",
     "025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e"},
    {"chfast3",
     "025a6f4181d2b4ea8b724290ffb40156eb0adb514c688556eb79cdea0752c2bb2eff3f31dea215f1eb86023a133a996eb6300b44da664d64251d05381bb8a02e183227397098d014dc2822db40c0ac2ecbc0b548b438e5469e10460b6c3e7ea3",
     "14789d0d4a730b354403b5fac948113739e276c23e0258d8596ee72f9cd9d3230af18a63153e0ec25ff9f2951dd3fa90ed0197bfef6e2a1a62b5095b9d2b4a27"},
    {"cdetrio1 (k = 2^256 - 1)",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f6ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "2cde5879ba6f13c0b5aa4ef627f159a3347df9722efce88a9afbb20b763b4c411aa7e43076f6aee272755a7f9b84832e71559ba0d2e0b17d5f9f01755e5b0d11"},
    {"cdetrio2 (k = r - 1)",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f630644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe3163511ddc1c3f25d396745388200081287b3fd1472d8339d5fecb2eae0830451"},
    {"cdetrio3 (k = 2^128)",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000100000000000000000000000000000000",
     "1051acb0700ec6d42a88215852d582efbaef31529b6fcbc3277b5c1b300f5cf0135b2394bb45ab04b8bd7611bd2dfe1de6a4e6e2ccea1ea1955f577cd66af85b"},
    {"cdetrio4 (k = 9)",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000000000000000000000000000000000009",
     "1dbad7d39dbc56379f78fac1bca147dc8e66de1b9d183c7b167351bfe0aeab742cd757d51289cd8dbd0acf9e673ad67d0f0a89f912af47ed1be53664f5692575"},
    {"cdetrio5 (k = 1)",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f60000000000000000000000000000000000000000000000000000000000000001",
     "1a87b0584ce92f4593d161480614f2989035225609f08058ccfa3d0f940febe31a2f3c951f6dadcc7ee9007dff81504b0fcd6d7cf59996efdc33d92bf7f9f8f6"},
    {"cdetrio6 (k = 2^256 - 1)",
     "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7cffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "29e587aadd7c06722aabba753017c093f70ba7eb1f1c0104ec0564e7e3e21f6022b1143f6a41008e7755c71c3d00b6b915d386de21783ef590486d8afa8453b1"},
    {"cdetrio11 (k = 2^256 - 1)",
     "039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
     "00a1a234d08efaa2616607e31eca1980128b00b415c845ff25bba3afcb81dc00242077290ed33906aeb8e42fd98c41bcb9057ba03421af3f2d08cfc441186024"},
    {"cdetrio14 (k = 9)",
     "039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d980000000000000000000000000000000000000000000000000000000000000009",
     "19f75b9dd68c080a688774a6213f131e3052bd353a304a189d7a2ee367e3c2582612f545fb9fc89fde80fd81c68fc7dcb27fea5fc124eeda69433cf5c46d2d7f"},
};

/* bn256Add.json */
static const vec bn_add[] = {
    {"chfast1",
     "18b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f3726607c2b7f58a84bd6145f00c9c2bc0bb1a187f20ff2c92963a88019e7c6a014eed06614e20c147e940f2d70da3f74c9a17df361706a4485c742bd6788478fa17d7",
     "2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c915"},
    {"chfast2",
     "2243525c5efd4b9c3d3c45ac0ca3fe4dd85e830a4ce6b65fa1eeaee202839703301d1d33be6da8e509df21cc35964723180eed7532537db9ae5e7d48f195c91518b18acfb4c2c30276db5411368e7185b311dd124691610c5d3b74034e093dc9063c909c4720840cb5134cb9f59fa749755796819658d32efc0d288198f37266",
     "2bd3e6d0f3b142924f5ca7b49ce5b9d54c4703d7ae5648e61d02268b1a0a9fb721611ce0a6af85915e2f1d70300909ce2e49dfad4a4619c8390cae66cefdb204"},
    {"cdetrio1 (O + O)",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
    {"cdetrio6 (O + G)",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
     "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002",
     "00000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002"},
    {"cdetrio11 (G + G)",
     "0000000000000000000000000000000000000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000010000000000000000000000000000000000000000000000000000000000000002",
     "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd315ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4"},
    {"cdetrio13",
     "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c039730ea8dff1254c0fee9c0ea777d29a9c710b7e616683f194f18c43b43b869073a5ffcc6fc7a28c30723d6e58ce577356982d65b833a5a5c15bf9024b43d98",
     "15bf2bb17880144b5d1cd2b1f46eff9d617bffd1ca57c37fb5a49bd84e53cf66049c797f9ce0d17083deb32b5e36f2ea2a212ee036598dd7624c168993d1355f"},
    {"cdetrio14 (P + (-P))",
     "17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa901e0559bacb160664764a357af8a9fe70baa9258e0b959273ffc5718c6d4cc7c17c139df0efee0f766bc0204762b774362e4ded88953a39ce849a8a7fa163fa92e83f8d734803fc370eba25ed1f6b8768bd6d83887b87165fc2434fe11a830cb",
     "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"},
};

static int bn_point_or_inf(zka_bn254_g1_affine *p, const uint8_t in[64]) {
  int zero = 1;
  for (int i = 0; i < 64; i++) zero &= in[i] == 0;
  if (zero) {
    memset(p, 0, sizeof *p);
    return 1;
  }
  return bn_g1_from_be(p, in);
}

static void test_bn254_g1(void) {
  for (size_t v = 0; v < sizeof bn_mul / sizeof bn_mul[0]; v++) {
    uint8_t in[96], want[64], kle[32], got[64];
    hex_to_bytes(in, 96, bn_mul[v].input);
    hex_to_bytes(want, 64, bn_mul[v].expected);
    zka_bn254_g1_affine p, r;
    CHECK(bn_g1_from_be(&p, in), "bn254 ECMUL %s: input point valid", bn_mul[v].name);
    reverse32(kle, in + 64);
    zka_bn254_g1_affine_mul_var(&r, &p, kle);
    zka_bn254_fq_to_bytes_be(got, &r.x);
    zka_bn254_fq_to_bytes_be(got + 32, &r.y);
    CHECK(memcmp(got, want, 64) == 0, "bn254 ECMUL %s", bn_mul[v].name);
  }
  printf("bn254_g1: %zu EIP-196 ECMUL vectors (bn256ScalarMul.json) match\n",
         sizeof bn_mul / sizeof bn_mul[0]);
  for (size_t v = 0; v < sizeof bn_add / sizeof bn_add[0]; v++) {
    uint8_t in[128], want[64], got[64];
    hex_to_bytes(in, 128, bn_add[v].input);
    hex_to_bytes(want, 64, bn_add[v].expected);
    zka_bn254_g1_affine a, b, r;
    CHECK(bn_point_or_inf(&a, in) && bn_point_or_inf(&b, in + 64), "bn254 ECADD %s: inputs valid",
          bn_add[v].name);
    zka_bn254_g1_jacobian aj, s, s2;
    zka_bn254_g1_affine_to_jacobian(&aj, &a);
    zka_bn254_g1_add_mixed(&s, &aj, &b);
    zka_bn254_g1_jacobian_to_affine(&r, &s);
    zka_bn254_fq_to_bytes_be(got, &r.x);
    zka_bn254_fq_to_bytes_be(got + 32, &r.y);
    CHECK(memcmp(got, want, 64) == 0, "bn254 ECADD %s (mixed)", bn_add[v].name);
    /* and through XYZZ */
    zka_bn254_g1_xyzz ax, sx;
    zka_bn254_g1_xyzz_from_affine(&ax, &a);
    zka_bn254_g1_xyzz_add_mixed(&sx, &ax, &b);
    zka_bn254_g1_xyzz_to_affine(&r, &sx);
    zka_bn254_fq_to_bytes_be(got, &r.x);
    zka_bn254_fq_to_bytes_be(got + 32, &r.y);
    CHECK(memcmp(got, want, 64) == 0, "bn254 ECADD %s (xyzz)", bn_add[v].name);
    zka_bn254_g1_jacobian bj;
    zka_bn254_g1_affine_to_jacobian(&bj, &b);
    zka_bn254_g1_add(&s2, &aj, &bj);
    CHECK(zka_bn254_g1_jacobian_eq(&s, &s2), "bn254 ECADD %s (full)", bn_add[v].name);
  }
  printf("bn254_g1: %zu EIP-196 ECADD vectors (bn256Add.json; incl. O + O, G + G, P + (-P)) "
         "match in Jacobian mixed, full and XYZZ\n", sizeof bn_add / sizeof bn_add[0]);
}

/* ---- BN254 G2 generator: EIP-197 decimals ------------------------------------------------ */

static void test_bn254_g2(void) {
  static const char *dec[4] = {
      "10857046999023057135944570762232829481370756359578518086990519993285655852781",
      "11559732032986387107991004021392285783925812861821192530917403151452391805634",
      "8495653923123431417604973247489272438418190587263600148770280649306958101930",
      "4082367875863433681332203403145435568316851327593401208105741076214120093531"};
  zka_bn254_fq c[4];
  for (int i = 0; i < 4; i++)
    CHECK(zka_bn254_fq_from_decimal(&c[i], dec[i], strlen(dec[i]), NULL) == ZKA_OK, "decimal");
  zka_bn254_g2_affine g;
  zka_bn254_g2_generator(&g);
  CHECK(zka_bn254_fq_eq(&g.x.c0, &c[0]) && zka_bn254_fq_eq(&g.x.c1, &c[1]) &&
            zka_bn254_fq_eq(&g.y.c0, &c[2]) && zka_bn254_fq_eq(&g.y.c1, &c[3]),
        "bn254 G2 generator = EIP-197");
  zka_bn254_g1_affine g1;
  zka_bn254_g1_generator(&g1);
  zka_bn254_fq one, two;
  zka_bn254_fq_from_u64(&one, 1);
  zka_bn254_fq_from_u64(&two, 2);
  CHECK(zka_bn254_fq_eq(&g1.x, &one) && zka_bn254_fq_eq(&g1.y, &two), "bn254 G1 generator = (1, 2)");
  printf("bn254: G1 generator = (1, 2) (EIP-196), G2 generator = EIP-197 decimals\n");
}

/* ---- BLS12-381: EIP-2537 scalar multiplication vectors ---------------------------------- */

static void eip2537_fq(zka_bls12_381_fq *out, const uint8_t in[64]) {
  for (int i = 0; i < 16; i++) CHECK(in[i] == 0, "EIP-2537 padding");
  CHECK(zka_bls12_381_fq_from_bytes_be(out, in + 16) == ZKA_OK, "EIP-2537 coordinate < p");
}

static void test_bls_g1_vectors(void) {
  /* blsG1Mul.json, matter_g1_mul_0 */
  static const char *in_hex =
      "0000000000000000000000000000000012196c5a43d69224d8713389285f26b98f86ee910ab3dd668e413738282003cc5b7357af9a7af54bb713d62255e80f560000000000000000000000000000000006ba8102bfbeea4416b710c73e8cce3032c31c6269c44906f8ac4f7874ce99fb17559992486528963884ce429a992feeb3c940fe79b6966489b527955de7599194a9ac69a6ff58b8d99e7b1084f0464e";
  static const char *out_hex =
      "000000000000000000000000000000000f1f230329be03ac700ba718bc43c8ee59a4b2d1e20c7de95b22df14e7867eae4658ed2f2dfed4f775d4dcedb4235cf00000000000000000000000000000000012924104fdb82fb074cfc868bdd22012694b5bae2c0141851a5d6a97d8bc6f22ecb2f6ddec18cba6483f2e73faa5b942";
  uint8_t in[160], want[128], kle[32];
  hex_to_bytes(in, 160, in_hex);
  hex_to_bytes(want, 128, out_hex);
  zka_bls12_381_g1_affine p, e, r;
  eip2537_fq(&p.x, in);
  eip2537_fq(&p.y, in + 64);
  eip2537_fq(&e.x, want);
  eip2537_fq(&e.y, want + 64);
  CHECK(zka_bls12_381_g1_in_subgroup(&p), "matter_g1_mul_0 input in G1");
  reverse32(kle, in + 128);
  zka_bls12_381_g1_affine_mul_var(&r, &p, kle);
  CHECK(zka_bls12_381_g1_affine_eq(&r, &e), "bls12_381 G1 EIP-2537 matter_g1_mul_0");
  /* the ZCash encodings of the input and the result round-trip */
  uint8_t c[48], u[96];
  zka_bls12_381_g1_affine d;
  zka_bls12_381_g1_serialize_compressed(c, &r);
  CHECK(zka_bls12_381_g1_deserialize_compressed(&d, c, NULL) == ZKA_OK &&
            zka_bls12_381_g1_affine_eq(&d, &e), "matter_g1_mul_0 result: compressed round trip");
  zka_bls12_381_g1_serialize_uncompressed(u, &r);
  CHECK(memcmp(u, want + 16, 48) == 0 && memcmp(u + 48, want + 80, 48) == 0,
        "ZCash uncompressed = the EIP-2537 coordinates without padding");
  printf("bls12_381_g1: EIP-2537 matter_g1_mul_0 (blsG1Mul.json) matches; ZCash encodings of the "
         "result agree\n");
}

static void eip2537_fq2(zka_bls12_381_fq2 *out, const uint8_t in[128]) {
  eip2537_fq(&out->c0, in);
  eip2537_fq(&out->c1, in + 64);
}

static void test_bls_g2_vectors(void) {
  /* blsG2Mul.json: bls_g2mul_(17*g2) and matter_g2_mul_0 */
  static const vec v[] = {
      {"bls_g2mul_(17*g2)",
       "00000000000000000000000000000000024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb80000000000000000000000000000000013e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e000000000000000000000000000000000ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801000000000000000000000000000000000606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be0000000000000000000000000000000000000000000000000000000000000011",
       "000000000000000000000000000000000ef786ebdcda12e142a32f091307f2fedf52f6c36beb278b0007a03ad81bf9fee3710a04928e43e541d02c9be44722e8000000000000000000000000000000000d05ceb0be53d2624a796a7a033aec59d9463c18d672c451ec4f2e679daef882cab7d8dd88789065156a1340ca9d426500000000000000000000000000000000118ed350274bc45e63eaaa4b8ddf119b3bf38418b5b9748597edfc456d9bc3e864ec7283426e840fd29fa84e7d89c934000000000000000000000000000000001594b866a28946b6d444bf0481558812769ea3222f5dfc961ca33e78e0ea62ee8ba63fd1ece9cc3e315abfa96d536944"},
      {"matter_g2_mul_0",
       "00000000000000000000000000000000039b10ccd664da6f273ea134bb55ee48f09ba585a7e2bb95b5aec610631ac49810d5d616f67ba0147e6d1be476ea220e0000000000000000000000000000000000fbcdff4e48e07d1f73ec42fe7eb026f5c30407cfd2f22bbbfe5b2a09e8a7bb4884178cb6afd1c95f80e646929d30040000000000000000000000000000000001ed3b0e71acb0adbf44643374edbf4405af87cfc0507db7e8978889c6c3afbe9754d1182e98ac3060d64994d31ef576000000000000000000000000000000001681a2bf65b83be5a2ca50430949b6e2a099977482e9405b593f34d2ed877a3f0d1bddc37d0cec4d59d7df74b2b8f2dfb3c940fe79b6966489b527955de7599194a9ac69a6ff58b8d99e7b1084f0464e",
       "0000000000000000000000000000000006334ba1e361fd94bbd98f44b75ae9ec00ecb4d3467b5528870b1a1fa9a7d04449f12af90bd4c7a1e3f29e717d6d19d3000000000000000000000000000000000bf4cc1626393956915845ea7ca43d30a59c7196fbe309f2d5ee6de7e40c191d29821dd6aae46abecf634b904de8f7490000000000000000000000000000000014aeb09e252cc74610ab956057d4ac5af95cbea8a6baba9e5062643dc037d6841044cb38b22d7dfb978fe0b58f94cc3a0000000000000000000000000000000000fdcd73452fc1ced1c06e6271410a48dea05afbe889a692905e1baab8d72418c62531aab8b74842b51016f0a9cbb93d"},
  };
  for (size_t i = 0; i < 2; i++) {
    uint8_t in[288], want[256], kle[32];
    hex_to_bytes(in, 288, v[i].input);
    hex_to_bytes(want, 256, v[i].expected);
    zka_bls12_381_g2_affine p, e, r;
    eip2537_fq2(&p.x, in);
    eip2537_fq2(&p.y, in + 128);
    eip2537_fq2(&e.x, want);
    eip2537_fq2(&e.y, want + 128);
    CHECK(zka_bls12_381_g2_in_subgroup(&p), "%s input in G2", v[i].name);
    reverse32(kle, in + 256);
    zka_bls12_381_g2_affine_mul_var(&r, &p, kle);
    CHECK(zka_bls12_381_g2_affine_eq(&r, &e), "bls12_381 G2 EIP-2537 %s", v[i].name);
    uint8_t c[96];
    zka_bls12_381_g2_affine d;
    zka_bls12_381_g2_serialize_compressed(c, &r);
    CHECK(zka_bls12_381_g2_deserialize_compressed(&d, c, NULL) == ZKA_OK &&
              zka_bls12_381_g2_affine_eq(&d, &e), "%s result: compressed round trip", v[i].name);
    if (i == 0) {
      zka_bls12_381_g2_affine g;
      zka_bls12_381_g2_generator(&g);
      CHECK(zka_bls12_381_g2_affine_eq(&g, &p), "bls12_381 G2 generator = the EIP-2537 g2");
    }
  }
  printf("bls12_381_g2: EIP-2537 bls_g2mul_(17*g2) and matter_g2_mul_0 (blsG2Mul.json) match; "
         "generator = EIP-2537 g2\n");
}

/* ---- BLS12-381: ZCash encodings of the generators --------------------------------------- */

static void test_zcash_generators(void) {
  static const char *g1c =
      "97f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb";
  static const char *g2c =
      "93e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e"
      "024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8";
  uint8_t want1[48], want2[96], got1[48], got2[96];
  hex_to_bytes(want1, 48, g1c);
  hex_to_bytes(want2, 96, g2c);
  zka_bls12_381_g1_affine g1, d1, n1;
  zka_bls12_381_g2_affine g2, d2, n2;
  zka_bls12_381_g1_generator(&g1);
  zka_bls12_381_g2_generator(&g2);
  zka_bls12_381_g1_serialize_compressed(got1, &g1);
  zka_bls12_381_g2_serialize_compressed(got2, &g2);
  CHECK(memcmp(got1, want1, 48) == 0, "ZCash compressed G1 generator");
  CHECK(memcmp(got2, want2, 96) == 0, "ZCash compressed G2 generator");
  CHECK(zka_bls12_381_g1_deserialize_compressed(&d1, want1, NULL) == ZKA_OK &&
            zka_bls12_381_g1_affine_eq(&d1, &g1), "decode compressed G1 generator");
  CHECK(zka_bls12_381_g2_deserialize_compressed(&d2, want2, NULL) == ZKA_OK &&
            zka_bls12_381_g2_affine_eq(&d2, &g2), "decode compressed G2 generator");
  /* -G differs only in the sort flag */
  zka_bls12_381_g1_affine_neg(&n1, &g1);
  zka_bls12_381_g2_affine_neg(&n2, &g2);
  zka_bls12_381_g1_serialize_compressed(got1, &n1);
  zka_bls12_381_g2_serialize_compressed(got2, &n2);
  want1[0] ^= 0x20;
  want2[0] ^= 0x20;
  CHECK(memcmp(got1, want1, 48) == 0, "ZCash compressed -G1 = G1 with the sort flag");
  CHECK(memcmp(got2, want2, 96) == 0, "ZCash compressed -G2 = G2 with the sort flag");
  /* infinity */
  zka_bls12_381_g1_affine i1 = {0};
  zka_bls12_381_g2_affine i2 = {0};
  uint8_t u1[96], u2[192];
  zka_bls12_381_g1_serialize_compressed(got1, &i1);
  zka_bls12_381_g1_serialize_uncompressed(u1, &i1);
  zka_bls12_381_g2_serialize_compressed(got2, &i2);
  zka_bls12_381_g2_serialize_uncompressed(u2, &i2);
  int ok = got1[0] == 0xc0 && u1[0] == 0x40 && got2[0] == 0xc0 && u2[0] == 0x40;
  for (int i = 1; i < 48; i++) ok &= got1[i] == 0;
  for (int i = 1; i < 96; i++) ok &= got2[i] == 0 && u1[i] == 0;
  for (int i = 1; i < 192; i++) ok &= u2[i] == 0;
  CHECK(ok, "ZCash infinity encodings c0 00.. / 40 00..");
  printf("bls12_381: ZCash compressed generators (97f1d3a7…, 93e02b60…), their negations (sort "
         "flag) and infinity encodings match\n");
}

int main(void) {
  test_bn254_g1();
  test_bn254_g2();
  test_bls_g1_vectors();
  test_bls_g2_vectors();
  test_zcash_generators();
  return zka_test_finish("test_curve_vectors");
}
