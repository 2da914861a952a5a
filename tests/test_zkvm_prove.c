/* test_zkvm_prove — the zkVM prover and verifier end to end (zka_zkvm_prove/verify).
 *
 * Parts (argv[1]; none = "core"):
 *   core    a program assembled here that uses every RV32IM instruction class (register and
 *           immediate ALU ops, M extension with its division corner cases, every load and
 *           store width at every offset, each branch taken and not, jal/jalr/auipc/lui,
 *           fence, the read/write/exit ecalls incl. debug and a bad fd) is proven and
 *           verified; the proof's claims match the executor's; the same bytes come out on
 *           every backend that is present; soundness: single-byte changes across the proof,
 *           a wrong exit code or output byte, truncations and another program's ELF are all
 *           refused; a trapping guest and a too-long run are refused by the prover with a
 *           message.
 *   guests DIR   the example guests (fibonacci, sha256, sort, bignum) proven and verified,
 *           outputs checked against the executor; prints cycles/s and proof sizes.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/asm.h"

static zka_ctx *ctx;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static zka_engine *engine(const char *backends) {
  zka_engine_options eo = zka_engine_options_default();
  eo.backends = backends;
  eo.strict = 1;
  eo.quiet = 1;
  zka_engine *e = NULL;
  if (zka_engine_create(&e, &eo, ctx) != ZKA_OK) return NULL;
  return e;
}

/* Prove prog on input with engine e; returns the status, the proof in *proof. */
static zka_status prove(zka_engine *e, const zka_zkvm_program *prog, const uint8_t *in, size_t n,
                        zka_zkvm_result *res, uint8_t **proof, size_t *len, double *secs) {
  zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
  double t = now_s();
  zka_status s = zka_zkvm_prove(e, prog, in, n, &o, res, proof, len, ctx);
  if (secs) *secs = now_s() - t;
  return s;
}

/* ---- the program ------------------------------------------------------------------------ */

#define R(f7, f3, rd, a, b) enc_r(f7, b, a, f3, rd, 0x33)
#define I(f3, rd, a, imm) enc_i(imm, a, f3, rd, 0x13)
#define LOAD(f3, rd, a, imm) enc_i(imm, a, f3, rd, 0x03)
#define STORE(f3, a, b, imm) enc_s(imm, b, a, f3)
#define BR(f3, a, b, off) enc_b(off, b, a, f3)

/* write(fd, DATA_BASE + off, len) through a7 = 64 */
static void sys_write(prog_t *p, uint32_t fd, uint32_t off, uint32_t len) {
  sys(p, 64, fd, DATA_BASE + off, len);
}

