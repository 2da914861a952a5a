/* test_zkvm_air.c — the zkVM's constraint language and mock checker (zkvm/air/air.c), the
 * byte table, the memory-state model and the memory-access gadget (zkvm/air/witness.c), and
 * the ALU reference zka_alu_eval against an independent bit-level model. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/air/zkvm_air.h"

/* ---- Fibonacci: constraints on first row and transitions ------------------------------- */

static void fib_air(zka_air_builder *b) {
  zka_expr a = zka_air_col(b, 0), c = zka_air_col(b, 1);
  zka_air_label(b, "fib: a0 = 0");
  zka_air_assert_zero_when(b, zka_air_first_row(b), a);
  zka_air_label(b, "fib: b0 = 1");
  zka_air_assert_zero_when(b, zka_air_first_row(b), zka_air_add_const(b, c, -1));
  zka_air_label(b, "fib: a' = b");
  zka_air_assert_zero_when(b, zka_air_transition(b), zka_air_sub(b, zka_air_next(b, 0), c));
  zka_air_label(b, "fib: b' = a + b");
  zka_air_assert_zero_when(b, zka_air_transition(b),
                           zka_air_sub(b, zka_air_next(b, 1), zka_air_add(b, a, c)));
}

static int build(zka_air_table *t, const char *name, size_t width, void (*air)(zka_air_builder *),
                 zka_ctx *ctx) {
  zka_air_builder *b;
  if (zka_air_builder_new(&b, name, width, ctx) != ZKA_OK) return 0;
  air(b);
  return zka_air_builder_finish(b, t, ctx) == ZKA_OK;
}

static void test_fibonacci(zka_ctx *ctx) {
  zka_air_table t;
  CHECK(build(&t, "fib", 2, fib_air, ctx), "%s", zka_ctx_last_error(ctx));
  CHECK(t.n_constraints == 4 && t.max_degree == 2, "%zu constraints, degree %u", t.n_constraints, t.max_degree);
  enum { N = 64 };
  zka_babybear rows[N * 2];
  uint32_t a = 0, c = 1;
  for (size_t r = 0; r < N; r++) {
    rows[2 * r] = zka_bb(a);
    rows[2 * r + 1] = zka_bb(c);
    uint32_t s = (uint32_t)(((uint64_t)a + c) % 0x78000001u);
    a = c;
    c = s;
  }
  zka_air_trace tr = {&t, rows};
  CHECK(zka_air_check(&tr, 1, N, NULL, NULL, 0, ctx) == ZKA_OK, "honest: %s", zka_ctx_last_error(ctx));
  rows[2 * 37 + 1] = zka_babybear_add_ref(rows[2 * 37 + 1], zka_bb(1));
  CHECK(zka_air_check(&tr, 1, N, NULL, NULL, 0, ctx) == ZKA_ERR_VERIFY_FAILED, "tampered row 37 accepted");
  CHECK(strstr(zka_ctx_last_error(ctx), "row 36") && strstr(zka_ctx_last_error(ctx), "fib: b' = a + b"),
        "message: %s", zka_ctx_last_error(ctx));
  printf("  fibonacci: honest trace passes; a changed cell is named: %s\n", zka_ctx_last_error(ctx));
  zka_air_table_free(&t);
}

/* ---- builder errors and hash-consing ---------------------------------------------------- */

static void deg4_air(zka_air_builder *b) {
  zka_expr x = zka_air_col(b, 0);
  zka_air_assert_zero(b, zka_air_mul(b, zka_air_mul(b, x, x), zka_air_mul(b, x, x)));
}
static void wide_air(zka_air_builder *b) { zka_air_assert_zero(b, zka_air_col(b, 5)); }

