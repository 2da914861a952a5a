/* test_zkvm_alu.c — the zkVM's ALU chips (zkvm/chips/alu_*.c) under the mock checker.
 *
 * For every ALU op, edge and random operands become ALU events (zka_witness_alu); the chips'
 * gen/fill make their traces, and zka_air_check runs with an external side that plays the
 * CPU (sends each event's tuple on ZKA_BUS_ALU) and the byte chip (receives the U8 counts).
 * Then the negative side: every single cell of every real row of small traces is changed
 * (only cells the design leaves free may survive), a wrong result sent by the CPU side
 * leaves the bus unbalanced, and hand-made rows for wrong divisions (remainder too big,
 * wrong sign, b = 0 without the flag) are refused. */
#include <stdlib.h>
#include <string.h>

#include "test_util.h"
#include "zkaccel/zkaccel.h"
#include "zkvm/air/zkvm_air.h"
#include "zkvm/chips/alu_internal.h"

#define P_BB 0x78000001u

static const char *const op_names[ZKA_ALU_OP_COUNT] = {
    "?",    "add", "sub", "xor",  "or",     "and",   "sll", "srl",  "sra", "slt",
    "sltu", "eq",  "mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"};

/* An independent RV32IM reference (the spec's wording, not the library's code). */
static uint32_t ref_alu(uint32_t op, uint32_t a, uint32_t b) {
  int64_t sa = (int32_t)a, sb = (int32_t)b;
  unsigned s = b & 31;
  switch (op) {
    case ZKA_ALU_ADD:
      return (uint32_t)((uint64_t)a + b);
    case ZKA_ALU_SUB:
      return (uint32_t)((uint64_t)a - b);
    case ZKA_ALU_XOR:
      return a ^ b;
    case ZKA_ALU_OR:
      return a | b;
    case ZKA_ALU_AND:
      return a & b;
    case ZKA_ALU_SLL:
      return (uint32_t)((uint64_t)a << s);
    case ZKA_ALU_SRL:
      return a >> s;
    case ZKA_ALU_SRA:
      return (uint32_t)(int32_t)(sa >= 0 ? sa >> s : -((-sa - 1) >> s) - 1);
    case ZKA_ALU_SLT:
      return sa < sb;
    case ZKA_ALU_SLTU:
      return a < b;
    case ZKA_ALU_EQ:
      return a == b;
    case ZKA_ALU_MUL:
      return (uint32_t)(sa * sb);
    case ZKA_ALU_MULH:
      return (uint32_t)((uint64_t)(sa * sb) >> 32);
    case ZKA_ALU_MULHSU: { /* sa·b as a 64-bit two's-complement value */
      uint64_t m = (uint64_t)a * b - (a >> 31 ? (uint64_t)b << 32 : 0);
      return (uint32_t)(m >> 32);
    }
    case ZKA_ALU_MULHU:
      return (uint32_t)(((uint64_t)a * b) >> 32);
    case ZKA_ALU_DIV:
      return b == 0 ? 0xFFFFFFFFu : (uint32_t)(sb == -1 ? -sa : sa / sb);
    case ZKA_ALU_DIVU:
      return b == 0 ? 0xFFFFFFFFu : a / b;
    case ZKA_ALU_REM:
      return b == 0 ? a : (uint32_t)(sb == -1 ? 0 : sa % sb);
    case ZKA_ALU_REMU:
      return b == 0 ? a : a % b;
    default:
      return 0;
  }
}

static const uint32_t edge[] = {
    0,          1,          2,          3,          7,          31,         32,         33,
    63,         127,        128,        255,        256,        0x10000,    0x7FFFFFFF, 0x80000000,
    0x80000001, 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFF9, 0x40000000, 0x00FF00FF, 0xDEADBEEF, 0x12345678};
#define N_EDGE (sizeof edge / sizeof edge[0])

/* ---- a witness of ALU events and the chips' traces --------------------------------------- */

enum { MAX_CHIPS = 8 };

typedef struct {
  zka_zkvm_witness w;
  zka_alu_event *sent; /* the events the CPU side sends (copied before gen) */
  size_t n_sent;
  const zka_chip *chips[MAX_CHIPS];
  size_t n_chips;
  zka_air_table tables[MAX_CHIPS];
  zka_babybear *rows[MAX_CHIPS];
  size_t n;
  /* the external side's cheat: event bad_event's c xor bad_mask (bad_event = -1: none) */
  long bad_event;
  uint32_t bad_mask;
} alu_setup;

static zka_status ext_alu(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  alu_setup *s = user;
  zka_babybear one = zka_bb(1);
  for (size_t i = 0; i < s->n_sent; i++) {
    zka_alu_event e = s->sent[i];
    uint32_t c = e.c ^ ((long)i == s->bad_event ? s->bad_mask : 0);
    zka_babybear t[13];
    t[0] = zka_bb(e.op);
    for (unsigned k = 0; k < 4; k++) {
      t[1 + k] = zka_bb(zka_alu_byte(e.a, k));
      t[5 + k] = zka_bb(zka_alu_byte(e.b, k));
      t[9 + k] = zka_bb(zka_alu_byte(c, k));
    }
    emit(acc, ZKA_BUS_ALU, +1, one, t, 13);
  }
  for (uint32_t x = 0; x < 256; x++) {
    zka_babybear v = zka_bb(x);
    if (s->w.u8_count[x])
      emit(acc, ZKA_BUS_U8, -1, zka_bb((uint32_t)(s->w.u8_count[x] % P_BB)), &v, 1);
  }
  (void)ctx;
  return ZKA_OK;
}

static void setup_free(alu_setup *s) {
  for (size_t i = 0; i < s->n_chips; i++) {
    if (s->chips[i]->free) s->chips[i]->free(&s->w, i);
    zka_air_table_free(&s->tables[i]);
    free(s->rows[i]);
  }
  zka_vec_free(&s->w.alu);
  free(s->sent);
  memset(s, 0, sizeof *s);
}

