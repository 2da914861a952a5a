/* test_zkvm_segments — continuations: a run proven in segments and the verifier's chain.
 *
 * A loop assembled here reads one input byte per iteration (the input ends part-way, so
 * later reads return 0 with the end-of-input state carried across segments), mixes it with
 * an image word, a zero-initialised word and the value stored by the previous iteration
 * (often in an earlier segment), stores the result and writes one output byte.  Proven
 * with segments of 2^8 cycles:
 *  - the proof verifies and its claims equal the executor's; a proof in one segment of the
 *    same run verifies with the same claims; the bytes are identical on fpga-emu;
 *  - the segment count is ceil(cycles / 2^8) and every segment's tables stay at 2^8 rows
 *    (the memory a segment needs), also for a run twice as long;
 *  - the chain: a segment dropped (in the middle or the last), two swapped, one duplicated,
 *    one taken from a run on another input, a changed boundary value, end pc, input state
 *    or output count in a header, random bit flips — each refused;
 *  - log_segment outside 8..21 refused with a message; progress names the segment;
 *  - a cheating prover that splits a run where it likes and builds each segment's tables
 *    itself (found in review): a segment that writes nothing and claims no change of the
 *    stream state, whose ecall chip reads input after an earlier segment saw it end, is
 *    refused (the same construction without the cheat verifies); a changed output byte
 *    changes the transcript (the output is bound before any challenge, not only checked
 *    by the buses).
 * The file layout parsed here is the one documented at the top of zkvm/prove.c. */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/asm.h"
#include "zkvm/prove_internal.h"

static zka_ctx *ctx;

/* ---- the guest -------------------------------------------------------------------------- */

#define R(f7, f3, rd, a, b) enc_r(f7, b, a, f3, rd, 0x33)

static void build_loop(prog_t *p, uint32_t iters) {
  memset(p, 0, sizeof *p);
  li(p, 20, DATA_BASE);          /* x20: data */
  li(p, 21, iters);              /* x21: iterations */
  emit(p, ADDI(22, 0, 0));       /* x22: i */
  emit(p, ADDI(23, 0, 1));       /* x23: acc */
  li(p, 24, DATA_BASE + 0x200);  /* x24: where acc goes (zero-initialised memory) */
  emit(p, ADDI(27, 0, 31));
  const int loop = p->n;
  /* read(0, data + 0x100, 1) */
  emit(p, ADDI(10, 0, 0));
  emit(p, ADDI(11, 20, 0x100));
  emit(p, ADDI(12, 0, 1));
  emit(p, ADDI(17, 0, 63));
  emit(p, ECALL);
  emit(p, R(0, 0, 26, 10, 0));                 /* x26 = bytes read */
  emit(p, enc_i(0x100, 20, 4, 25, 0x03));      /* lbu x25, 0x100(x20) */
  emit(p, R(1, 0, 23, 23, 27));                /* acc *= 31 */
  emit(p, R(0, 0, 23, 23, 25));                /* + the byte */
  emit(p, R(0, 0, 23, 23, 22));                /* + i */
  emit(p, R(0, 0, 23, 23, 26));                /* + bytes read */
  emit(p, enc_i(0, 20, 2, 28, 0x03));          /* lw x28, 0(x20): an image word */
  emit(p, R(0, 4, 23, 23, 28));                /* acc ^= it */
  emit(p, enc_i(-4, 24, 2, 29, 0x03));         /* lw x29, -4(x24): the last iteration's */
  emit(p, R(0, 0, 23, 23, 29));                /* acc += it */
  emit(p, enc_s(0, 23, 24, 2));                /* sw x23, 0(x24) */
  /* write(1, x24, 1) */
  emit(p, ADDI(10, 0, 1));
  emit(p, ADDI(11, 24, 0));
  emit(p, ADDI(12, 0, 1));
  emit(p, ADDI(17, 0, 64));
  emit(p, ECALL);
  emit(p, ADDI(22, 22, 1));
  emit(p, ADDI(24, 24, 4));
  emit(p, enc_b((loop - p->n) * 4, 21, 22, 1)); /* bne x22, x21, loop */
  exit_with(p, 23);
}

/* read(0, buf, 16) (short: the input ends), a loop of `iters` iterations without any ecall
 * (whole segments without one: the stream state passes through them), read(0, buf, 4)
 * (returns 0: the end of input carried across), write(1, buf, 16), exit(read count sum). */
