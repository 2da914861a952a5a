/* zkaccel demo — the foundation's largest finished piece, run on the CPU and explained:
 * for BN254 and BLS12-381, random scalars a, b; P = a·G1, Q = b·G2, R = (ab)·G1; then the
 * multi-pairing check e(P, Q) · e(−R, G2) = 1, and the same check with R + G1 in place of R,
 * which must fail.  Every step prints what it did and how long it took. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "host/cli/cli.h"
#include <stdlib.h>

#include "zkaccel/curve.h"
#include "zkaccel/field.h"
#include "zkaccel/field_small.h"
#include "zkaccel/hash.h"
#include "zkaccel/msm.h"
#include "zkaccel/ntt.h"
#include "zkaccel/groth16.h"
#include "zkaccel/pairing.h"
#include "zkaccel/zkvm.h"
#include "zkvm/asm.h"

static double zka_demo_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int zka_demo_os_rng(void *ctx, uint8_t *buf, size_t len) {
  (void)ctx;
  while (len) {
    ssize_t got = getrandom(buf, len, 0);
    if (got <= 0) return 1;
    buf += got;
    len -= (size_t)got;
  }
  return 0;
}

/* One curve's demo, written once for both curves: C is the curve prefix. */
#define ZKA_DEMO_CURVE(C, NAME)                                                               \
  static int zka_demo_##C(int quiet) {                                                        \
    zka_##C##_fr a, b, ab;                                                                    \
    uint8_t sa[32], sb[32], sab[32];                                                          \
    if (zka_##C##_fr_random(&a, zka_demo_os_rng, NULL) != ZKA_OK ||                           \
        zka_##C##_fr_random(&b, zka_demo_os_rng, NULL) != ZKA_OK) {                           \
      fprintf(stderr, "demo: the OS random source failed\n");                                 \
      return 1;                                                                               \
    }                                                                                         \
    zka_##C##_fr_mul(&ab, &a, &b);                                                            \
    zka_##C##_fr_to_bytes_le(sa, &a);                                                         \
    zka_##C##_fr_to_bytes_le(sb, &b);                                                         \
    zka_##C##_fr_to_bytes_le(sab, &ab);                                                       \
    zka_##C##_g1_affine g1, p, r, r_bad, ps[2];                                               \
    zka_##C##_g2_affine g2, q, qs[2];                                                         \
    zka_##C##_g1_generator(&g1);                                                              \
    zka_##C##_g2_generator(&g2);                                                              \
    double t0 = zka_demo_now();                                                               \
    zka_##C##_g1_affine_mul_var(&p, &g1, sa);                                                 \
    zka_##C##_g1_affine_mul_var(&r, &g1, sab);                                                \
    double t1 = zka_demo_now();                                                               \
    zka_##C##_g2_affine_mul_var(&q, &g2, sb);                                                 \
    double t2 = zka_demo_now();                                                               \
    int valid = zka_##C##_g1_is_on_curve(&p) && zka_##C##_g1_in_subgroup(&p) &&              \
                zka_##C##_g2_is_on_curve(&q) && zka_##C##_g2_in_subgroup(&q);                 \
    double t3 = zka_demo_now();                                                               \
    ps[0] = p;                                                                                \
    ps[1] = r;                                                                                \
    zka_##C##_fq_neg(&ps[1].y, &ps[1].y);                                                     \
    qs[0] = q;                                                                                \
    qs[1] = g2;                                                                               \
    int ok = zka_##C##_pairing_check(ps, qs, 2);                                              \
    double t4 = zka_demo_now();                                                               \
    /* negative control: R + G1 instead of R */                                               \
    zka_##C##_g1_jacobian rj, gj;                                                             \
    zka_##C##_g1_affine_to_jacobian(&rj, &r);                                                 \
    zka_##C##_g1_affine_to_jacobian(&gj, &g1);                                                \
    zka_##C##_g1_add(&rj, &rj, &gj);                                                          \
    zka_##C##_g1_jacobian_to_affine(&r_bad, &rj);                                             \
    ps[1] = r_bad;                                                                            \
    zka_##C##_fq_neg(&ps[1].y, &ps[1].y);                                                     \
    int bad_ok = zka_##C##_pairing_check(ps, qs, 2);                                          \
    if (!quiet) {                                                                             \
      printf("%s:\n", NAME);                                                                  \
      printf("  P = a·G1, R = (ab)·G1 (two G1 scalar mults, wNAF)     %8.3f ms\n",            \
             (t1 - t0) * 1e3);                                                                \
      printf("  Q = b·G2 (G2 scalar mult, wNAF)                      %8.3f ms\n",             \
             (t2 - t1) * 1e3);                                                                \
      printf("  P, Q on the curve and in the r-torsion subgroup: %-5s %8.3f ms\n",            \
             valid ? "yes" : "NO", (t3 - t2) * 1e3);                                          \
      printf("  e(P, Q) · e(-R, G2) == 1 (2-pairing product):   %-5s %8.3f ms\n",             \
             ok ? "yes" : "NO", (t4 - t3) * 1e3);                                             \
      printf("  control: with R + G1 instead of R the check %s\n",                            \
             bad_ok ? "PASSED (wrong!)" : "fails, as it must");                               \
    }                                                                                         \
    return (valid && ok && !bad_ok) ? 0 : 1;                                                  \
  }