static void test_builder(zka_ctx *ctx) {
  zka_air_table t;
  CHECK(!build(&t, "deg4", 1, deg4_air, ctx), "a degree-4 constraint accepted");
  CHECK(strstr(zka_ctx_last_error(ctx), "degree 4"), "message: %s", zka_ctx_last_error(ctx));
  CHECK(!build(&t, "wide", 2, wide_air, ctx), "a column past the width accepted");
  CHECK(strstr(zka_ctx_last_error(ctx), "width"), "message: %s", zka_ctx_last_error(ctx));
  zka_air_builder *b;
  CHECK(zka_air_builder_new(&b, "cons", 3, ctx) == ZKA_OK, "new");
  zka_expr e1 = zka_air_mul(b, zka_air_add(b, zka_air_col(b, 0), zka_air_col(b, 1)), zka_air_col(b, 2));
  zka_expr e2 = zka_air_mul(b, zka_air_col(b, 2), zka_air_add(b, zka_air_col(b, 1), zka_air_col(b, 0)));
  CHECK(e1 == e2, "the same expression built twice gives two nodes");
  zka_expr k = zka_air_mul(b, zka_air_const(b, 3), zka_air_const(b, -2));
  zka_air_assert_zero(b, zka_air_add_const(b, k, 6)); /* folds to 0: dropped */
  CHECK(zka_air_builder_finish(b, &t, ctx) == ZKA_OK, "finish");
  CHECK(t.n_constraints == 0, "a constant-zero constraint was kept");
  (void)k; /* node handles are renumbered by finish: look the constant up */
  int folded = 0;
  for (size_t i = 0; i < t.n_nodes; i++)
    folded |= t.nodes[i].op == ZKA_AIR_CONST && zka_bb_u32(t.nodes[i].c) == 0x78000001u - 6;
  CHECK(folded, "3*-2 not folded to a constant");
  zka_air_table_free(&t);
  printf("  builder: degree and width errors named; hash-consing and constant folding\n");
}

/* The compiled table must not depend on the order the builder calls ran in (C leaves the
 * order of function arguments open: gcc and clang differ), since the STARK absorbs it. */
static void order_a(zka_air_builder *b) {
  zka_expr x = zka_air_col(b, 0), y = zka_air_next(b, 1), z = zka_air_const(b, 5);
  zka_expr s = zka_air_add(b, x, y), m = zka_air_mul(b, s, z);
  zka_air_assert_zero(b, zka_air_sub(b, m, zka_air_col(b, 2)));
  zka_air_assert_bool(b, zka_air_col(b, 2));
  zka_air_send(b, ZKA_BUS_U8, zka_air_first_row(b), &x, 1);
}
static void order_b(zka_air_builder *b) {
  zka_expr c2 = zka_air_col(b, 2), z = zka_air_const(b, 5), f = zka_air_first_row(b);
  zka_expr y = zka_air_next(b, 1), x = zka_air_col(b, 0);
  zka_expr m = zka_air_mul(b, z, zka_air_add(b, y, x));
  zka_air_assert_zero(b, zka_air_sub(b, m, c2));
  zka_air_assert_bool(b, c2);
  zka_air_send(b, ZKA_BUS_U8, f, &x, 1);
}

static void test_canonical(zka_ctx *ctx) {
  zka_air_table ta, tb;
  CHECK(build(&ta, "t", 3, order_a, ctx) && build(&tb, "t", 3, order_b, ctx), "%s", zka_ctx_last_error(ctx));
  int same = ta.n_nodes == tb.n_nodes && ta.n_constraints == tb.n_constraints && ta.n_inter == tb.n_inter;
  for (size_t i = 0; same && i < ta.n_nodes; i++)
    same = ta.nodes[i].op == tb.nodes[i].op && ta.nodes[i].a == tb.nodes[i].a && ta.nodes[i].b == tb.nodes[i].b &&
           ta.nodes[i].c.v == tb.nodes[i].c.v && ta.nodes[i].degree == tb.nodes[i].degree;
  for (size_t i = 0; same && i < ta.n_constraints; i++) same = ta.constraints[i] == tb.constraints[i];
  for (size_t i = 0; same && i < ta.n_inter; i++)
    same = ta.inter[i].mult == tb.inter[i].mult && ta.inter[i].vals[0] == tb.inter[i].vals[0];
  CHECK(same, "the same table built in two call orders compiles to different node lists");
  for (size_t i = 0; i < ta.n_nodes; i++)
    if (ta.nodes[i].op >= ZKA_AIR_ADD) CHECK(ta.nodes[i].a < i && ta.nodes[i].b < i, "node %zu uses a later node", i);
  size_t nodes = ta.n_nodes;
  zka_air_table_free(&ta);
  zka_air_table_free(&tb);
  printf("  canonical order: one table built in two call orders compiles to the same %zu nodes\n", nodes);
}