static void build_program(prog_t *p, uint32_t exit_code) {
  memset(p, 0, sizeof *p);
  /* operands: x5 = data base, x6/x7 from data (0x017fff80, 0x123480fe), x8 = -2^31, x9 = -1 */
  li(p, 5, DATA_BASE);
  emit(p, LOAD(2, 6, 5, 0));
  emit(p, LOAD(2, 7, 5, 4));
  li(p, 8, 0x80000000u);
  li(p, 9, 0xFFFFFFFFu);
  /* every register-register op, results stored to data+0x100.. (and some into x0) */
  static const uint32_t rr[][2] = {{0, 0}, {0x20, 0}, {0, 1}, {0, 2}, {0, 3}, {0, 4}, {0, 5}, {0x20, 5}, {0, 6},
                                   {0, 7}, {1, 0}, {1, 1}, {1, 2}, {1, 3}, {1, 4}, {1, 5}, {1, 6}, {1, 7}};
  uint32_t off = 0x100;
  for (size_t k = 0; k < sizeof rr / sizeof rr[0]; k++) {
    emit(p, R(rr[k][0], rr[k][1], 10, 6, 7));
    emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
    emit(p, R(rr[k][0], rr[k][1], 10, 8, 9)); /* -2^31 op -1: the division overflow case */
    emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
    emit(p, R(rr[k][0], rr[k][1], 10, 7, 0)); /* op 0: division by zero */
    emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  }
  emit(p, R(0, 0, 0, 6, 7)); /* add into x0: discarded */
  emit(p, STORE(2, 5, 0, (int32_t)off)), off += 4;
  /* immediates: addi slti sltiu xori ori andi slli srli srai with negative immediates */
  emit(p, I(0, 10, 6, -2048)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(2, 10, 8, -1)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(3, 10, 6, -1)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(4, 10, 6, -256)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(6, 10, 7, 0x7ff)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(7, 10, 7, -16)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(1, 10, 7, 31)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, I(5, 10, 8, 7)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  emit(p, enc_i(0x400 | 9, 8, 5, 10, 0x13)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4; /* srai */
  /* loads of every width at every offset */
  for (int32_t o = 0; o < 4; o++) {
    emit(p, LOAD(0, 10, 5, o)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;  /* lb */
    emit(p, LOAD(4, 10, 5, o)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;  /* lbu */
    if (!(o & 1)) {
      emit(p, LOAD(1, 10, 5, o)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4; /* lh */
      emit(p, LOAD(5, 10, 5, o)), emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4; /* lhu */
    }
  }
  /* stores of every width at every offset into data+0x300.., then read back */
  for (int32_t o = 0; o < 4; o++) {
    emit(p, STORE(0, 5, 7, 0x300 + o));
    if (!(o & 1)) emit(p, STORE(1, 5, 6, 0x310 + o));
  }
  emit(p, STORE(2, 5, 9, 0x320));
  emit(p, STORE(0, 5, 6, 0x321)); /* a byte into a word written before */
  /* branches, each taken and not taken: x11 counts the not-taken ones */
  li(p, 11, 0);
  static const uint32_t br[] = {0, 1, 4, 5, 6, 7};
  for (size_t k = 0; k < 6; k++) {
    emit(p, BR(br[k], 6, 7, 8)); /* skip the next on taken */
    emit(p, I(0, 11, 11, 1));
    emit(p, BR(br[k], 8, 9, 8));
    emit(p, I(0, 11, 11, 16));
    emit(p, BR(br[k], 6, 6, 8));
    emit(p, I(0, 11, 11, 256));
  }
  emit(p, STORE(2, 5, 11, (int32_t)off)), off += 4;
  /* jal / jalr (odd target: bit 0 cleared) / auipc / lui / fence */
  emit(p, JAL(1, 8));           /* x1 = pc + 4, skip one */
  emit(p, I(0, 11, 0, 99));     /* skipped */
  emit(p, AUIPC(12, 0x3000));
  emit(p, I(0, 12, 12, 13));    /* x12 = target (pc of the auipc + 0x3000 ...) */
  emit(p, AUIPC(13, 0));
  emit(p, I(0, 13, 13, 4 * 4 + 1)); /* odd: the address 4 instructions after the auipc + 1 */
  emit(p, JALR(14, 13, 0));
  emit(p, I(0, 11, 0, 77));     /* skipped */
  emit(p, FENCE);
  emit(p, STORE(2, 5, 1, (int32_t)off)), off += 4;
  emit(p, STORE(2, 5, 12, (int32_t)off)), off += 4;
  emit(p, STORE(2, 5, 14, (int32_t)off)), off += 4;
  emit(p, LUI(15, 0xABCDE000u));
  emit(p, STORE(2, 5, 15, (int32_t)off)), off += 4;
  /* read the private input into data+0x400 (up to 16 bytes), echo it, then the results */
  li(p, 10, 0);
  li(p, 11, DATA_BASE + 0x400);
  li(p, 12, 16);
  li(p, 17, 63);
  emit(p, ECALL);
  emit(p, I(0, 18, 10, 0)); /* bytes read */
  li(p, 10, 1);
  li(p, 11, DATA_BASE + 0x400);
  emit(p, I(0, 12, 18, 0));
  li(p, 17, 64);
  emit(p, ECALL);
  sys_write(p, 2, 0, 5);             /* debug: not part of the output */
  sys_write(p, 7, 0, 5);             /* bad fd: -9 */
  emit(p, STORE(2, 5, 10, (int32_t)off)), off += 4;
  sys_write(p, 1, 0x100, off - 0x100); /* every result, unaligned start below */
  sys_write(p, 1, 0x301, 0x23);
  li(p, 10, exit_code);
  li(p, 17, 93);
  emit(p, ECALL);
}

static zka_zkvm_program *load_prog(const prog_t *p) {
  size_t len;
  uint8_t *e = mk_elf(p, &len);
  zka_zkvm_program *prog = NULL;
  zka_status s = zka_zkvm_program_load(&prog, e, len, ctx);
  free(e);
  CHECK(s == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
  return s == ZKA_OK ? prog : NULL;
}

static int verify_ok(const zka_zkvm_program *prog, const uint8_t *proof, size_t len) {
  zka_zkvm_result r;
  zka_status s = zka_zkvm_verify(prog, proof, len, &r, ctx);
  zka_zkvm_result_clear(&r);
  return s == ZKA_OK;
}

static void part_core(zka_test_rng *rng) {
  prog_t p;
  build_program(&p, 3);
  zka_zkvm_program *prog = load_prog(&p);
  if (!prog) return;
  static const uint8_t input[] = "private input!";
  zka_zkvm_result ref;
  CHECK(zka_zkvm_run(&ref, prog, input, sizeof input - 1, NULL, ctx) == ZKA_OK, "run: %s", zka_ctx_last_error(ctx));
  zka_engine *e = engine("cpu");
  CHECK(e != NULL, "cpu engine: %s", zka_ctx_last_error(ctx));
  zka_zkvm_result res;
  uint8_t *proof = NULL;
  size_t len = 0;
  double secs = 0;
  zka_status s = prove(e, prog, input, sizeof input - 1, &res, &proof, &len, &secs);
  CHECK(s == ZKA_OK, "prove: %s", zka_ctx_last_error(ctx));
  if (s != ZKA_OK) {
    zka_engine_destroy(e);
    zka_zkvm_result_clear(&ref);
    zka_zkvm_program_destroy(prog);
    return;
  }
  printf("  core program: %llu cycles, exit %d, %zu output bytes; proved in %.2f s, %zu-byte proof\n",
         (unsigned long long)res.cycles, (int)res.exit_code, res.output_len, secs, len);
  zka_zkvm_result v;
  s = zka_zkvm_verify(prog, proof, len, &v, ctx);
  CHECK(s == ZKA_OK, "verify: %s", zka_ctx_last_error(ctx));
  CHECK(v.exit_code == 3 && v.exit_code == ref.exit_code && v.cycles == ref.cycles, "claims: exit %d cycles %llu",
        (int)v.exit_code, (unsigned long long)v.cycles);
  CHECK(v.output_len == ref.output_len && !memcmp(v.output, ref.output, ref.output_len), "output differs");
  CHECK(ref.output_len > sizeof input - 1 && !memcmp(ref.output, input, sizeof input - 1), "the input echo");
  zka_zkvm_result_clear(&v);

  /* the same bytes again, and on every other backend present */
  uint8_t *p2 = NULL;
  size_t l2 = 0;
  zka_zkvm_result r2;
  CHECK(prove(e, prog, input, sizeof input - 1, &r2, &p2, &l2, NULL) == ZKA_OK && l2 == len &&
            !memcmp(p2, proof, len), "a second proof differs");
  zka_zkvm_result_clear(&r2);
  zka_zkvm_proof_free(p2);
  static const char *const others[] = {"fpga-emu", "opencl"};
  for (size_t k = 0; k < 2; k++) {
    zka_engine *e2 = engine(others[k]);
    if (!e2) {
      printf("  backend %s: not available here (%s), skipped\n", others[k], zka_ctx_last_error(ctx));
      continue;
    }
    p2 = NULL;
    s = prove(e2, prog, input, sizeof input - 1, &r2, &p2, &l2, &secs);
    CHECK(s == ZKA_OK && l2 == len && !memcmp(p2, proof, len), "backend %s: proof bytes differ (%s)", others[k],
          s == ZKA_OK ? "" : zka_ctx_last_error(ctx));
    printf("  backend %s: identical proof bytes (%.2f s)\n", others[k], secs);
    zka_zkvm_result_clear(&r2);
    zka_zkvm_proof_free(p2);
    zka_engine_destroy(e2);
  }

  /* soundness: single-byte changes anywhere in the proof */
  uint8_t *bad = malloc(len);
  size_t tried = 0, refused = 0;
  for (long t = 0; t < zka_test_iters(400); t++, tried++) {
    memcpy(bad, proof, len);
    size_t pos = t < 64 ? (size_t)t : (size_t)(zka_test_next(rng) % len);
    bad[pos] ^= (uint8_t)(1u << (zka_test_next(rng) % 8));
    if (!verify_ok(prog, bad, len)) refused++;
    else CHECK(0, "a proof with byte %zu changed verifies", pos);
  }
  printf("  soundness: %zu of %zu single-bit changes (the 64-byte header and random positions) refused\n",
         refused, tried);
  /* a wrong exit code, a wrong output byte: the claims are bound */
  memcpy(bad, proof, len);
  bad[40] ^= 1; /* exit code */
  CHECK(!verify_ok(prog, bad, len), "a changed exit code verifies");
  memcpy(bad, proof, len);
  bad[56 + 3] ^= 0x40; /* output byte 3 */
  CHECK(!verify_ok(prog, bad, len), "a changed output byte verifies");
  /* truncations */
  static const size_t cut[] = {0, 3, 40, 59, 60, 100};
  for (size_t k = 0; k < 6; k++) {
    zka_zkvm_result r;
    CHECK(zka_zkvm_verify(prog, proof, cut[k] < len ? cut[k] : len - 1, &r, ctx) != ZKA_OK, "truncated to %zu", cut[k]);
    zka_zkvm_result_clear(&r);
  }
  CHECK(!verify_ok(prog, proof, len - 1), "the last byte cut");
  /* another program: same code but another exit code */
  prog_t q;
  build_program(&q, 4);
  zka_zkvm_program *other = load_prog(&q);
  if (other) {
    zka_zkvm_result r;
    CHECK(zka_zkvm_verify(other, proof, len, &r, ctx) == ZKA_ERR_VERIFY_FAILED &&
              strstr(zka_ctx_last_error(ctx), "another program"),
          "another program: %s", zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&r);
    zka_zkvm_program_destroy(other);
  }
  printf("  claims bound: exit code, output byte, truncations, another program's ELF refused\n");
  free(bad);
  zka_zkvm_proof_free(proof);
  zka_zkvm_result_clear(&res);
  zka_zkvm_result_clear(&ref);
  zka_zkvm_program_destroy(prog);

  /* the prover refuses what it cannot prove, with a message */
  prog_t t;
  memset(&t, 0, sizeof t);
  li(&t, 5, 0x00000123u);
  emit(&t, LOAD(2, 6, 5, 0)); /* misaligned / outside: traps */
  exit_with(&t, 6);
  zka_zkvm_program *tp = load_prog(&t);
  if (tp) {
    s = prove(e, tp, NULL, 0, &res, &proof, &len, NULL);
    CHECK(s != ZKA_OK && proof == NULL && strstr(zka_ctx_last_error(ctx), "pc"), "a trapping guest: %s",
          zka_ctx_last_error(ctx));
    printf("  trapping guest refused: %s\n", zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&res);
    zka_zkvm_program_destroy(tp);
  }
  /* a run too large for the memory the prover may use is refused before it starts */
  setenv("ZKA_ZKVM_MEM_LIMIT", "1000000", 1); /* 1 MB: the core program needs ~5 MB */
  {
    prog_t big;
    build_program(&big, 3);
    zka_zkvm_program *qp = load_prog(&big);
    if (qp) {
      s = prove(e, qp, NULL, 0, &res, &proof, &len, NULL);
      CHECK(s == ZKA_ERR_OUT_OF_MEMORY && proof == NULL && strstr(zka_ctx_last_error(ctx), "MiB of memory to prove"),
            "a proof larger than the memory limit: %s", zka_ctx_last_error(ctx));
      printf("  too large for the memory: %s\n", zka_ctx_last_error(ctx));
      zka_zkvm_proof_free(proof);
      proof = NULL;
      zka_zkvm_result_clear(&res);
      zka_zkvm_program_destroy(qp);
    }
  }
  unsetenv("ZKA_ZKVM_MEM_LIMIT");
  memset(&t, 0, sizeof t);
  emit(&t, JAL(0, 0)); /* loops forever */
  tp = load_prog(&t);
  if (tp) {
    zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
    o.run.max_cycles = 5000;
    s = zka_zkvm_prove(e, tp, NULL, 0, &o, &res, &proof, &len, ctx);
    CHECK(s != ZKA_OK && proof == NULL && strstr(zka_ctx_last_error(ctx), "cycle"), "a guest that never exits: %s",
          zka_ctx_last_error(ctx));
    printf("  endless guest refused: %s\n", zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&res);
    zka_zkvm_program_destroy(tp);
  }
  zka_engine_destroy(e);
}

/* ---- the example guests ----------------------------------------------------------------- */

static void prove_guest(zka_engine *e, const char *dir, const char *name, const uint8_t *in, size_t n) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s.elf", dir, name);
  zka_zkvm_program *prog = NULL;
  if (zka_zkvm_program_load_file(&prog, path, ctx) != ZKA_OK) {
    CHECK(0, "load %s: %s", path, zka_ctx_last_error(ctx));
    return;
  }
  zka_zkvm_result ref, res, v;
  CHECK(zka_zkvm_run(&ref, prog, in, n, NULL, ctx) == ZKA_OK, "run %s", name);
  uint8_t *proof = NULL;
  size_t len = 0;
  double secs = 0;
  zka_status s = prove(e, prog, in, n, &res, &proof, &len, &secs);
  CHECK(s == ZKA_OK, "prove %s: %s", name, zka_ctx_last_error(ctx));
  if (s == ZKA_OK) {
    double t = now_s();
    s = zka_zkvm_verify(prog, proof, len, &v, ctx);
    t = now_s() - t;
    CHECK(s == ZKA_OK, "verify %s: %s", name, zka_ctx_last_error(ctx));
    CHECK(s != ZKA_OK || (v.exit_code == ref.exit_code && v.output_len == ref.output_len &&
                          !memcmp(v.output, ref.output, ref.output_len)),
          "%s: verified claims differ from the run", name);
    printf("  %-9s %7llu cycles, exit %d: proved in %.2f s (%.1f kHz), %zu-byte proof, verified in %.3f s\n",
           name, (unsigned long long)res.cycles, (int)res.exit_code, secs, (double)res.cycles / secs / 1e3, len, t);
    zka_zkvm_result_clear(&v);
  }
  zka_zkvm_proof_free(proof);
  zka_zkvm_result_clear(&res);
  zka_zkvm_result_clear(&ref);
  zka_zkvm_program_destroy(prog);
}

static void part_guests(const char *dir) {
  if (!dir || !*dir) TEST_SKIP("no guest directory (no RISC-V cross compiler: gcc-riscv64-unknown-elf)");
  zka_engine *e = engine("cpu");
  CHECK(e != NULL, "engine");
  uint8_t in[64];
  uint32_t v = 200;
  memcpy(in, &v, 4);
  prove_guest(e, dir, "fibonacci", in, 4);
  prove_guest(e, dir, "sha256", (const uint8_t *)"abc", 3);
  uint32_t sv[9] = {8, 5, 3, 0xFFFFFFFFu, 0, 77, 3, 1u << 31, 12};
  prove_guest(e, dir, "sort", (const uint8_t *)sv, sizeof sv);
  uint32_t bn[2 + 3 + 2] = {3, 2, 0xFFFFFFFFu, 0x12345678u, 7, 0xFFFFFFFFu, 0x9ABCDEF0u};
  prove_guest(e, dir, "bignum", (const uint8_t *)bn, sizeof bn);
  zka_engine_destroy(e);
}

int main(int argc, char **argv) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  const char *part = argc > 1 ? argv[1] : "core";
  if (!strcmp(part, "core")) part_core(&rng);
  else if (!strcmp(part, "guests")) part_guests(argc > 2 ? argv[2] : NULL);
  else {
    fprintf(stderr, "unknown part %s\n", part);
    return 2;
  }
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_prove");
}