ZKA_DEMO_CURVE(bn254, "BN254 (alt_bn128)")
ZKA_DEMO_CURVE(bls12_381, "BLS12-381")

/* NTTs through the scheduler on every selected device: batch transforms of random input,
 * forward (on a coset) then inverse; checks the round trip and that the forward output
 * equals the CPU backend's byte for byte. */
static int zka_demo_ntt_one(zka_engine *e, zka_engine *cpu, zka_field_id f, unsigned log_n, size_t batch,
                            int quiet) {
  size_t size = zka_field_id_element_size(f), count = batch << log_n, bytes = count * size;
  uint8_t *x = malloc(bytes), *y = malloc(bytes), *z = malloc(bytes);
  int rc = 1;
  zka_ctx *ctx = NULL;
  if (!x || !y || !z || zka_ctx_create(&ctx) != ZKA_OK) goto done;
  for (size_t i = 0; i < count; i++) {
    zka_status st = ZKA_ERR_INVALID_ARGUMENT;
    uint8_t *el = x + i * size;
    if (f == ZKA_FIELD_BN254_FR) st = zka_bn254_fr_random((zka_bn254_fr *)(void *)el, zka_demo_os_rng, NULL);
    if (f == ZKA_FIELD_BABYBEAR) st = zka_babybear_random((zka_babybear *)(void *)el, zka_demo_os_rng, NULL);
    if (st != ZKA_OK) goto done;
  }
  memcpy(y, x, bytes);
  memcpy(z, x, bytes);
  zka_ntt_options opt = zka_ntt_options_default();
  opt.batch = batch;
  opt.coset = 1;
  zka_job_report fwd, inv;
  if (zka_ntt(e, f, y, log_n, &opt, ctx) != ZKA_OK) goto fail;
  zka_engine_last_report(e, &fwd);
  if (zka_ntt(cpu, f, z, log_n, &opt, ctx) != ZKA_OK) goto fail;
  int same = !memcmp(y, z, bytes);
  opt.direction = ZKA_NTT_INVERSE;
  if (zka_ntt(e, f, y, log_n, &opt, ctx) != ZKA_OK) goto fail;
  zka_engine_last_report(e, &inv);
  int back = !memcmp(x, y, bytes);
  if (!quiet) {
    printf("  %zu x 2^%-2u %-9s coset NTT %8.2f ms on %s\n", batch, log_n, zka_field_id_name(f),
           fwd.seconds * 1e3, fwd.devices);
    printf("      inverse %8.2f ms; round trip %s; forward bytes %s the CPU's%s\n",
           inv.seconds * 1e3, back ? "exact" : "WRONG", same ? "equal" : "DIFFER from",
           fwd.fallbacks + inv.fallbacks ? " (with fallbacks, see stderr)" : "");
  }
  rc = same && back ? 0 : 1;
  goto done;
fail:
  fprintf(stderr, "demo: ntt failed: %s\n", zka_ctx_last_error(ctx));
done:
  zka_ctx_destroy(ctx);
  free(x);
  free(y);
  free(z);
  return rc;
}