/* Record the events (op, a, b) and build every chip's trace; 1 on success. */
static int setup_make(alu_setup *s, const uint32_t (*ev)[3], size_t n_ev, zka_ctx *ctx) {
  memset(s, 0, sizeof *s);
  s->bad_event = -1;
  zka_vec_init(&s->w.alu, sizeof(zka_alu_event));
  for (size_t i = 0; i < n_ev; i++) {
    uint32_t c = zka_witness_alu(&s->w, ev[i][0], ev[i][1], ev[i][2]);
    CHECK(c == ref_alu(ev[i][0], ev[i][1], ev[i][2]),
          "zka_alu_eval %s(0x%08x, 0x%08x) = 0x%08x, reference 0x%08x", op_names[ev[i][0]],
          ev[i][1], ev[i][2], c, ref_alu(ev[i][0], ev[i][1], ev[i][2]));
  }
  if (s->w.alu.n != n_ev) return 0;
  s->sent = malloc((n_ev ? n_ev : 1) * sizeof *s->sent);
  if (!s->sent) return 0;
  memcpy(s->sent, s->w.alu.p, n_ev * sizeof *s->sent);
  s->n_sent = n_ev;
  s->n_chips = zka_alu_chips(s->chips, MAX_CHIPS);
  CHECK(s->n_chips == 6, "%zu ALU chips", s->n_chips);
  if (s->n_chips > MAX_CHIPS) return 0;
  size_t max_rows = 0;
  for (size_t i = 0; i < s->n_chips; i++) {
    const zka_chip *c = s->chips[i];
    if (c->gen && c->gen(&s->w, i, ctx) != ZKA_OK) {
      CHECK(0, "%s gen: %s", c->name, zka_ctx_last_error(ctx));
      return 0;
    }
    size_t r = c->rows(&s->w, i);
    if (r > max_rows) max_rows = r;
  }
  CHECK(s->w.alu.n == n_ev, "gen added ALU events");
  s->n = 4;
  while (s->n < max_rows) s->n *= 2;
  for (size_t i = 0; i < s->n_chips; i++) {
    const zka_chip *c = s->chips[i];
    zka_air_builder *b;
    if (zka_air_builder_new(&b, c->name, c->width, ctx) != ZKA_OK) return 0;
    c->air(b);
    if (zka_air_builder_finish(b, &s->tables[i], ctx) != ZKA_OK) {
      CHECK(0, "%s air: %s", c->name, zka_ctx_last_error(ctx));
      return 0;
    }
    s->rows[i] = calloc(s->n * c->width, sizeof(zka_babybear));
    if (!s->rows[i]) return 0;
    if (c->fill(&s->w, i, s->rows[i], s->n, ctx) != ZKA_OK) {
      CHECK(0, "%s fill: %s", c->name, zka_ctx_last_error(ctx));
      return 0;
    }
  }
  return 1;
}

static zka_status setup_check(alu_setup *s, unsigned flags, zka_ctx *ctx) {
  zka_air_trace tr[MAX_CHIPS];
  for (size_t i = 0; i < s->n_chips; i++) {
    tr[i].air = &s->tables[i];
    tr[i].rows = s->rows[i];
  }
  return zka_air_check(tr, s->n_chips, s->n, ext_alu, s, flags, ctx);
}

/* ---- the honest run: every op on edge and random operands -------------------------------- */

static void test_honest(zka_ctx *ctx, zka_test_rng *rng) {
  size_t n_rand = (size_t)zka_test_iters(64);
  size_t cap = (ZKA_ALU_OP_COUNT - 1) * (N_EDGE * N_EDGE + n_rand);
  uint32_t(*ev)[3] = malloc(cap * sizeof *ev);
  CHECK(ev != NULL, "out of memory");
  if (!ev) return;
  size_t n = 0;
  for (uint32_t op = ZKA_ALU_ADD; op < ZKA_ALU_OP_COUNT; op++) {
    for (size_t i = 0; i < N_EDGE; i++)
      for (size_t j = 0; j < N_EDGE; j++) {
        ev[n][0] = op;
        ev[n][1] = edge[i];
        ev[n][2] = edge[j];
        n++;
      }
    for (size_t k = 0; k < n_rand; k++) {
      uint64_t x = zka_test_next(rng);
      ev[n][0] = op;
      ev[n][1] = (uint32_t)x;
      /* small divisors and shift amounts past 32 half the time */
      ev[n][2] = (x >> 63) ? (uint32_t)(x >> 32) : (uint32_t)((x >> 32) % 97) - 48;
      n++;
    }
  }
  alu_setup s;
  int ok = setup_make(&s, (const uint32_t(*)[3])ev, n, ctx);
  CHECK(ok, "setup: %s", zka_ctx_last_error(ctx));
  if (ok) {
    for (size_t i = 0; i < s.n_chips; i++)
      printf("  %-12s width %3zu, %3zu constraints, %2zu interactions, degree %u, %5zu rows\n",
             s.chips[i]->name, s.tables[i].width, s.tables[i].n_constraints, s.tables[i].n_inter,
             s.tables[i].max_degree, s.chips[i]->rows(&s.w, i));
    for (size_t i = 0; i < s.n_chips; i++)
      CHECK(s.tables[i].max_degree <= ZKA_AIR_MAX_DEGREE && s.tables[i].width == s.chips[i]->width,
            "%s degree %u", s.chips[i]->name, s.tables[i].max_degree);
    zka_status st = setup_check(&s, 0, ctx);
    CHECK(st == ZKA_OK, "honest trace of %zu events: %s", n, zka_ctx_last_error(ctx));
    /* the CPU side sends a wrong result: no chip can receive it */
    size_t bad = 0, refused = 0;
    /* a stride below the events per op (576 + n_rand) hits every op about twice; each
     * check covers the whole n = 4096 trace, so they are kept few */
    for (size_t e = 0; e < n; e += 293) {
      s.bad_event = (long)e;
      s.bad_mask = 1u << (zka_test_next(rng) % 32);
      bad++;
      refused += setup_check(&s, 0, ctx) == ZKA_ERR_VERIFY_FAILED;
    }
    s.bad_event = -1;
    CHECK(refused == bad, "%zu of %zu wrong results sent by the CPU side accepted", bad - refused,
          bad);
    /* the byte chip's side: one count off */
    s.w.u8_count[0]++;
    CHECK(setup_check(&s, 0, ctx) == ZKA_ERR_VERIFY_FAILED, "U8 counts off by one accepted");
    s.w.u8_count[0]--;
    /* fill refuses a height below the row count */
    size_t big = 0;
    for (size_t i = 1; i < s.n_chips; i++)
      if (s.chips[i]->rows(&s.w, i) > s.chips[big]->rows(&s.w, big)) big = i;
    CHECK(s.chips[big]->fill(&s.w, big, s.rows[big], 2, ctx) != ZKA_OK,
          "fill into 2 rows accepted");
    printf(
        "  honest: %zu events (%zu edge pairs and %zu random per op) pass on n = %zu; %zu wrong "
        "results sent by the CPU side refused\n",
        n, N_EDGE * N_EDGE, n_rand, s.n, refused);
  }
  setup_free(&s);
  free(ev);
}