/* ---- buses: a table sends bytes, the byte chip receives --------------------------------- */

static void sender_air(zka_air_builder *b) {
  zka_expr x = zka_air_col(b, 0);
  zka_air_send(b, ZKA_BUS_U8, zka_air_col(b, 1), &x, 1);
}

static zka_status ext_none(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  (void)user;
  (void)emit;
  (void)acc;
  (void)ctx;
  return ZKA_OK;
}

static void test_bytes(zka_ctx *ctx, zka_test_rng *rng) {
  zka_air_table ts, tb;
  CHECK(build(&ts, "sender", 2, sender_air, ctx), "%s", zka_ctx_last_error(ctx));
  CHECK(build(&tb, "byte", zka_chip_byte.width, zka_chip_byte.air, ctx), "%s", zka_ctx_last_error(ctx));
  enum { N = 512 };
  zka_zkvm_witness w;
  memset(&w, 0, sizeof w);
  zka_babybear srows[N * 2], brows[N * 2];
  memset(srows, 0, sizeof srows);
  for (size_t r = 0; r < 300; r++) {
    uint32_t x = (uint32_t)(zka_test_next(rng) & 255);
    srows[2 * r] = zka_bb(x);
    srows[2 * r + 1] = zka_bb(1);
    zka_witness_u8(&w, x);
  }
  CHECK(zka_chip_byte.rows(&w, 0) == 256, "byte rows");
  memset(brows, 0, sizeof brows);
  CHECK(zka_chip_byte.fill(&w, 0, brows, N, ctx) == ZKA_OK, "fill");
  zka_air_trace tr[2] = {{&ts, srows}, {&tb, brows}};
  CHECK(zka_air_check(tr, 2, N, ext_none, NULL, 0, ctx) == ZKA_OK, "honest: %s", zka_ctx_last_error(ctx));
  /* a value outside 0..255 with its count moved: no row of the table holds 256 */
  uint32_t x0 = zka_bb_u32(srows[0]);
  srows[0] = zka_bb(256);
  CHECK(zka_air_check(tr, 2, N, ext_none, NULL, 0, ctx) == ZKA_ERR_VERIFY_FAILED, "256 accepted as a byte");
  CHECK(strstr(zka_ctx_last_error(ctx), "bus 1 tuple (256) net +1"), "message: %s", zka_ctx_last_error(ctx));
  srows[0] = zka_bb(x0);
  /* the table cannot skip a value or end elsewhere */
  brows[2 * 100] = zka_bb(101);
  CHECK(zka_air_check(tr, 2, N, NULL, NULL, ZKA_AIR_CHECK_NO_BUS, ctx) == ZKA_ERR_VERIFY_FAILED, "byte table skipped 100");
  brows[2 * 100] = zka_bb(100);
  brows[2 * (N - 1)] = zka_bb(256);
  CHECK(zka_air_check(tr, 2, N, NULL, NULL, ZKA_AIR_CHECK_NO_BUS, ctx) == ZKA_ERR_VERIFY_FAILED, "byte table ended at 256");
  brows[2 * (N - 1)] = zka_bb(255);
  CHECK(zka_air_check(tr, 2, N, ext_none, NULL, 0, ctx) == ZKA_OK, "restored: %s", zka_ctx_last_error(ctx));
  zka_air_table_free(&ts);
  zka_air_table_free(&tb);
  printf("  byte table: 300 random sends balance; 256, a skipped value and a wrong end refused\n");
}

/* ---- memory: accesses through the gadget, init/final played by the external side -------- */