/* An MSM through the scheduler (BN254 G1, 2^12 points P_i = (i+1)·G and random scalars),
 * checked against the CPU backend after normalization; then a Poseidon2 BabyBear Merkle
 * tree over 2^14 leaves of 8 elements, one path opened and verified, a tampered one
 * rejected. */
static int zka_demo_msm_merkle(zka_engine *e, zka_engine *cpu, int quiet) {
  size_t n = (size_t)1 << 12, leaves = (size_t)1 << 14;
  zka_bn254_g1_jacobian *jac = malloc(n * sizeof *jac);
  zka_bn254_g1_affine *pts = malloc(n * sizeof *pts), got, want;
  uint8_t *sc = malloc(32 * n);
  zka_babybear *rows = malloc(leaves * 8 * sizeof *rows);
  zka_ctx *ctx = NULL;
  int rc = 1;
  if (!jac || !pts || !sc || !rows || zka_ctx_create(&ctx) != ZKA_OK || zka_demo_os_rng(NULL, sc, 32 * n)) goto done;
  zka_bn254_g1_affine g;
  zka_bn254_g1_generator(&g);
  zka_bn254_g1_affine_to_jacobian(&jac[0], &g);
  for (size_t i = 1; i < n; i++) zka_bn254_g1_add_mixed(&jac[i], &jac[i - 1], &g);
  zka_bn254_g1_batch_normalize(pts, jac, n);
  for (size_t i = 0; i < n; i++) sc[32 * i + 31] &= 0x1f; /* below r */
  double t0 = zka_demo_now();
  if (zka_msm_affine(e, ZKA_GROUP_BN254_G1, &got, pts, sc, n, ctx) != ZKA_OK) goto fail;
  double t1 = zka_demo_now();
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  if (zka_msm_affine(cpu, ZKA_GROUP_BN254_G1, &want, pts, sc, n, ctx) != ZKA_OK) goto fail;
  int msm_ok = zka_bn254_g1_affine_eq(&got, &want);
  for (size_t i = 0; i < leaves * 8; i++) zka_babybear_from_u64(&rows[i], i * 2654435761u);
  zka_merkle_tree *t = NULL;
  double t2 = zka_demo_now();
  if (zka_merkle_build(&t, e, ZKA_HASH_POSEIDON2_BABYBEAR_16, rows, 8, leaves, NULL, ctx) != ZKA_OK) goto fail;
  double t3 = zka_demo_now();
  zka_job_report mrep;
  zka_engine_last_report(e, &mrep);
  uint8_t root[32], path[32 * 14];
  zka_merkle_root(t, root);
  size_t leaf = leaves / 3;
  int path_ok = zka_merkle_open(t, leaf, path, ctx) == ZKA_OK &&
                zka_merkle_verify(ZKA_HASH_POSEIDON2_BABYBEAR_16, root, rows + 8 * leaf, 8, leaf, leaves, path, ctx) == ZKA_OK;
  path[0] ^= 1;
  int tamper_rejected = zka_merkle_verify(ZKA_HASH_POSEIDON2_BABYBEAR_16, root, rows + 8 * leaf, 8, leaf, leaves, path,
                                          ctx) == ZKA_ERR_VERIFY_FAILED;
  zka_merkle_destroy(t);
  if (!quiet) {
    printf("  MSM, BN254 G1, 2^12 points   %8.2f ms on %s; result %s the CPU's\n", (t1 - t0) * 1e3, rep.devices,
           msm_ok ? "equals" : "DIFFERS from");
    printf("  Merkle tree, Poseidon2 BabyBear-16, 2^14 leaves of 8 elements %8.2f ms on %s\n", (t3 - t2) * 1e3,
           mrep.devices);
    printf("      path of leaf %zu verifies: %s; a tampered path is rejected: %s\n", leaf, path_ok ? "yes" : "NO",
           tamper_rejected ? "yes" : "NO");
  }
  rc = msm_ok && path_ok && tamper_rejected ? 0 : 1;
  goto done;
fail:
  fprintf(stderr, "demo: %s\n", zka_ctx_last_error(ctx));
done:
  zka_ctx_destroy(ctx);
  free(jac);
  free(pts);
  free(sc);
  free(rows);
  return rc;
}