/* ---- single-cell tampering ---------------------------------------------------------------- */

/* Cells the design leaves free on this row (changing them proves nothing else). */
static int cell_is_free(size_t chip, const uint32_t *cells, size_t col) {
  const zka_chip *c = NULL;
  const zka_chip *list[MAX_CHIPS];
  size_t n = zka_alu_chips(list, MAX_CHIPS);
  if (chip < n) c = list[chip];
  if (c == &zka_chip_alu_lt && col == ZKA_ALU_LT_INV) {
    /* inv only matters for EQ with a != b */
    uint32_t s = 0;
    for (int i = 0; i < 4; i++) s += cells[ZKA_ALU_LT_D + i];
    return !cells[2] || s == 0;
  }
  if (c == &zka_chip_alu_divrem) {
    if (col >= ZKA_ALU_DIV_KR && col < ZKA_ALU_DIV_KR + 4 && !cells[ZKA_ALU_DIV_SR]) return 1;
    if (col >= ZKA_ALU_DIV_KB && col < ZKA_ALU_DIV_KB + 4 && !cells[ZKA_ALU_DIV_SB]) return 1;
    if (col >= ZKA_ALU_DIV_CC && col < ZKA_ALU_DIV_CC + 3 && cells[ZKA_ALU_DIV_BZ]) return 1;
  }
  return 0;
}

static void test_tamper(zka_ctx *ctx) {
  /* One event per trace (n = 4), so each of the many checks is cheap; the operands cover
   * zero, one, -1, both extreme signed values, a shift past 32 and a negative dividend. */
  static const uint32_t small[] = {0,          1,          33,         0x7FFFFFFF,
                                   0x80000000, 0xFFFFFFFF, 0xFFFFFFF9, 0xDEADBEEF};
  enum { NS = sizeof small / sizeof small[0] };
  size_t per_chip[MAX_CHIPS][3] = {{0}}; /* changes refused, changes tried, free cells */
  const char *names[MAX_CHIPS] = {0};
  for (uint32_t op = ZKA_ALU_ADD; op < ZKA_ALU_OP_COUNT; op++)
    for (size_t i = 0; i < NS; i++)
      for (size_t j = 0; j < NS; j++) {
        uint32_t ev[1][3] = {{op, small[i], small[j]}};
        alu_setup s;
        if (!setup_make(&s, (const uint32_t(*)[3])ev, 1, ctx)) {
          CHECK(0, "setup %s: %s", op_names[op], zka_ctx_last_error(ctx));
          setup_free(&s);
          continue;
        }
        size_t ci = 0;
        while (ci < s.n_chips && s.chips[ci]->rows(&s.w, ci) != 1) ci++;
        CHECK(ci < s.n_chips, "no chip took %s", op_names[op]);
        if (ci == s.n_chips) {
          setup_free(&s);
          continue;
        }
        names[ci] = s.chips[ci]->name;
        CHECK(setup_check(&s, 0, ctx) == ZKA_OK, "%s(0x%08x, 0x%08x) honest: %s", op_names[op],
              small[i], small[j], zka_ctx_last_error(ctx));
        size_t width = s.chips[ci]->width;
        const uint32_t *cells = zka_alu_row_cells(&s.w, ci, 0);
        zka_air_trace tr = {&s.tables[ci], s.rows[ci]};
        for (size_t col = 0; col < width; col++) {
          zka_babybear *cell = &s.rows[ci][col];
          zka_babybear keep = *cell;
          int is_free = cell_is_free(ci, cells, col);
          for (int v = 0; v < 2; v++) { /* +1, and -1 where the cell is not 0 */
            if (v == 1 && zka_bb_u32(keep) == 0) continue;
            *cell = v == 0 ? zka_babybear_add_ref(keep, zka_bb(1))
                           : zka_babybear_sub_ref(keep, zka_bb(1));
            zka_status st = zka_air_check(&tr, 1, s.n, ext_alu, &s, 0, ctx);
            if (is_free) {
              per_chip[ci][2]++;
              continue;
            }
            per_chip[ci][1]++;
            per_chip[ci][0] += st == ZKA_ERR_VERIFY_FAILED;
            CHECK(st == ZKA_ERR_VERIFY_FAILED,
                  "%s(0x%08x, 0x%08x): %s column %zu changed to %u accepted", op_names[op],
                  small[i], small[j], s.chips[ci]->name, col, zka_bb_u32(*cell));
          }
          *cell = keep;
        }
        /* a padding row that turns itself on (all zero but one flag) */
        s.rows[ci][width] = zka_bb(1);
        CHECK(zka_air_check(&tr, 1, s.n, ext_alu, &s, 0, ctx) == ZKA_ERR_VERIFY_FAILED,
              "%s: a padding row with a flag set accepted", s.chips[ci]->name);
        setup_free(&s);
      }
  size_t total = 0, caught = 0;
  for (size_t ci = 0; ci < MAX_CHIPS; ci++) {
    if (!names[ci]) continue;
    printf(
        "  tamper %-12s %6zu single-cell changes refused of %6zu (%zu changes of free cells "
        "skipped)\n",
        names[ci], per_chip[ci][0], per_chip[ci][1], per_chip[ci][2]);
    total += per_chip[ci][1];
    caught += per_chip[ci][0];
  }
  CHECK(total > 0 && caught == total, "tampering: %zu of %zu accepted", total - caught, total);
}