enum { MA_ADDR, MA_TS, MA_WRITE, MA_REAL, MA_V0, MA_GAD = MA_V0 + 4, MA_WIDTH = MA_GAD + ZKA_MEMACC_COLS };

static void access_air(zka_air_builder *b) {
  zka_expr nv[4];
  zka_expr wr = zka_air_col(b, MA_WRITE);
  for (size_t i = 0; i < 4; i++) {
    /* new = written value on writes, the old value on reads */
    zka_expr old = zka_air_memacc_old(b, MA_GAD, i);
    nv[i] = zka_air_add(b, old, zka_air_mul(b, wr, zka_air_sub(b, zka_air_col(b, MA_V0 + i), old)));
  }
  zka_air_mem_access(b, MA_GAD, zka_air_col(b, MA_REAL), zka_air_col(b, MA_ADDR), nv, zka_air_col(b, MA_TS));
}

static zka_status ext_memory(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  zka_zkvm_witness *w = user;
  size_t n = zka_memstate_entries(w->mem, NULL);
  zka_mem_entry *e = calloc(n ? n : 1, sizeof *e);
  if (!e) return ZKA_ERR_OUT_OF_MEMORY;
  zka_memstate_entries(w->mem, e);
  zka_babybear one = zka_bb(1);
  for (size_t i = 0; i < n; i++) {
    /* the memory chip's writable flag: every word of this test is writable (no program) */
    zka_babybear t[7] = {zka_bb(e[i].addr), zka_bb(e[i].init & 255), zka_bb((e[i].init >> 8) & 255),
                         zka_bb((e[i].init >> 16) & 255), zka_bb(e[i].init >> 24), zka_bb(0), one};
    emit(acc, ZKA_BUS_MEM, +1, one, t, 7);
    zka_babybear f[7] = {zka_bb(e[i].addr), zka_bb(e[i].final & 255), zka_bb((e[i].final >> 8) & 255),
                         zka_bb((e[i].final >> 16) & 255), zka_bb(e[i].final >> 24), zka_bb(e[i].final_ts), one};
    emit(acc, ZKA_BUS_MEM, -1, one, f, 7);
  }
  for (uint32_t x = 0; x < 256; x++) {
    zka_babybear v = zka_bb(x);
    if (w->u8_count[x]) emit(acc, ZKA_BUS_U8, -1, zka_bb((uint32_t)w->u8_count[x]), &v, 1);
  }
  free(e);
  (void)ctx;
  return ZKA_OK;
}