static int zka_demo_ntt(const zka_engine_options *eopt, int quiet) {
  zka_engine *e = zka_cli_engine(eopt);
  zka_engine_options c = zka_engine_options_default();
  c.backends = "cpu";
  c.quiet = 1;
  zka_engine *cpu = zka_cli_engine(&c);
  int rc = 1;
  if (e && cpu) {
    if (!quiet) {
      printf("Through the scheduler on:");
      for (size_t i = 0; i < zka_engine_device_count(e); i++) {
        zka_device_info d;
        if (zka_engine_device_selected(e, i) && zka_engine_device_info(e, i, &d) == ZKA_OK)
          printf(" %s (%.40s)", d.backend, d.name);
      }
      printf("\n");
    }
    rc = zka_demo_ntt_one(e, cpu, ZKA_FIELD_BABYBEAR, 18, 8, quiet) |
         zka_demo_ntt_one(e, cpu, ZKA_FIELD_BN254_FR, 14, 8, quiet) | zka_demo_msm_merkle(e, cpu, quiet);
  }
  zka_engine_destroy(e);
  zka_engine_destroy(cpu);
  return rc;
}

/* The bundled circuit (tests/data/groth16, embedded at build time: CMakeLists.txt). */
#define ZKA_DEMO_EMBED(sym)                 \
  extern const unsigned char zka_demo_##sym[]; \
  extern const size_t zka_demo_##sym##_len;
ZKA_DEMO_EMBED(bn128_circuit_zkey)
ZKA_DEMO_EMBED(bn128_witness_wtns)
ZKA_DEMO_EMBED(bn128_verification_key_json)
ZKA_DEMO_EMBED(bls12381_circuit_zkey)
ZKA_DEMO_EMBED(bls12381_witness_wtns)
ZKA_DEMO_EMBED(bls12381_verification_key_json)

/* Prove the bundled circuit (snarkjs zkey and witness) through the scheduler, verify the
 * proof with the pairing, and check that a changed public signal is rejected. */
static int zka_demo_groth16_one(zka_engine *e, const char *name, const unsigned char *zkey,
                                size_t zkey_len, const unsigned char *wtns, size_t wtns_len,
                                const unsigned char *vkey, size_t vkey_len, int quiet) {
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  char *proof_json = NULL, *public_json = NULL;
  zka_groth16_vkey *vk = NULL;
  zka_groth16_proof proof;
  uint8_t *pub = NULL;
  size_t count = 0;
  int rc = 1;
  double t0 = zka_demo_now();
  zka_status st = zka_groth16_prove_bytes(e, zkey, zkey_len, wtns, wtns_len, NULL, &proof_json,
                                          &public_json, ctx);
  double t1 = zka_demo_now();
  zka_job_report rep;
  zka_engine_last_report(e, &rep);
  if (st == ZKA_OK) st = zka_groth16_vkey_from_json(&vk, (const char *)vkey, vkey_len, ctx);
  if (st == ZKA_OK) st = zka_groth16_proof_from_json(&proof, zka_groth16_vkey_curve(vk), proof_json, strlen(proof_json), ctx);
  if (st == ZKA_OK)
    st = zka_groth16_public_from_json(&pub, &count, zka_groth16_vkey_curve(vk), public_json,
                                      strlen(public_json), ctx);
  if (st == ZKA_OK) st = zka_groth16_verify(vk, &proof, pub, count, ctx);
  double t2 = zka_demo_now();
  if (st != ZKA_OK) {
    printf("  Groth16 %-9s FAILED: %s\n", name, zka_ctx_last_error(ctx));
  } else {
    /* the same proof against public signal 0 + 1 must fail */
    pub[0] ^= 1;
    zka_status bad = zka_groth16_verify(vk, &proof, pub, count, ctx);
    if (bad != ZKA_ERR_VERIFY_FAILED) {
      printf("  Groth16 %-9s FAILED: a changed public signal was accepted\n", name);
    } else {
      rc = 0;
      if (!quiet)
        printf("  Groth16 %-9s bundled circuit: proved in %7.2f ms on %s, verified in %6.2f ms;"
               " a changed public signal is rejected\n",
               name, (t1 - t0) * 1e3, rep.devices[0] ? rep.devices : "cpu", (t2 - t1) * 1e3);
    }
  }
  free(pub);
  free(proof_json);
  free(public_json);
  zka_groth16_vkey_destroy(vk);
  zka_ctx_destroy(ctx);
  return rc;
}