/* ---- hand-made rows claiming a wrong division ------------------------------------------- */

typedef struct {
  zka_alu_event e;
  const uint64_t *u8;
} claim_user;

static zka_status ext_claim(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  const claim_user *u = user;
  zka_babybear t[13];
  t[0] = zka_bb(u->e.op);
  for (unsigned k = 0; k < 4; k++) {
    t[1 + k] = zka_bb(zka_alu_byte(u->e.a, k));
    t[5 + k] = zka_bb(zka_alu_byte(u->e.b, k));
    t[9 + k] = zka_bb(zka_alu_byte(u->e.c, k));
  }
  emit(acc, ZKA_BUS_ALU, +1, zka_bb(1), t, 13);
  for (uint32_t x = 0; x < 256; x++) {
    zka_babybear v = zka_bb(x);
    if (u->u8[x]) emit(acc, ZKA_BUS_U8, -1, zka_bb((uint32_t)u->u8[x]), &v, 1);
  }
  (void)ctx;
  return ZKA_OK;
}

/* Check a divrem row claiming (q, r) for op(a, b), with cell edits (col, value) applied;
 * the CPU side sends the claimed result.  Returns the checker's status. */
static zka_status check_claim(zka_ctx *ctx, uint32_t op, uint32_t a, uint32_t b, uint32_t q,
                              uint32_t r, const uint32_t (*edits)[2], size_t n_edits) {
  enum { N = 4 };
  zka_zkvm_witness w;
  memset(&w, 0, sizeof w);
  uint32_t cells[ZKA_ALU_DIV_WIDTH];
  memset(cells, 0, sizeof cells);
  zka_alu_divrem_row_claim(&w, op, a, b, q, r, cells);
  for (size_t i = 0; i < n_edits; i++) cells[edits[i][0]] = edits[i][1];
  zka_babybear rows[N * ZKA_ALU_DIV_WIDTH];
  memset(rows, 0, sizeof rows);
  for (size_t i = 0; i < ZKA_ALU_DIV_WIDTH; i++) rows[i] = zka_bb(cells[i]);
  zka_air_table t;
  zka_air_builder *b2;
  if (zka_air_builder_new(&b2, "alu_divrem", ZKA_ALU_DIV_WIDTH, ctx) != ZKA_OK)
    return ZKA_ERR_INTERNAL;
  zka_chip_alu_divrem.air(b2);
  if (zka_air_builder_finish(b2, &t, ctx) != ZKA_OK) return ZKA_ERR_INTERNAL;
  claim_user u = {{op, a, b, (op == ZKA_ALU_DIV || op == ZKA_ALU_DIVU) ? q : r}, w.u8_count};
  zka_air_trace tr = {&t, rows};
  zka_status st = zka_air_check(&tr, 1, N, ext_claim, &u, 0, ctx);
  zka_air_table_free(&t);
  return st;
}