static void build_quiet(prog_t *p, uint32_t iters) {
  memset(p, 0, sizeof *p);
  sys(p, 63, 0, DATA_BASE + 0x100, 16);
  emit(p, ADDI(20, 10, 0));
  li(p, 21, iters);
  const int loop = p->n;
  emit(p, ADDI(21, 21, -1));
  emit(p, R(0, 0, 22, 22, 21));                /* x22 += x21 */
  emit(p, enc_b((loop - p->n) * 4, 0, 21, 1)); /* bne x21, x0, loop */
  sys(p, 63, 0, DATA_BASE + 0x100, 4);
  emit(p, R(0, 0, 20, 20, 10));
  sys(p, 64, 1, DATA_BASE + 0x100, 16);
  exit_with(p, 20);
}

static zka_zkvm_program *load_prog(const prog_t *p) {
  size_t len = 0;
  uint8_t *elf = mk_elf(p, &len);
  zka_zkvm_program *prog = NULL;
  zka_status s = zka_zkvm_program_load(&prog, elf, len, ctx);
  free(elf);
  CHECK(s == ZKA_OK, "load: %s", zka_ctx_last_error(ctx));
  return s == ZKA_OK ? prog : NULL;
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

typedef struct {
  int seen_segment; /* a stage named "segment 2/..." */
} progress_log;

static void on_stage(void *user, const char *stage) {
  progress_log *l = user;
  if (!strncmp(stage, "segment 2/", 10)) l->seen_segment = 1;
}

static zka_status prove(zka_engine *e, const zka_zkvm_program *prog, const char *in,
                        uint32_t log_segment, zka_zkvm_result *res, uint8_t **proof,
                        size_t *len, progress_log *log) {
  zka_zkvm_prove_options o = zka_zkvm_prove_options_default();
  o.log_segment = log_segment;
  if (log) {
    o.progress = on_stage;
    o.progress_user = log;
  }
  return zka_zkvm_prove(e, prog, (const uint8_t *)in, strlen(in), &o, res, proof, len, ctx);
}

/* ---- the file layout (zkvm/prove.c) ------------------------------------------------------ */

#define MAX_SEG 64

typedef struct {
  size_t top_len;             /* bytes before the first segment */
  size_t n;                   /* segments */
  size_t at[MAX_SEG], len[MAX_SEG]; /* each segment: offset and length (header + STARK) */
  size_t hdr_len[MAX_SEG];
  uint32_t log_n[MAX_SEG];    /* its STARK's trace height */
} layout;

static int parse(const uint8_t *p, size_t len, layout *L) {
  memset(L, 0, sizeof *L);
  size_t k = 4 + 4 + 32 + 4 + 8;
  if (len < k + 4) return 0;
  k += 4 + get32(p + k);      /* output */
  k += 4;                     /* log_segment */
  if (len < k + 4) return 0;
  L->n = get32(p + k);
  k += 4;
  L->top_len = k;
  if (L->n > MAX_SEG) return 0;
  for (size_t s = 0; s < L->n; s++) {
    L->at[s] = k;
    k += 20;
    if (len < k + 4) return 0;
    k += 4 + 8 * (size_t)get32(p + k); /* execution counts */
    if (len < k + 4) return 0;
    k += 4 + 8 * (size_t)get32(p + k); /* boundary */
    L->hdr_len[s] = k - L->at[s];
    if (len < k + 4) return 0;
    const size_t stark = get32(p + k);
    k += 4;
    if (len < k + stark || stark < 28) return 0;
    L->log_n[s] = get32(p + k + 24); /* "ZKAS" version blowup queries pow final log_n */
    k += stark;
    L->len[s] = k - L->at[s];
  }
  return k == len;
}

/* A new file: the top header (its segment count set to n) and the listed segments of the
 * given files, in order.  src[i], seg[i]: file and segment index. */
typedef struct {
  const uint8_t *p;
  const layout *L;
} file_ref;

static uint8_t *splice(const file_ref *top, const file_ref *src, const size_t *seg, size_t n,
                       size_t *out_len) {
  size_t len = top->L->top_len;
  for (size_t i = 0; i < n; i++) len += src[i].L->len[seg[i]];
  uint8_t *f = malloc(len);
  if (!f) abort();
  memcpy(f, top->p, top->L->top_len);
  put32(f + top->L->top_len - 4, (uint32_t)n);
  size_t k = top->L->top_len;
  for (size_t i = 0; i < n; i++) {
    memcpy(f + k, src[i].p + src[i].L->at[seg[i]], src[i].L->len[seg[i]]);
    k += src[i].L->len[seg[i]];
  }
  *out_len = len;
  return f;
}

/* The verifier must refuse f (and free it). */
static void expect_refused(const zka_zkvm_program *prog, uint8_t *f, size_t len, const char *what) {
  zka_zkvm_result r;
  zka_status s = zka_zkvm_verify(prog, f, len, &r, ctx);
  CHECK(s != ZKA_OK, "%s: accepted", what);
  if (s != ZKA_OK) printf("  refused: %-42s (%s)\n", what, zka_ctx_last_error(ctx));
  zka_zkvm_result_clear(&r);
  free(f);
}

/* ---- a cheating prover's segments -------------------------------------------------------- */

static int collect(void *u, const zka_zkvm_step *st, size_t n) {
  zka_vec *v = u;
  for (size_t i = 0; i < n; i++)
    if (!zka_vec_push(v, &st[i])) return 1;
  return 0;
}

/* n1 = read(0, buf, 8); store n1 | read(0, buf2, 8) | write(1, &n1, 4); write(1, buf2, 8);
 * exit(0), proven as three segments cut at those bars, with the tables built here.  With
 * an input shorter than 8 bytes the second read honestly returns 0 and buf2 stays zero.
 * cheat: segment 1's ecall chip starts with the input not ended and reads "EVILDATA" while
 * the segment claims no output and no change of the stream state.  Returns what
 * zka_zkvm_verify says of the file; *out_at: where the output bytes start in it. */
static zka_status eof_forgery(zka_engine *e, int cheat, int prover_checks, uint8_t **file,
                              size_t *file_len) {
  prog_t P;
  memset(&P, 0, sizeof P);
  sys(&P, 63, 0, DATA_BASE + 0x100, 8);
  li(&P, 5, DATA_BASE + 0x300);
  emit(&P, enc_s(0, 10, 5, 2)); /* sw a0, 0(x5) */
  const size_t b1 = (size_t)P.n;
  sys(&P, 63, 0, DATA_BASE + 0x200, 8);
  const size_t b2 = (size_t)P.n;
  sys(&P, 64, 1, DATA_BASE + 0x300, 4);
  sys(&P, 64, 1, DATA_BASE + 0x200, 8);
  exit_with(&P, 0);
  zka_zkvm_program *prog = load_prog(&P);
  if (!prog) return ZKA_ERR_INTERNAL;
  const uint8_t in[] = "abcd", evil[] = "abcdEVILDATA";
  zka_vec steps;
  zka_vec_init(&steps, sizeof(zka_zkvm_step));
  zka_zkvm_options ro = zka_zkvm_options_default();
  ro.trace = collect;
  ro.trace_user = &steps;
  zka_zkvm_result res;
  zka_status s = zka_zkvm_run(&res, prog, in, 4, &ro, ctx);
  CHECK(s == ZKA_OK && res.stop == ZKA_ZKVM_HALTED, "the honest run: %s", zka_ctx_last_error(ctx));
  const size_t bnd[4] = {0, b1, b2, steps.n};

  const zka_chip *chips[ZKA_ZKVM_MAX_CHIPS];
  const size_t nc = zka_zkvm_chip_list(chips);
  zka_air_table tables[ZKA_ZKVM_MAX_CHIPS];
  for (size_t i = 0; i < nc; i++) {
    zka_air_builder *b = NULL;
    CHECK(zka_air_builder_new(&b, chips[i]->name, chips[i]->width, ctx) == ZKA_OK, "builder");
    chips[i]->air(b);
    CHECK(zka_air_builder_finish(b, &tables[i], ctx) == ZKA_OK, "air");
  }
  zka_zkvm_witness W;
  memset(&W, 0, sizeof W);
  zka_zkvm_witness *w = &W;
  w->prog = prog;
  w->input = in;
  w->input_len = 4;
  zka_vec_init(&w->output, 1);
  zka_vec_init(&w->alu, sizeof(zka_alu_event));
  w->program_count = calloc(prog->code_count, sizeof *w->program_count);
  CHECK(zka_memstate_new(&w->mem, prog, ctx) == ZKA_OK, "memstate");
  /* the claimed result: the cheat's output (what the executor gives on "abcdEVILDATA"
   * except that n1 = 4), or the honest one */
  uint8_t claim[12] = {4, 0, 0, 0};
  if (cheat) memcpy(claim + 4, "EVILDATA", 8);
  zka_zkvm_proof_writer pw;
  s = zka_zkvm_proof_begin(&pw, prog, 0, steps.n, claim, sizeof claim, 8, 3, ctx);
  const zka_stark_params prm = zka_stark_params_default();
  uint32_t pc = prog->entry, v_eof = 0;
  for (uint32_t k = 0; k < 3 && s == ZKA_OK; k++) {
    zka_zkvm_segment_begin(w, (const zka_zkvm_step *)steps.p + bnd[k], bnd[k + 1] - bnd[k], bnd[k],
                           pc, k < 2);
    const size_t out0 = w->output.n;
    if (k == 1 && cheat) { /* the ecall chip forgets that the input ended and reads on */
      w->eof = 0;
      w->input = evil;
      w->input_len = 12;
    }
    for (size_t i = 0; i < nc && s == ZKA_OK; i++)
      if (chips[i]->gen) s = chips[i]->gen(w, i, ctx);
    if (k == 1 && cheat) w->eof = 1; /* segment 2 starts where the verifier thinks */
    size_t n = 256;
    for (size_t i = 0; i < nc; i++)
      while (n < chips[i]->rows(w, i)) n *= 2;
    uint32_t log_n = 0;
    while (((size_t)1 << log_n) < n) log_n++;
    zka_babybear *tr[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < nc; i++) {
      tr[i] = calloc(n * chips[i]->width, sizeof(zka_babybear));
      if (s == ZKA_OK) s = chips[i]->fill(w, i, tr[i], n, ctx);
    }
    /* the claims, with the input state the verifier holds at the start (the cheat's
     * segment 1 started its chip from another) */
    const size_t nb = zka_memstate_entries(w->mem, NULL);
    zka_mem_entry *bound = calloc(nb + 1, sizeof *bound);
    zka_memstate_entries(w->mem, bound);
    zka_zkvm_statement st;
    zka_zkvm_segment_claims(w, out0, v_eof, bound, nb, &st);
    const zka_air_table *tp[ZKA_ZKVM_MAX_CHIPS];
    const zka_babybear *trp[ZKA_ZKVM_MAX_CHIPS];
    for (size_t i = 0; i < nc; i++) tp[i] = &tables[i], trp[i] = tr[i];
    if (s == ZKA_OK) s = zka_zkvm_proof_segment(&pw, e, &prm, prover_checks ? prog : NULL, &st, tp,
                                                   trp, nc, log_n, NULL, NULL, ctx);
    free(bound);
    for (size_t i = 0; i < nc; i++) {
      free(tr[i]);
      if (chips[i]->free) chips[i]->free(w, i);
    }
    pc = st.end_pc;
    v_eof = st.eof1;
  }
  if (prover_checks && cheat) {
    /* the prover's own check against the verifier's side refuses to write it at all */
    CHECK(s == ZKA_ERR_INVALID_ARGUMENT && strstr(zka_ctx_last_error(ctx), "do not balance"),
          "the checking prover wrote the cheat: %s", zka_ctx_last_error(ctx));
    if (s != ZKA_OK) printf("  the checking prover refuses the cheat's tables: %s\n", zka_ctx_last_error(ctx));
    s = ZKA_ERR_VERIFY_FAILED;
  } else {
    CHECK(s == ZKA_OK, "forging the segments: %s", zka_ctx_last_error(ctx));
    CHECK(w->output.n == sizeof claim && !memcmp(w->output.p, claim, sizeof claim),
          "the tables write another output than the claim");
  }
  if (s == ZKA_OK) s = zka_zkvm_proof_end(&pw, file, file_len, ctx);
  else zka_zkvm_proof_writer_free(&pw);
  zka_status v = ZKA_ERR_INTERNAL;
  if (s == ZKA_OK) {
    zka_zkvm_result r;
    v = zka_zkvm_verify(prog, *file, *file_len, &r, ctx);
    zka_zkvm_result_clear(&r);
  }
  for (size_t i = 0; i < nc; i++) zka_air_table_free(&tables[i]);
  zka_memstate_free(w->mem);
  zka_vec_free(&w->output);
  zka_vec_free(&w->alu);
  free(w->program_count);
  zka_vec_free(&steps);
  zka_zkvm_result_clear(&res);
  zka_zkvm_program_destroy(prog);
  return v;
}

static void part_cheater(zka_engine *e) {
  uint8_t *f = NULL;
  size_t len = 0;
  zka_status v = eof_forgery(e, 0, 1, &f, &len);
  CHECK(v == ZKA_OK, "the honest three-segment construction: %s", zka_ctx_last_error(ctx));
  if (v == ZKA_OK) printf("  cheater's machinery: an honest run cut in 3 segments by hand verifies\n");
  free(f);
  f = NULL;
  v = eof_forgery(e, 1, 0, &f, &len);
  CHECK(v != ZKA_OK, "input read after its end in a segment without output: ACCEPTED");
  if (v != ZKA_OK) printf("  refused: input read after its end in a segment without output (%s)\n",
                          zka_ctx_last_error(ctx));
  free(f);
  f = NULL;
  v = eof_forgery(e, 1, 1, &f, &len);
  CHECK(v != ZKA_OK && f == NULL, "the checking prover");
  free(f);
}

/* ---- the test --------------------------------------------------------------------------- */

int main(void) {
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  zka_engine *e = engine("cpu");
  CHECK(e != NULL, "engine: %s", zka_ctx_last_error(ctx));
  prog_t p;
  build_loop(&p, 60);
  zka_zkvm_program *prog = load_prog(&p);
  if (!e || !prog) return zka_test_finish("test_zkvm_segments");
  const char *input = "segments"; /* 8 bytes: iteration 8's read is short, then 0 each time */

  zka_zkvm_result ref;
  CHECK(zka_zkvm_run(&ref, prog, (const uint8_t *)input, strlen(input), NULL, ctx) == ZKA_OK &&
            ref.stop == ZKA_ZKVM_HALTED && ref.output_len == 60,
        "the loop runs: %s", zka_ctx_last_error(ctx));

  /* segments of 2^8 cycles */
  zka_zkvm_result res, v;
  uint8_t *proof = NULL;
  size_t len = 0;
  progress_log log = {0};
  zka_status s = prove(e, prog, input, 8, &res, &proof, &len, &log);
  CHECK(s == ZKA_OK, "prove in segments: %s", zka_ctx_last_error(ctx));
  if (s != ZKA_OK) return zka_test_finish("test_zkvm_segments");
  CHECK(log.seen_segment, "progress does not name the segment");
  layout L;
  CHECK(parse(proof, len, &L), "the proof does not follow the documented layout");
  const size_t want_seg = (size_t)((ref.cycles + 255) / 256);
  CHECK(L.n == want_seg && L.n >= 4, "%zu segments for %llu cycles (want %zu)", L.n,
        (unsigned long long)ref.cycles, want_seg);
  uint32_t max_log = 0;
  for (size_t i = 0; i < L.n; i++) max_log = L.log_n[i] > max_log ? L.log_n[i] : max_log;
  CHECK(max_log == 8, "a segment's tables have 2^%u rows, not 2^8", max_log);
  s = zka_zkvm_verify(prog, proof, len, &v, ctx);
  CHECK(s == ZKA_OK, "verify: %s", zka_ctx_last_error(ctx));
  CHECK(s != ZKA_OK || (v.exit_code == ref.exit_code && v.cycles == ref.cycles &&
                        v.output_len == ref.output_len && !memcmp(v.output, ref.output, ref.output_len)),
        "the verified claims differ from the executor's");
  zka_zkvm_result_clear(&v);
  printf("  %llu cycles, exit %d, %zu output bytes: %zu segments of <= 2^8 cycles (tables 2^%u "
         "rows), %zu-byte proof, verified\n", (unsigned long long)ref.cycles, (int)ref.exit_code,
         ref.output_len, L.n, max_log, len);

  /* the same run in one segment */
  {
    uint8_t *one = NULL;
    size_t one_len = 0;
    zka_zkvm_result r1;
    s = prove(e, prog, input, 12, &r1, &one, &one_len, NULL);
    CHECK(s == ZKA_OK, "prove in one segment: %s", zka_ctx_last_error(ctx));
    layout L1;
    CHECK(s != ZKA_OK || (parse(one, one_len, &L1) && L1.n == 1), "one segment expected");
    if (s == ZKA_OK) {
      s = zka_zkvm_verify(prog, one, one_len, &v, ctx);
      CHECK(s == ZKA_OK && v.exit_code == ref.exit_code && v.cycles == ref.cycles &&
                v.output_len == ref.output_len && !memcmp(v.output, ref.output, ref.output_len),
            "one segment: %s", zka_ctx_last_error(ctx));
      printf("  the same run in one segment (tables 2^%u rows): %zu-byte proof, verified\n",
             L1.log_n[0], one_len);
      zka_zkvm_result_clear(&v);
    }
    zka_zkvm_proof_free(one);
    zka_zkvm_result_clear(&r1);
  }

  /* the same bytes on another backend */
  zka_engine *fe = engine("fpga-emu");
  if (fe) {
    uint8_t *q = NULL;
    size_t qlen = 0;
    zka_zkvm_result rq;
    s = prove(fe, prog, input, 8, &rq, &q, &qlen, NULL);
    CHECK(s == ZKA_OK && qlen == len && !memcmp(q, proof, len), "fpga-emu: other bytes (%s)",
          zka_ctx_last_error(ctx));
    printf("  fpga-emu: identical proof bytes\n");
    zka_zkvm_proof_free(q);
    zka_zkvm_result_clear(&rq);
    zka_engine_destroy(fe);
  } else {
    printf("  fpga-emu: not available (%s), cross-backend check skipped\n", zka_ctx_last_error(ctx));
  }

  /* a run twice as long: twice the segments, the same table height */
  {
    prog_t p2;
    build_loop(&p2, 120);
    zka_zkvm_program *prog2 = load_prog(&p2);
    uint8_t *q = NULL;
    size_t qlen = 0;
    zka_zkvm_result r2;
    s = prog2 ? prove(e, prog2, input, 8, &r2, &q, &qlen, NULL) : ZKA_ERR_INVALID_ARGUMENT;
    CHECK(s == ZKA_OK, "the longer run: %s", zka_ctx_last_error(ctx));
    layout L2;
    if (s == ZKA_OK && parse(q, qlen, &L2)) {
      uint32_t m2 = 0;
      for (size_t i = 0; i < L2.n; i++) m2 = L2.log_n[i] > m2 ? L2.log_n[i] : m2;
      CHECK(L2.n >= 2 * L.n - 1 && m2 == max_log, "longer run: %zu segments, tables 2^%u rows", L2.n, m2);
      s = zka_zkvm_verify(prog2, q, qlen, &v, ctx);
      CHECK(s == ZKA_OK && v.cycles == r2.cycles, "verify the longer run: %s", zka_ctx_last_error(ctx));
      zka_zkvm_result_clear(&v);
      printf("  a run of %llu cycles: %zu segments, tables still 2^%u rows, verified\n",
             (unsigned long long)r2.cycles, L2.n, m2);
    } else {
      CHECK(0, "the longer run's proof does not parse");
    }
    zka_zkvm_proof_free(q);
    zka_zkvm_result_clear(&r2);
    zka_zkvm_program_destroy(prog2);
  }

  /* segments without any ecall between two that have some */
  {
    prog_t p3;
    build_quiet(&p3, 500);
    zka_zkvm_program *prog3 = load_prog(&p3);
    zka_zkvm_result r3, x3;
    uint8_t *q = NULL;
    size_t qlen = 0;
    layout L3;
    CHECK(prog3 && zka_zkvm_run(&x3, prog3, (const uint8_t *)input, strlen(input), NULL, ctx) == ZKA_OK,
          "the quiet loop runs");
    s = prog3 ? prove(e, prog3, input, 8, &r3, &q, &qlen, NULL) : ZKA_ERR_INVALID_ARGUMENT;
    CHECK(s == ZKA_OK, "prove the quiet loop: %s", zka_ctx_last_error(ctx));
    if (s == ZKA_OK) {
      CHECK(parse(q, qlen, &L3) && L3.n >= 5, "the quiet loop: %zu segments", L3.n);
      s = zka_zkvm_verify(prog3, q, qlen, &v, ctx);
      CHECK(s == ZKA_OK && v.exit_code == x3.exit_code && v.exit_code == 8 &&
                v.output_len == x3.output_len && !memcmp(v.output, x3.output, v.output_len),
            "verify the quiet loop: %s (exit %d)", zka_ctx_last_error(ctx), (int)v.exit_code);
      printf("  %llu cycles, %zu segments, most without an ecall (input ended in the first, a read "
             "in the last returns 0): verified, exit %d\n", (unsigned long long)x3.cycles, L3.n,
             (int)v.exit_code);
      zka_zkvm_result_clear(&v);
    }
    zka_zkvm_proof_free(q);
    zka_zkvm_result_clear(&r3);
    zka_zkvm_result_clear(&x3);
    zka_zkvm_program_destroy(prog3);
  }

  /* the chain */
  const file_ref A = {proof, &L};
  file_ref src[MAX_SEG];
  size_t seg[MAX_SEG];
  uint8_t *f;
  size_t flen;
  for (size_t i = 0; i < L.n; i++) src[i] = A, seg[i] = i;
  { /* a middle segment left out */
    size_t k = 0;
    for (size_t i = 0; i < L.n; i++)
      if (i != 1) seg[k++] = i;
    f = splice(&A, src, seg, k, &flen);
    expect_refused(prog, f, flen, "segment 1 left out");
  }
  for (size_t i = 0; i < L.n; i++) seg[i] = i;
  f = splice(&A, src, seg, L.n - 1, &flen);
  expect_refused(prog, f, flen, "the last segment left out");
  seg[1] = 2, seg[2] = 1;
  f = splice(&A, src, seg, L.n, &flen);
  expect_refused(prog, f, flen, "segments 1 and 2 swapped");
  seg[1] = 1, seg[2] = 1;
  f = splice(&A, src, seg, L.n, &flen);
  expect_refused(prog, f, flen, "segment 1 in place of 2");
  for (size_t i = 0; i < L.n; i++) seg[i] = i;
  seg[L.n] = L.n - 1;
  src[L.n] = A;
  f = splice(&A, src, seg, L.n + 1, &flen);
  expect_refused(prog, f, flen, "the last segment twice");
  { /* a segment from a run on another input (same program, same cycle count) */
    uint8_t *q = NULL;
    size_t qlen = 0;
    zka_zkvm_result rq;
    s = prove(e, prog, "SEGMENTS", 8, &rq, &q, &qlen, NULL);
    CHECK(s == ZKA_OK, "prove on another input: %s", zka_ctx_last_error(ctx));
    layout LB;
    if (s == ZKA_OK && parse(q, qlen, &LB) && LB.n == L.n) {
      const file_ref B = {q, &LB};
      for (size_t i = 0; i < L.n; i++) src[i] = A, seg[i] = i;
      src[2] = B;
      f = splice(&A, src, seg, L.n, &flen);
      expect_refused(prog, f, flen, "segment 2 from a run on another input");
      src[2] = A;
      src[0] = B; /* the first segment too: the other run reads other bytes */
      f = splice(&A, src, seg, L.n, &flen);
      expect_refused(prog, f, flen, "segment 0 from a run on another input");
      src[0] = A;
    } else {
      CHECK(0, "the other run's proof");
    }
    zka_zkvm_proof_free(q);
    zka_zkvm_result_clear(&rq);
  }
  /* header fields changed (the STARK proofs kept) */
  struct {
    size_t seg, off;
    uint32_t xor;
    const char *what;
  } hdr[] = {
      {0, 8, 4, "segment 0's end pc"},
      {1, 4, 1, "segment 1's cycle count"},
      {0, 12, 1, "segment 0's output count"},
      {0, 16, 1, "segment 0's end-of-input state"},
      {(size_t)-1, 16, 1, "the last segment's end-of-input state"},
      {(size_t)-1, 8, 1, "the last segment's exit code"},
  };
  for (size_t i = 0; i < sizeof hdr / sizeof hdr[0]; i++) {
    const size_t sg = hdr[i].seg == (size_t)-1 ? L.n - 1 : hdr[i].seg;
    f = malloc(len);
    memcpy(f, proof, len);
    put32(f + L.at[sg] + hdr[i].off, get32(f + L.at[sg] + hdr[i].off) ^ hdr[i].xor);
    expect_refused(prog, f, len, hdr[i].what);
  }
  { /* a boundary value: the first listed address's final value in segment 1 */
    const size_t at = L.at[1], nz = get32(proof + at + 20), b = at + 24 + 8 * nz;
    CHECK(get32(proof + b) > 0, "segment 1 touches no memory");
    f = malloc(len);
    memcpy(f, proof, len);
    put32(f + b + 8, get32(f + b + 8) + 1);
    expect_refused(prog, f, len, "segment 1's first boundary value");
    f = malloc(len);
    memcpy(f, proof, len);
    put32(f + b + 4, get32(f + b + 4) + 4); /* the address */
    expect_refused(prog, f, len, "segment 1's first boundary address");
  }
  { /* an output byte: the transcript absorbs the output before any challenge, so the first
     * check to fail is not the final bus balance */
    const size_t at = 4 + 4 + 32 + 4 + 8 + 4 + 30;
    proof[at] ^= 1;
    zka_zkvm_result r;
    s = zka_zkvm_verify(prog, proof, len, &r, ctx);
    CHECK(s != ZKA_OK && !strstr(zka_ctx_last_error(ctx), "buses do not balance"),
          "an output byte changed: %s", s == ZKA_OK ? "ACCEPTED" : zka_ctx_last_error(ctx));
    printf("  refused: %-42s (%s)\n", "output byte 30 changed", zka_ctx_last_error(ctx));
    zka_zkvm_result_clear(&r);
    proof[at] ^= 1;
  }
  { /* truncations: inside a segment's header, inside its STARK proof, a byte short */
    const size_t cuts[3] = {L.at[2] + 10, L.at[3] + L.hdr_len[3] + 100, len - 1};
    for (int i = 0; i < 3; i++) {
      zka_zkvm_result r;
      s = zka_zkvm_verify(prog, proof, cuts[i], &r, ctx);
      CHECK(s == ZKA_ERR_BAD_ENCODING && strstr(zka_ctx_last_error(ctx), "truncated"),
            "a proof cut at %zu of %zu: %s", cuts[i], len, zka_ctx_last_error(ctx));
      zka_zkvm_result_clear(&r);
    }
    printf("  refused: %-42s (%s)\n", "the proof cut short (3 places)", zka_ctx_last_error(ctx));
  }
  { /* random single-bit changes anywhere */
    const long flips = zka_test_iters(60);
    long refused = 0;
    for (long i = 0; i < flips; i++) {
      const size_t at = (size_t)(zka_test_next(&rng) % len);
      const uint8_t bit = (uint8_t)(1u << (zka_test_next(&rng) & 7));
      proof[at] ^= bit;
      zka_zkvm_result r;
      if (zka_zkvm_verify(prog, proof, len, &r, ctx) != ZKA_OK) refused++;
      else CHECK(0, "a bit flip at byte %zu accepted", at);
      zka_zkvm_result_clear(&r);
      proof[at] ^= bit;
    }
    printf("  %ld of %ld random bit flips refused\n", refused, flips);
  }
  part_cheater(e);
  /* log_segment outside the range */
  uint8_t *q = NULL;
  size_t qlen = 0;
  zka_zkvm_result rq;
  s = prove(e, prog, input, 7, &rq, &q, &qlen, NULL);
  CHECK(s == ZKA_ERR_INVALID_ARGUMENT && strstr(zka_ctx_last_error(ctx), "2^8"), "log_segment 7: %s",
        zka_ctx_last_error(ctx));
  printf("  log_segment 7 refused: %s\n", zka_ctx_last_error(ctx));
  zka_zkvm_result_clear(&rq);
  s = prove(e, prog, input, 22, &rq, &q, &qlen, NULL);
  CHECK(s == ZKA_ERR_INVALID_ARGUMENT, "log_segment 22: %s", zka_ctx_last_error(ctx));
  zka_zkvm_result_clear(&rq);

  zka_zkvm_proof_free(proof);
  zka_zkvm_result_clear(&res);
  zka_zkvm_result_clear(&ref);
  zka_zkvm_program_destroy(prog);
  zka_engine_destroy(e);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_segments");
}