static int zka_demo_groth16(const zka_engine_options *eopt, int quiet) {
  zka_engine *e = zka_cli_engine(eopt);
  if (!e) return 1;
  int rc = zka_demo_groth16_one(e, "bn128", zka_demo_bn128_circuit_zkey, zka_demo_bn128_circuit_zkey_len,
                                zka_demo_bn128_witness_wtns, zka_demo_bn128_witness_wtns_len,
                                zka_demo_bn128_verification_key_json,
                                zka_demo_bn128_verification_key_json_len, quiet);
  rc |= zka_demo_groth16_one(e, "bls12381", zka_demo_bls12381_circuit_zkey,
                             zka_demo_bls12381_circuit_zkey_len, zka_demo_bls12381_witness_wtns,
                             zka_demo_bls12381_witness_wtns_len,
                             zka_demo_bls12381_verification_key_json,
                             zka_demo_bls12381_verification_key_json_len, quiet);
  zka_engine_destroy(e);
  return rc;
}

/* A zkVM proof: a program assembled here (the first 47 Fibonacci numbers mod 2^32 written
 * to the public output, then exit 0) is run, proven through the scheduler and verified; a
 * proof whose claimed output is changed must be rejected. */
static int zka_demo_zkvm(const zka_engine_options *eopt, int quiet) {
  prog_t p;
  memset(&p, 0, sizeof p);
  li(&p, 5, DATA_BASE + 0x100); /* x5: the output buffer */
  li(&p, 6, 0);                 /* F(i) */
  li(&p, 7, 1);                 /* F(i+1) */
  li(&p, 8, 47);                /* count */
  emit(&p, enc_s(0, 6, 5, 2));  /* loop: sw x6, 0(x5) */
  emit(&p, enc_r(0, 7, 6, 0, 9, 0x33)); /* add x9, x6, x7 */
  emit(&p, ADDI(6, 7, 0));
  emit(&p, ADDI(7, 9, 0));
  emit(&p, ADDI(5, 5, 4));
  emit(&p, ADDI(8, 8, -1));
  emit(&p, enc_b(-24, 0, 8, 1)); /* bne x8, x0, loop */
  li(&p, 10, 1);
  li(&p, 11, DATA_BASE + 0x100);
  li(&p, 12, 47 * 4);
  li(&p, 17, 64);
  emit(&p, ECALL);              /* write(1, buf, 188) */
  li(&p, 10, 0);
  exit_with(&p, 10);
  size_t elf_len = 0;
  uint8_t *elf = mk_elf(&p, &elf_len);
  zka_ctx *ctx = NULL;
  zka_engine *e = NULL;
  zka_zkvm_program *prog = NULL;
  uint8_t *proof = NULL;
  size_t len = 0;
  zka_zkvm_result run, res;
  memset(&run, 0, sizeof run);
  memset(&res, 0, sizeof res);
  int rc = 1;
  if (!elf || zka_ctx_create(&ctx) != ZKA_OK) goto done;
  if (!(e = zka_cli_engine(eopt))) goto done;
  double t0 = zka_demo_now();
  zka_status st = zka_zkvm_program_load(&prog, elf, elf_len, ctx);
  zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
  o.log_segment = ZKA_ZKVM_MIN_LOG_SEGMENT; /* a few segments of 256 cycles: continuations */
  if (st == ZKA_OK) st = zka_zkvm_prove(e, prog, NULL, 0, &o, &run, &proof, &len, ctx);
  double t1 = zka_demo_now();
  if (st == ZKA_OK) st = zka_zkvm_verify(prog, proof, len, &res, ctx);
  double t2 = zka_demo_now();
  uint32_t f46 = 0;
  if (st == ZKA_OK && res.output_len == 188) memcpy(&f46, res.output + 46 * 4, 4);
  if (st != ZKA_OK) {
    printf("  zkVM FAILED: %s\n", zka_ctx_last_error(ctx));
    goto done;
  }
  if (f46 != 1836311903u || res.exit_code != 0) {
    printf("  zkVM FAILED: the verified output says F(46) = %u, not 1836311903\n", f46);
    goto done;
  }
  proof[56 + 46 * 4] ^= 1; /* the claimed F(46) */
  zka_zkvm_result bad;
  if (zka_zkvm_verify(prog, proof, len, &bad, ctx) != ZKA_ERR_VERIFY_FAILED) {
    printf("  zkVM FAILED: a proof with a changed output was accepted\n");
    zka_zkvm_result_clear(&bad);
    goto done;
  }
  rc = 0;
  if (!quiet)
    printf("  zkVM: an RV32IM program (%llu cycles, F(0..46) as public output) proved in %.2f s\n"
           "      in %llu segments of <= 256 cycles; the %zu-byte proof verified in %.1f ms; a\n"
           "      changed output is rejected\n",
           (unsigned long long)run.cycles, t1 - t0,
           (unsigned long long)((run.cycles + 255) >> ZKA_ZKVM_MIN_LOG_SEGMENT), len, (t2 - t1) * 1e3);
done:
  zka_zkvm_proof_free(proof);
  zka_zkvm_result_clear(&run);
  zka_zkvm_result_clear(&res);
  zka_zkvm_program_destroy(prog);
  zka_engine_destroy(e);
  zka_ctx_destroy(ctx);
  free(elf);
  return rc;
}