static void test_wrong_division(zka_ctx *ctx) {
  /* (op, a, b, claimed q, claimed r, cell edit: column or -1, value, expect ok, what) */
  static const struct {
    uint32_t op, a, b, q, r;
    int edit_col;
    uint32_t edit_val;
    int ok;
    const char *what;
  } cases[] = {
      /* controls: the right answers pass through the same harness */
      {ZKA_ALU_DIVU, 100, 7, 14, 2, -1, 0, 1, "divu control"},
      {ZKA_ALU_REM, (uint32_t)-7, 2, (uint32_t)-3, (uint32_t)-1, -1, 0, 1, "rem control"},
      {ZKA_ALU_DIV, 0x80000000u, 0xFFFFFFFFu, 0x80000000u, 0, -1, 0, 1, "overflow control"},
      {ZKA_ALU_REMU, 5, 0, 0xFFFFFFFFu, 5, -1, 0, 1, "b = 0 control"},
      {ZKA_ALU_DIV, 5, 0x80000000u, 0, 5, -1, 0, 1, "b = -2^31 control"},
      /* a = q·b + r holds but r >= b (q one too small) */
      {ZKA_ALU_DIVU, 100, 7, 13, 9, -1, 0, 0, "divu r >= b"},
      {ZKA_ALU_REMU, 100, 7, 13, 9, -1, 0, 0, "remu r >= b"},
      {ZKA_ALU_DIVU, 0xFFFFFFFFu, 1, 0xFFFFFFFEu, 1, -1, 0, 0, "divu r = b"},
      /* signed: |r| < |b| but r's sign differs from a's (floor instead of truncation) */
      {ZKA_ALU_DIV, (uint32_t)-7, 2, (uint32_t)-4, 1, -1, 0, 0, "div rounded down"},
      {ZKA_ALU_REM, 7, (uint32_t)-2, (uint32_t)-4, (uint32_t)-1, -1, 0, 0, "rem of the wrong sign"},
      /* signed |r| > |b| */
      {ZKA_ALU_REM, (uint32_t)-7, (uint32_t)-2, 2, (uint32_t)-3, -1, 0, 0, "rem |r| > |b|"},
      /* unsigned wrap-around: q·b + r = a + 2^32 */
      {ZKA_ALU_DIVU, 1, 2, 0x80000000u, 1, -1, 0, 0, "divu q·b + r = a + 2^32"},
      /* b = 0 without the flag: any quotient with r = a */
      {ZKA_ALU_DIVU, 5, 0, 0, 5, ZKA_ALU_DIV_BZ, 0, 0, "b = 0 without bz"},
      {ZKA_ALU_DIV, 5, 0, 7, 5, ZKA_ALU_DIV_BZ, 0, 0, "b = 0 without bz, q = 7"},
      {ZKA_ALU_DIVU, 5, 0, 7, 5, -1, 0, 0, "b = 0 with bz, q = 7"},
      /* the flag without b = 0: q forced to -1 and the remainder unchecked */
      {ZKA_ALU_DIVU, 12, 3, 0xFFFFFFFFu, 15, ZKA_ALU_DIV_BZ, 1, 0, "bz with b = 3"},
      /* the overflow case without the flag (q = 2^31 would be needed) */
      {ZKA_ALU_DIV, 0x80000000u, 0xFFFFFFFFu, 0x80000000u, 0, ZKA_ALU_DIV_OVF, 0, 0,
       "overflow without ovf"},
      /* the overflow flag elsewhere: unsigned, or another divisor */
      {ZKA_ALU_DIVU, 0x80000000u, 0xFFFFFFFFu, 0x80000000u, 0, ZKA_ALU_DIV_OVF, 1, 0,
       "ovf on divu"},
      {ZKA_ALU_DIV, 0x80000000u, 1, 0x80000000u, 0, ZKA_ALU_DIV_OVF, 1, 0, "ovf with b = 1"},
      {ZKA_ALU_DIV, 0x80000000u, 2, 0x80000000u, 0, ZKA_ALU_DIV_OVF, 1, 0, "ovf with b = 2"},
  };
  size_t controls = 0, refused = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    uint32_t e[1][2] = {{(uint32_t)cases[i].edit_col, cases[i].edit_val}};
    zka_status st = check_claim(ctx, cases[i].op, cases[i].a, cases[i].b, cases[i].q, cases[i].r,
                                (const uint32_t(*)[2])e, cases[i].edit_col < 0 ? 0 : 1);
    if (cases[i].ok) {
      CHECK(st == ZKA_OK, "%s refused: %s", cases[i].what, zka_ctx_last_error(ctx));
      controls += st == ZKA_OK;
    } else {
      CHECK(st == ZKA_ERR_VERIFY_FAILED, "%s accepted", cases[i].what);
      refused += st == ZKA_ERR_VERIFY_FAILED;
    }
  }
  printf("  wrong divisions: %zu controls pass, %zu hand-made wrong rows refused\n", controls,
         refused);
}

/* ---- a cheating prover with the byte chip and the CPU on its side ---------------------- */

/* The external side a cheater would want: it sends exactly the tuples the table's rows
 * receive on ZKA_BUS_ALU (the CPU asks for whatever result the row claims) and receives
 * every ZKA_BUS_U8 value below 256 as often as it is sent (the byte chip's multiplicities
 * are the prover's).  What is left to stop a wrong result: the constraints, and U8 sends
 * of values that are not bytes. */
typedef struct {
  const zka_air_table *t;
  const zka_babybear *rows;
  size_t n;
} mirror_user;

static zka_status ext_mirror(void *user, zka_air_emit_fn emit, void *acc, zka_ctx *ctx) {
  const mirror_user *u = user;
  zka_babybear *vals = malloc(u->t->n_nodes * sizeof *vals);
  if (!vals) return ZKA_ERR_OUT_OF_MEMORY;
  zka_babybear one = zka_bb(1), zero = zka_bb(0);
  size_t w = u->t->width;
  for (size_t r = 0; r < u->n; r++) {
    zka_air_eval_row(u->t, vals, u->rows + r * w, u->rows + ((r + 1) % u->n) * w,
                     r == 0 ? one : zero, r == u->n - 1 ? one : zero, r == u->n - 1 ? zero : one);
    for (size_t i = 0; i < u->t->n_inter; i++) {
      const zka_air_interaction *it = &u->t->inter[i];
      zka_babybear m = vals[it->mult], tuple[ZKA_AIR_MAX_TUPLE];
      if (zka_bb_u32(m) == 0) continue;
      for (size_t k = 0; k < it->n; k++) tuple[k] = vals[it->vals[k]];
      if (it->bus == ZKA_BUS_ALU || (it->bus == ZKA_BUS_U8 && zka_bb_u32(tuple[0]) < 256))
        emit(acc, it->bus, -it->sign, m, tuple, it->n);
    }
  }
  free(vals);
  (void)ctx;
  return ZKA_OK;
}

/* The canonical integer -x mod p. */
static uint32_t neg(uint32_t x) { return P_BB - x; }

/* Apply edits (column, canonical value) to the only real row of op(a, b)'s trace (or,
 * with row != NULL, replace that row first), and check that the rows' constraints still
 * hold (the attack is otherwise consistent) but the full check refuses it. */