static void test_memory(zka_ctx *ctx, zka_test_rng *rng) {
  zka_air_table t;
  CHECK(build(&t, "access", MA_WIDTH, access_air, ctx), "%s", zka_ctx_last_error(ctx));
  enum { N = 256 };
  zka_zkvm_witness w;
  memset(&w, 0, sizeof w);
  CHECK(zka_memstate_new(&w.mem, NULL, ctx) == ZKA_OK, "memstate");
  zka_babybear rows[N * MA_WIDTH];
  memset(rows, 0, sizeof rows);
  uint32_t model[8] = {0}; /* 4 registers + 4 RAM words */
  uint32_t addrs[8] = {1, 2, 5, 31, 0x10000, 0x10004, 0x200000, 0xFFFFFFC};
  uint32_t ts = 1;
  for (size_t r = 0; r < 200; r++) {
    size_t k = (size_t)(zka_test_next(rng) % 8);
    int write = (int)(zka_test_next(rng) & 1);
    uint32_t v = (uint32_t)zka_test_next(rng);
    ts += 1 + (uint32_t)(zka_test_next(rng) % 3);
    zka_babybear *row = rows + r * MA_WIDTH;
    row[MA_ADDR] = zka_bb(addrs[k]);
    row[MA_TS] = zka_bb(ts);
    row[MA_WRITE] = zka_bb((uint32_t)write);
    row[MA_REAL] = zka_bb(1);
    for (size_t i = 0; i < 4; i++) row[MA_V0 + i] = zka_bb(write ? (v >> (8 * i)) & 255 : 0);
    uint32_t old = zka_memacc_gen(&w, row + MA_GAD, addrs[k], write, v, ts);
    CHECK(old == model[k], "memstate returned %08x for %08x, model %08x", old, addrs[k], model[k]);
    if (write) model[k] = v;
  }
  zka_air_trace tr = {&t, rows};
  CHECK(zka_air_check(&tr, 1, N, ext_memory, &w, 0, ctx) == ZKA_OK, "honest: %s", zka_ctx_last_error(ctx));
  CHECK(zka_memstate_entries(w.mem, NULL) == 8, "%zu entries", zka_memstate_entries(w.mem, NULL));
  /* a read that returns something else than the last write */
  size_t r = 0;
  while (zka_bb_u32(rows[r * MA_WIDTH + MA_WRITE]) == 1) r++;
  zka_babybear save = rows[r * MA_WIDTH + MA_GAD + 2];
  rows[r * MA_WIDTH + MA_GAD + 2] = zka_bb((zka_bb_u32(save) + 1) & 255);
  CHECK(zka_air_check(&tr, 1, N, ext_memory, &w, 0, ctx) == ZKA_ERR_VERIFY_FAILED, "a wrong read accepted");
  rows[r * MA_WIDTH + MA_GAD + 2] = save;
  /* an access claiming a later previous time than its own */
  r = 150;
  save = rows[r * MA_WIDTH + MA_TS];
  rows[r * MA_WIDTH + MA_TS] = rows[r * MA_WIDTH + MA_GAD];
  CHECK(zka_air_check(&tr, 1, N, ext_memory, &w, 0, ctx) == ZKA_ERR_VERIFY_FAILED, "ts = prev_ts accepted");
  rows[r * MA_WIDTH + MA_TS] = save;
  CHECK(zka_air_check(&tr, 1, N, ext_memory, &w, 0, ctx) == ZKA_OK, "restored: %s", zka_ctx_last_error(ctx));
  zka_memstate_free(w.mem);
  zka_air_table_free(&t);
  printf("  memory gadget: 200 random register/RAM accesses balance; a wrong read value and a "
         "non-increasing time refused\n");
}

/* ---- ALU reference against a bit-level model --------------------------------------------- */

static uint32_t mulhu_limbs(uint32_t a, uint32_t b) { /* 16-bit schoolbook */
  uint32_t a0 = a & 0xFFFF, a1 = a >> 16, b0 = b & 0xFFFF, b1 = b >> 16;
  uint64_t lo = (uint64_t)a0 * b0, m1 = (uint64_t)a0 * b1, m2 = (uint64_t)a1 * b0, hi = (uint64_t)a1 * b1;
  uint64_t mid = (lo >> 16) + (m1 & 0xFFFF) + (m2 & 0xFFFF);
  return (uint32_t)(hi + (m1 >> 16) + (m2 >> 16) + (mid >> 16));
}

static void divu_bits(uint32_t a, uint32_t b, uint32_t *q, uint32_t *r) {
  if (b == 0) {
    *q = 0xFFFFFFFFu;
    *r = a;
    return;
  }
  uint64_t rem = 0;
  uint32_t quo = 0;
  for (int i = 31; i >= 0; i--) {
    rem = (rem << 1) | ((a >> i) & 1);
    if (rem >= b) {
      rem -= b;
      quo |= 1u << i;
    }
  }
  *q = quo;
  *r = (uint32_t)rem;
}