int zka_cli_demo(int argc, char **argv) {
  int quiet = 0;
  zka_engine_options eopt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &eopt)) return 2;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
      quiet = 1;
    } else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      printf("usage: zkaccel demo [--quiet] [engine options]\n"
             "On the CPU, for BN254 and BLS12-381: P = a·G1, Q = b·G2, R = (ab)·G1 for random\n"
             "a, b; checks e(P, Q)·e(-R, G2) = 1 and that R + G1 in place of R fails.\n"
             "Then, through the scheduler on every selected device: NTTs (BabyBear, BN254 Fr)\n"
             "forward on a coset and back (round trip exact, bytes equal to the CPU's), an MSM\n"
             "(BN254 G1, 2^12 points; equal to the CPU's) and a Poseidon2 Merkle tree (2^14\n"
             "leaves; a path verifies, a tampered one is rejected).\n"
             "Finally a Groth16 proof of the bundled circom circuit (tests/data/groth16, made\n"
             "with snarkjs; bn128 and bls12381) on the selected devices, verified with the\n"
             "pairing; a changed public signal must be rejected.\n"
             "And a zkVM proof: an RV32IM program assembled in the demo (Fibonacci numbers as\n"
             "its public output) run, proven with the STARK in segments of 256 cycles\n"
             "(continuations) and verified; a changed output must be rejected.\n"
             "Exit status 0 when every check holds.\n");
      zka_cli_engine_help(stdout);
      return 0;
    } else {
      fprintf(stderr, "zkaccel demo: unknown option '%s'\n", argv[i]);
      return 2;
    }
  }
  if (!quiet) {
    printf("zkaccel demo: fields, curves and pairings on the CPU (%s arithmetic), then NTT,\n"
           "MSM, a Merkle tree, a Groth16 proof and a zkVM proof through the scheduler on\n"
           "every available device.\n\n",
           zka_field_get_path() == ZKA_FIELD_PATH_FAST ? "MULX/ADX" : "portable");
  }
  int rc = zka_demo_bn254(quiet) | zka_demo_bls12_381(quiet);
  if (!quiet) printf("\n");
  rc |= zka_demo_ntt(&eopt, quiet);
  if (!quiet) printf("\n");
  rc |= zka_demo_groth16(&eopt, quiet);
  rc |= zka_demo_zkvm(&eopt, quiet);
  printf("%s\n", rc == 0 ? "demo: all checks passed" : "demo: a check FAILED");
  return rc;
}