static int attack_ex(zka_ctx *ctx, uint32_t op, uint32_t a, uint32_t b, const uint32_t *row,
                     const uint32_t (*edits)[2], size_t n_edits, const char *expect,
                     const char *what) {
  uint32_t ev[1][3] = {{op, a, b}};
  alu_setup s;
  int refused = 0;
  if (!setup_make(&s, (const uint32_t(*)[3])ev, 1, ctx)) {
    CHECK(0, "%s: setup: %s", what, zka_ctx_last_error(ctx));
    setup_free(&s);
    return 0;
  }
  size_t ci = 0;
  while (ci < s.n_chips && s.chips[ci]->rows(&s.w, ci) != 1) ci++;
  if (ci < s.n_chips) {
    size_t width = s.chips[ci]->width;
    mirror_user u = {&s.tables[ci], s.rows[ci], s.n};
    zka_air_trace tr = {&s.tables[ci], s.rows[ci]};
    CHECK(zka_air_check(&tr, 1, s.n, ext_mirror, &u, 0, ctx) == ZKA_OK,
          "%s: honest row under the cheater's "
          "external side: %s",
          what, zka_ctx_last_error(ctx));
    if (row)
      for (size_t c = 0; c < width; c++) s.rows[ci][c] = zka_bb(row[c]);
    for (size_t i = 0; i < n_edits; i++) s.rows[ci][edits[i][0]] = zka_bb(edits[i][1]);
    if (!expect) {
      zka_status cons = zka_air_check(&tr, 1, s.n, NULL, NULL, ZKA_AIR_CHECK_NO_BUS, ctx);
      CHECK(cons == ZKA_OK, "%s: the attack row breaks a constraint (%s): it tests nothing", what,
            zka_ctx_last_error(ctx));
    }
    zka_status st = zka_air_check(&tr, 1, s.n, ext_mirror, &u, 0, ctx);
    refused = st == ZKA_ERR_VERIFY_FAILED &&
              strstr(zka_ctx_last_error(ctx), expect ? expect : "bus 1 tuple");
    CHECK(refused, "%s: accepted (%s)", what, zka_ctx_last_error(ctx));
  }
  setup_free(&s);
  return refused;
}

/* An attack whose row satisfies every constraint: only a byte range check can stop it. */
static int attack(zka_ctx *ctx, uint32_t op, uint32_t a, uint32_t b, const uint32_t *row,
                  const uint32_t (*edits)[2], size_t n_edits, const char *what) {
  return attack_ex(ctx, op, a, b, row, edits, n_edits, NULL, what);
}

/* Attacks that need a non-boolean carry, bit or flag, or a free inverse: each satisfies
 * every other constraint, so it would prove a wrong result if the one it breaks (named in
 * the checker's message) were missing. */