static uint32_t model(uint32_t op, uint32_t a, uint32_t b) {
  uint32_t sh = b & 31, neg_a = a >> 31, neg_b = b >> 31;
  uint32_t q, r;
  switch (op) {
    case ZKA_ALU_ADD: return a + b;
    case ZKA_ALU_SUB: return a + ~b + 1;
    case ZKA_ALU_XOR: return (a | b) & ~(a & b);
    case ZKA_ALU_OR: return ~(~a & ~b);
    case ZKA_ALU_AND: return a & b;
    case ZKA_ALU_SLL: return sh ? a << sh : a;
    case ZKA_ALU_SRL: return sh ? a >> sh : a;
    case ZKA_ALU_SRA: return sh ? (a >> sh) | (neg_a ? ~(0xFFFFFFFFu >> sh) : 0) : a;
    case ZKA_ALU_SLT: return neg_a != neg_b ? neg_a : a < b;
    case ZKA_ALU_SLTU: return a < b;
    case ZKA_ALU_EQ: return (a ^ b) == 0;
    case ZKA_ALU_MUL: return a * b;
    case ZKA_ALU_MULHU: return mulhu_limbs(a, b);
    case ZKA_ALU_MULH: /* signed high word from the unsigned one */
      return mulhu_limbs(a, b) - (neg_a ? b : 0) - (neg_b ? a : 0);
    case ZKA_ALU_MULHSU: return mulhu_limbs(a, b) - (neg_a ? b : 0);
    case ZKA_ALU_DIVU: divu_bits(a, b, &q, &r); return q;
    case ZKA_ALU_REMU: divu_bits(a, b, &q, &r); return r;
    case ZKA_ALU_DIV:
    case ZKA_ALU_REM: {
      if (b == 0) return op == ZKA_ALU_DIV ? 0xFFFFFFFFu : a;
      uint32_t ua = neg_a ? 0u - a : a, ub = neg_b ? 0u - b : b;
      divu_bits(ua, ub, &q, &r);
      if (op == ZKA_ALU_DIV) return (neg_a ^ neg_b) ? 0u - q : q; /* -2^31/-1 wraps to -2^31 */
      return neg_a ? 0u - r : r;
    }
    default: return 0;
  }
}

static void test_alu(zka_test_rng *rng) {
  static const uint32_t edge[] = {0, 1, 2, 3, 31, 32, 33, 0x7FFFFFFFu, 0x80000000u, 0x80000001u,
                                  0xFFFFFFFFu, 0xFFFFFFFEu, 0x10000u, 0xFFFFu, 0x12345678u};
  size_t ne = sizeof edge / sizeof edge[0], checked = 0;
  for (uint32_t op = ZKA_ALU_ADD; op < ZKA_ALU_OP_COUNT; op++) {
    for (size_t i = 0; i < ne; i++)
      for (size_t j = 0; j < ne; j++, checked++)
        CHECK(zka_alu_eval(op, edge[i], edge[j]) == model(op, edge[i], edge[j]), "op %u %08x %08x: %08x vs %08x",
              op, edge[i], edge[j], zka_alu_eval(op, edge[i], edge[j]), model(op, edge[i], edge[j]));
    for (long k = 0; k < zka_test_iters(20000); k++, checked++) {
      uint32_t a = (uint32_t)zka_test_next(rng), b = (uint32_t)zka_test_next(rng);
      if (k & 1) b >>= (b & 31);
      CHECK(zka_alu_eval(op, a, b) == model(op, a, b), "op %u %08x %08x", op, a, b);
    }
  }
  /* the spec's table of division corner cases (RISC-V unprivileged spec, M extension) */
  CHECK(zka_alu_eval(ZKA_ALU_DIV, 7, 0) == 0xFFFFFFFFu && zka_alu_eval(ZKA_ALU_REM, 7, 0) == 7, "x/0");
  CHECK(zka_alu_eval(ZKA_ALU_DIV, 0x80000000u, 0xFFFFFFFFu) == 0x80000000u &&
            zka_alu_eval(ZKA_ALU_REM, 0x80000000u, 0xFFFFFFFFu) == 0, "overflow");
  CHECK(zka_alu_eval(ZKA_ALU_DIV, (uint32_t)-7, 2) == (uint32_t)-3 && zka_alu_eval(ZKA_ALU_REM, (uint32_t)-7, 2) == (uint32_t)-1,
        "rounding toward zero");
  printf("  alu reference: %zu cases against a bit-level model and the spec's corner cases\n", checked);
}

int main(void) {
  zka_ctx *ctx = NULL;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  test_fibonacci(ctx);
  test_builder(ctx);
  test_canonical(ctx);
  test_bytes(ctx, &rng);
  test_memory(ctx, &rng);
  test_alu(&rng);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_air");
}