static void test_cheater_constraints(zka_ctx *ctx, const uint32_t inv256) {
  int n = 0, refused = 0;
  { /* ADD 0 + 0 claiming 1: carries -1/256, -1/256^2, ... (field elements, not bits) */
    uint64_t k = neg(inv256);
    uint32_t e[6][2] = {{ZKA_ALU_ADD_C, 1}};
    for (int i = 0; i < 4; i++) {
      e[1 + i][0] = ZKA_ALU_ADD_CARRY + (uint32_t)i;
      e[1 + i][1] = (uint32_t)k;
      k = k * inv256 % P_BB;
    }
    refused += attack_ex(ctx, ZKA_ALU_ADD, 0, 0, NULL, (const uint32_t(*)[2])e, 5,
                         "addsub: carry is boolean", "add: field-valued carries");
    n++;
  }
  { /* SLTU 5 < 3 claiming 1: d = 0x10000000 (bytes), since 2^32 = 2^28 - 2 (mod p) lets
     * borrow_3 = (d - (a - b))/2^32 = 1 with field-valued borrows below it */
    const uint32_t a = 5, b = 3, d = 0x10000000u;
    uint32_t e[9][2] = {{ZKA_ALU_LT_R, 1}};
    uint64_t br = 0;
    for (unsigned i = 0; i < 4; i++) {
      /* a_i - b_i - br_{i-1} = d_i - 256·br_i */
      br = ((uint64_t)zka_alu_byte(d, i) + P_BB - zka_alu_byte(a, i) + zka_alu_byte(b, i) + br) %
           P_BB * inv256 % P_BB;
      e[1 + i][0] = ZKA_ALU_LT_BORROW + i;
      e[1 + i][1] = (uint32_t)br;
      e[5 + i][0] = ZKA_ALU_LT_D + i;
      e[5 + i][1] = zka_alu_byte(d, i);
    }
    CHECK(br == 1, "the borrow chain ends at %u", (uint32_t)br);
    refused += attack_ex(ctx, ZKA_ALU_SLTU, a, b, NULL, (const uint32_t(*)[2])e, 9,
                         "lt: borrow is boolean", "sltu: field-valued borrows");
    n++;
  }
  { /* EQ 1, 0 claiming 1 with inv = 0 */
    const uint32_t e[][2] = {{ZKA_ALU_LT_R, 1}, {ZKA_ALU_LT_INV, 0}};
    refused +=
        attack_ex(ctx, ZKA_ALU_EQ, 1, 0, NULL, e, 2, "eq: s·r = 0", "eq: r = 1 with inv = 0");
    n++;
  }
  { /* an ADD row with both flags set receives op ADD + SUB = XOR: XOR(5, 0) claiming 7 */
    const uint32_t e[][2] = {{0, 1}, {1, 1}, {ZKA_ALU_ADD_C, 7}};
    refused += attack_ex(ctx, ZKA_ALU_ADD, 5, 0, NULL, e, 3, "alu: at most one op flag",
                         "two op flags (ADD + SUB = XOR)");
    n++;
  }
  { /* AND 1 & 1 claiming 3: a's bits 3 and -1 still sum to 1 */
    const uint32_t e[][2] = {
        {ZKA_ALU_BIT_ABITS, 3}, {ZKA_ALU_BIT_ABITS + 1, neg(1)}, {ZKA_ALU_BIT_C, 3}};
    refused += attack_ex(ctx, ZKA_ALU_AND, 1, 1, NULL, e, 3, "bitwise: bit is boolean",
                         "and: non-boolean bits");
    n++;
  }
  { /* SRL 0x100 >> 8 claiming 0: b0 = 8 as bit3 = -1, bit4 = 1 makes sel = (0, 0, 2, -1) */
    const uint32_t e[][2] = {{ZKA_ALU_SH_B0BITS + 3, neg(1)},
                             {ZKA_ALU_SH_B0BITS + 4, 1},
                             {ZKA_ALU_SH_SEL, 0},
                             {ZKA_ALU_SH_SEL + 1, 0},
                             {ZKA_ALU_SH_SEL + 2, 2},
                             {ZKA_ALU_SH_SEL + 3, neg(1)},
                             {ZKA_ALU_SH_C, 0}};
    refused += attack_ex(ctx, ZKA_ALU_SRL, 0x100, 8, NULL, e, 7, "shift: bit of b0 is boolean",
                         "srl: non-boolean shift bits");
    n++;
  }
  { /* SLT -2^31 < 0x81000000 claiming 0: a "sign" of 127/128 flips a's top byte to 2, not 0 */
    const uint32_t inv128 = (uint32_t)((uint64_t)inv256 * 2 % P_BB);
    const uint32_t e[][2] = {{ZKA_ALU_LT_SA, (uint32_t)((uint64_t)127 * inv128 % P_BB)},
                             {ZKA_ALU_LT_D, 0},
                             {ZKA_ALU_LT_D + 1, 0},
                             {ZKA_ALU_LT_D + 2, 0},
                             {ZKA_ALU_LT_D + 3, 1},
                             {ZKA_ALU_LT_BORROW, 0},
                             {ZKA_ALU_LT_BORROW + 1, 0},
                             {ZKA_ALU_LT_BORROW + 2, 0},
                             {ZKA_ALU_LT_BORROW + 3, 0},
                             {ZKA_ALU_LT_R, 0}};
    refused += attack_ex(ctx, ZKA_ALU_SLT, 0x80000000u, 0x81000000u, NULL, e, 10,
                         "alu: sign bit is boolean", "slt: a sign of 127/128");
    n++;
  }
  { /* DIVU 7 / 2 claiming q = 2, r = 3: ra + 1 + d = ba + p with d = p - 2 and field carries */
    zka_zkvm_witness w;
    memset(&w, 0, sizeof w);
    uint32_t row[ZKA_ALU_DIV_WIDTH] = {0}, e[7][2];
    zka_alu_divrem_row_claim(&w, ZKA_ALU_DIVU, 7, 2, 2, 3, row);
    uint32_t d = P_BB - 2;
    uint64_t cc = 1; /* the +1 */
    for (unsigned i = 0; i < 4; i++) {
      e[i][0] = ZKA_ALU_DIV_D + i;
      e[i][1] = zka_alu_byte(d, i);
      if (i < 3) {
        cc = (cc + row[ZKA_ALU_DIV_RA + i] + zka_alu_byte(d, i) + P_BB - row[ZKA_ALU_DIV_BA + i]) %
             P_BB * inv256 % P_BB;
        e[4 + i][0] = ZKA_ALU_DIV_CC + i;
        e[4 + i][1] = (uint32_t)cc;
      }
    }
    refused += attack_ex(ctx, ZKA_ALU_DIVU, 7, 2, row, (const uint32_t(*)[2])e, 7,
                         "divrem: compare carry is boolean", "divu: |r| + 1 + d = |b| + p");
    n++;
  }
  { /* REM -7 % -2 claiming r = -3 (q = 2): |b| faked as p + 2 through field carries */
    zka_zkvm_witness w;
    memset(&w, 0, sizeof w);
    uint32_t row[ZKA_ALU_DIV_WIDTH] = {0};
    const uint32_t a = 0xFFFFFFF9u, b = 0xFFFFFFFEu;
    zka_alu_divrem_row_claim(&w, ZKA_ALU_REM, a, b, 2, 0xFFFFFFFDu, row);
    uint32_t ba = P_BB + 2, ra = 3, d = ba - ra - 1, carry = 1;
    uint64_t kb = 0;
    for (unsigned i = 0; i < 4; i++) {
      row[ZKA_ALU_DIV_BA + i] = zka_alu_byte(ba, i);
      kb = (kb + zka_alu_byte(b, i) + zka_alu_byte(ba, i)) % P_BB * inv256 % P_BB;
      row[ZKA_ALU_DIV_KB + i] = (uint32_t)kb;
      row[ZKA_ALU_DIV_D + i] = zka_alu_byte(d, i);
      carry = (zka_alu_byte(ra, i) + zka_alu_byte(d, i) + carry) >> 8; /* an honest addition */
      if (i < 3) row[ZKA_ALU_DIV_CC + i] = carry;
    }
    CHECK(kb == 1, "the |b| carry chain ends at %u", (uint32_t)kb);
    refused += attack_ex(ctx, ZKA_ALU_REM, a, b, row, NULL, 0, "divrem: abs carry is boolean",
                         "rem: |b| = p + 2");
    n++;
  }
  CHECK(refused == n, "%d of %d attacks accepted", n - refused, n);
  printf(
      "  cheater: %d of %d wrong results built on non-boolean carries, bits, flags or a free "
      "inverse refused\n",
      refused, n);
}

static void test_cheater(zka_ctx *ctx) {
  const uint32_t inv256 = 0x77880001u; /* 256^-1 mod p (checked next) */
  CHECK((uint64_t)256 * inv256 % P_BB == 1, "256^-1 mod p");
  int n = 0, refused = 0;
  { /* ADD 255 + 1 claiming c = (256, 0, 0, 0) */
    const uint32_t e[][2] = {{ZKA_ALU_ADD_C, 256}, {ZKA_ALU_ADD_CARRY, 0}, {ZKA_ALU_ADD_C + 1, 0}};
    refused += attack(ctx, ZKA_ALU_ADD, 255, 1, NULL, e, 3, "add: result byte 256");
    n++;
  }
  { /* SUB 0 - 1 claiming c = (-1, 0, 0, 0) */
    const uint32_t e[][2] = {{ZKA_ALU_ADD_C, neg(1)},    {ZKA_ALU_ADD_C + 1, 0},
                             {ZKA_ALU_ADD_C + 2, 0},     {ZKA_ALU_ADD_C + 3, 0},
                             {ZKA_ALU_ADD_CARRY, 0},     {ZKA_ALU_ADD_CARRY + 1, 0},
                             {ZKA_ALU_ADD_CARRY + 2, 0}, {ZKA_ALU_ADD_CARRY + 3, 0}};
    refused += attack(ctx, ZKA_ALU_SUB, 0, 1, NULL, e, 8, "sub: result byte -1");
    n++;
  }
  { /* SLTU 0 < 1 claiming 0: difference byte -1 without borrows */
    const uint32_t e[][2] = {
        {ZKA_ALU_LT_D, neg(1)},     {ZKA_ALU_LT_D + 1, 0},      {ZKA_ALU_LT_D + 2, 0},
        {ZKA_ALU_LT_D + 3, 0},      {ZKA_ALU_LT_BORROW, 0},     {ZKA_ALU_LT_BORROW + 1, 0},
        {ZKA_ALU_LT_BORROW + 2, 0}, {ZKA_ALU_LT_BORROW + 3, 0}, {ZKA_ALU_LT_R, 0}};
    refused += attack(ctx, ZKA_ALU_SLTU, 0, 1, NULL, e, 9, "sltu: difference byte -1");
    n++;
  }
  { /* SLL 0x80 << 1 claiming c = (256, 0, 0, 0) */
    const uint32_t e[][2] = {{ZKA_ALU_SH_V, 256},
                             {ZKA_ALU_SH_CARRY, 0},
                             {ZKA_ALU_SH_V + 1, 0},
                             {ZKA_ALU_SH_C, 256},
                             {ZKA_ALU_SH_C + 1, 0}};
    refused += attack(ctx, ZKA_ALU_SLL, 0x80, 1, NULL, e, 5, "sll: product byte 256");
    n++;
  }
  { /* MUL 16·16 claiming c = (256, 0, 0, 0) */
    const uint32_t e[][2] = {{ZKA_ALU_MUL_P, 256}, {ZKA_ALU_MUL_CARRY, 0}, {ZKA_ALU_MUL_P + 1, 0}};
    refused += attack(ctx, ZKA_ALU_MUL, 16, 16, NULL, e, 3, "mul: product byte 256");
    n++;
  }
  { /* MULHU 0·0 claiming 0x01000000: the top carry absorbs it as -1/256 */
    const uint32_t e[][2] = {{ZKA_ALU_MUL_P + 7, 1}, {ZKA_ALU_MUL_CARRY + 14, neg(inv256)}};
    refused += attack(ctx, ZKA_ALU_MULHU, 0, 0, NULL, e, 2, "mulhu: top carry -1/256");
    n++;
  }
  { /* DIVU 7 / 2 claiming q = 2, r = 3: the comparison's difference byte is -2 */
    zka_zkvm_witness w;
    memset(&w, 0, sizeof w);
    uint32_t row[ZKA_ALU_DIV_WIDTH];
    memset(row, 0, sizeof row);
    zka_alu_divrem_row_claim(&w, ZKA_ALU_DIVU, 7, 2, 2, 3, row);
    const uint32_t e[][2] = {{ZKA_ALU_DIV_D, neg(2)}, {ZKA_ALU_DIV_D + 1, 0},
                             {ZKA_ALU_DIV_D + 2, 0},  {ZKA_ALU_DIV_D + 3, 0},
                             {ZKA_ALU_DIV_CC, 0},     {ZKA_ALU_DIV_CC + 1, 0},
                             {ZKA_ALU_DIV_CC + 2, 0}};
    refused +=
        attack(ctx, ZKA_ALU_DIVU, 7, 2, row, e, 7, "divu: remainder 3 >= 2 with difference -2");
    n++;
  }
  { /* DIV -7 / 2 claiming the unsigned quotient: signs left at 0 */
    zka_zkvm_witness w;
    memset(&w, 0, sizeof w);
    uint32_t row[ZKA_ALU_DIV_WIDTH];
    memset(row, 0, sizeof row);
    zka_alu_divrem_row_claim(&w, ZKA_ALU_DIVU, 0xFFFFFFF9u, 2, 0x7FFFFFFCu, 1, row);
    const uint32_t e[][2] = {{0, 1}, {1, 0}}; /* the DIV flag instead of DIVU */
    refused += attack(ctx, ZKA_ALU_DIV, 0xFFFFFFF9u, 2, row, e, 2, "div: signs left out");
    n++;
  }
  test_cheater_constraints(ctx, inv256);
  CHECK(refused == n, "%d of %d attacks accepted", n - refused, n);
  printf(
      "  cheater (byte chip and CPU on its side): %d of %d wrong results that satisfy every "
      "constraint refused by the byte range checks\n",
      refused, n);
}

int main(void) {
  zka_ctx *ctx;
  if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
  zka_test_rng rng;
  zka_test_rng_init(&rng);
  printf("test_zkvm_alu\n");
  test_honest(ctx, &rng);
  test_tamper(ctx);
  test_wrong_division(ctx);
  test_cheater(ctx);
  zka_ctx_destroy(ctx);
  return zka_test_finish("test_zkvm_alu");
}
