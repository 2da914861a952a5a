/* air.h — internal: how a table of the zkVM ("chip") states its constraints and its bus
 * interactions, once, as expressions; the same compiled form is read by the mock checker
 * (air.c: evaluates every constraint on every row of a trace, for tests), by the STARK
 * prover (zkvm/stark/: evaluates them on the low-degree extension) and by its verifier
 * (evaluates them at the out-of-domain point).
 *
 * Field: BabyBear (p = 15·2^27 + 1 = 0x78000001).  Trace cells are zka_babybear in the
 * library's in-memory (Montgomery) form; zka_bb(u) makes one from a canonical integer.
 * Challenges live in the degree-4 extension zka_babybear4.
 *
 * A table has `width` main columns and n = 2^k rows (every table of one proof has the same
 * n).  Row r's "next" row is r + 1 mod n.  Constraints are polynomials in the current and
 * next rows' cells and three row selectors (first_row: 1 on row 0 only; last_row: 1 on row
 * n-1 only; transition: 1 on every row but the last), each of degree 1; the degree of a
 * constraint is its total degree, at most ZKA_AIR_MAX_DEGREE.  A constraint must vanish on
 * EVERY row, padding rows included: chips design padding rows (usually all zero) to satisfy
 * them.
 *
 * Buses (LogUp).  An interaction is (bus, multiplicity m, tuple v_0..v_{k-1}); each row adds
 *     sign · m(row) / (alpha - fp),   fp = bus + beta·v_0 + beta^2·v_1 + ... + beta^k·v_{k-1}
 * to the running sum (sign +1 for a send, -1 for a receive; alpha, beta random extension
 * elements drawn after the main trace is committed).  A proof is valid only if the sums
 * over all tables plus the verifier's own "external" sum (public data it sends or
 * receives itself, e.g. the program, the public output) add up to zero: every tuple
 * received was sent as many times, with overwhelming probability.
 *
 * Degrees: a tuple value may have degree <= 2 and m degree <= 3, as long as
 * max(deg(fp) + 1, deg(m)) <= ZKA_AIR_MAX_DEGREE (the STARK adds the constraint
 * h·(alpha - fp) - sign·m = 0 for the interaction's helper column h).
 *
 * Range checks: p is just under 2^31, so a field element is NOT a 32-bit word.  Words are
 * carried as four byte cells (little-endian), and "x is a byte" is a send of (x) on
 * ZKA_BUS_U8.  Beware of wrap-around: a sum of limbs is a field element, so an equation
 * between sums only implies integer equality when both sides stay below p.
 */
#ifndef ZKA_ZKVM_AIR_H
#define ZKA_ZKVM_AIR_H
#include <stddef.h>
#include <stdint.h>

#include "core/field/babybear.h"
#include "zkaccel/status.h"

#define ZKA_AIR_MAX_DEGREE 3   /* constraints, selectors included; quotient = 2 chunks */
#define ZKA_AIR_MAX_TUPLE 16   /* values in one bus tuple */

/* ---- field shorthands ------------------------------------------------------------------ */

typedef zka_babybear zka_bb_t;
typedef zka_babybear4 zka_bb4_t;

/** The Montgomery form of a canonical integer u < p (u >= p is reduced mod p). */
static inline zka_babybear zka_bb(uint32_t u) { return zka_babybear_from_u64_ref(u); }
/** The field element of a signed integer (negative values wrap to p - |v|). */
static inline zka_babybear zka_bb_i64(int64_t v) {
  uint64_t p = 0x78000001u;
  int64_t r = v % (int64_t)p;
  return zka_babybear_from_u64_ref((uint64_t)(r < 0 ? r + (int64_t)p : r));
}
/** The canonical integer of a cell. */
static inline uint32_t zka_bb_u32(zka_babybear a) { return zka_babybear_to_canonical_ref(a); }

/* ---- expressions ------------------------------------------------------------------------ */

typedef int32_t zka_expr; /* a node of the table's expression list */

typedef enum {
  ZKA_AIR_CONST = 0, /* c */
  ZKA_AIR_MAIN,      /* main column a, this row */
  ZKA_AIR_MAIN_NEXT, /* main column a, next row */
  ZKA_AIR_FIRST,     /* first_row selector */
  ZKA_AIR_LAST,      /* last_row selector */
  ZKA_AIR_TRANS,     /* transition selector */
  ZKA_AIR_ADD,       /* node a + node b */
  ZKA_AIR_SUB,       /* node a - node b */
  ZKA_AIR_MUL        /* node a * node b */
} zka_air_op;

/* One node.  Operands a, b are indices of EARLIER nodes (ADD/SUB/MUL) or a column index
 * (MAIN/MAIN_NEXT).  Nodes are hash-consed: building the same expression twice gives the
 * same node, so evaluating the list once per row costs each distinct subexpression once.
 * zka_air_builder_finish renumbers them in a canonical order (by height, then by operation,
 * operands and constant), so the compiled table — which the STARK absorbs into its
 * transcript — does not depend on the order the C compiler evaluated the builder calls in
 * (function arguments are unordered: gcc and clang differ). */
typedef struct {
  uint8_t op;
  uint8_t degree;
  uint32_t a, b;
  zka_babybear c;
} zka_air_node;

typedef struct {
  uint32_t bus;
  int32_t sign; /* +1 send, -1 receive */
  zka_expr mult;
  uint32_t n;
  zka_expr vals[ZKA_AIR_MAX_TUPLE];
} zka_air_interaction;

/** A compiled table: what the builder produced.  The STARK and the checker read only this. */
typedef struct {
  char name[32];
  size_t width;                   /* main columns */
  zka_air_node *nodes;
  size_t n_nodes;
  zka_expr *constraints;          /* each must vanish on every row */
  const char **labels;            /* labels[i]: a name for constraints[i] (messages) */
  size_t n_constraints;
  zka_air_interaction *inter;
  size_t n_inter;
  unsigned max_degree;            /* over constraints and interaction checks (>= 1) */
} zka_air_table;

typedef struct zka_air_builder zka_air_builder;

/* Building (each returns a node; on misuse — a column out of range, a degree above the
 * limit, out of memory — the builder records the first error and returns node 0, and
 * zka_air_builder_finish reports it). */
zka_expr zka_air_col(zka_air_builder *b, size_t col);      /* main column, this row */
zka_expr zka_air_next(zka_air_builder *b, size_t col);     /* main column, next row */
zka_expr zka_air_const(zka_air_builder *b, int64_t v);     /* v mod p (negative wraps) */
zka_expr zka_air_first_row(zka_air_builder *b);
zka_expr zka_air_last_row(zka_air_builder *b);
zka_expr zka_air_transition(zka_air_builder *b);
zka_expr zka_air_add(zka_air_builder *b, zka_expr x, zka_expr y);
zka_expr zka_air_sub(zka_air_builder *b, zka_expr x, zka_expr y);
zka_expr zka_air_mul(zka_air_builder *b, zka_expr x, zka_expr y);
zka_expr zka_air_scale(zka_air_builder *b, zka_expr x, int64_t c);   /* c·x */
zka_expr zka_air_add_const(zka_air_builder *b, zka_expr x, int64_t c); /* x + c */
/** 1 - x */
zka_expr zka_air_not(zka_air_builder *b, zka_expr x);
/** Σ coef[i]·col(cols[i]) (a linear combination of this row's columns). */
zka_expr zka_air_lincomb(zka_air_builder *b, const size_t *cols, const int64_t *coef, size_t n);
/** x_0 + 256·x_1 + 256^2·x_2 + ... for n <= 3 byte expressions (n = 4 wraps mod p: only for
 *  values known to be < 2^31 - 2^27, e.g. addresses below 2^28). */
zka_expr zka_air_bytes(zka_air_builder *b, const zka_expr *x, size_t n);

/** Label the constraints added from now on (a static string; shown by the checker). */
void zka_air_label(zka_air_builder *b, const char *label);
/** x = 0 on every row. */
void zka_air_assert_zero(zka_air_builder *b, zka_expr x);
/** x = y on every row. */
void zka_air_assert_eq(zka_air_builder *b, zka_expr x, zka_expr y);
/** x·(x - 1) = 0 on every row. */
void zka_air_assert_bool(zka_air_builder *b, zka_expr x);
/** sel·x = 0 (x holds where the selector/flag expression sel is 1). */
void zka_air_assert_zero_when(zka_air_builder *b, zka_expr sel, zka_expr x);

/** Interactions: send (+mult) or receive (-mult) the tuple vals[0..n) on bus. */
void zka_air_send(zka_air_builder *b, uint32_t bus, zka_expr mult, const zka_expr *vals, size_t n);
void zka_air_receive(zka_air_builder *b, uint32_t bus, zka_expr mult, const zka_expr *vals,
                     size_t n);

/** A builder for a table named name with width main columns. */
zka_status zka_air_builder_new(zka_air_builder **out, const char *name, size_t width,
                               zka_ctx *ctx);
/** Finish: move the result into *out (free with zka_air_table_free) and free the builder.
 *  Returns the first recorded misuse (ZKA_ERR_INVALID_ARGUMENT, message names the table)
 *  or ZKA_ERR_OUT_OF_MEMORY; the builder is freed either way. */
zka_status zka_air_builder_finish(zka_air_builder *b, zka_air_table *out, zka_ctx *ctx);
void zka_air_table_free(zka_air_table *t);
/** Renumber t's nodes in the canonical order (finish does it; for tables assembled by hand).
 *  In place: t->nodes keeps its storage.  Returns 0 when out of memory (t unchanged). */
int zka_air_table_canonicalize(zka_air_table *t);

/* ---- evaluation (shared by the checker, the STARK prover and the verifier) -------------- */

/** Bus randomness: alpha, and beta^1..beta^ZKA_AIR_MAX_TUPLE. */
typedef struct {
  zka_babybear4 alpha;
  zka_babybear4 beta_pow[ZKA_AIR_MAX_TUPLE + 1]; /* beta_pow[i] = beta^i */
} zka_air_challenges;

void zka_air_challenges_init(zka_air_challenges *ch, zka_babybear4 alpha, zka_babybear4 beta);

/** alpha - fp(bus, vals) for base-field tuple values. */
zka_babybear4 zka_air_denominator(const zka_air_challenges *ch, uint32_t bus,
                                  const zka_babybear *vals, size_t n);
/** The same for extension-field values (the verifier's out-of-domain evaluation). */
zka_babybear4 zka_air_denominator_ext(const zka_air_challenges *ch, uint32_t bus,
                                      const zka_babybear4 *vals, size_t n);

/** Evaluate every node of t on one row, in the base field: vals[i] = node i.  local and
 *  next are the row's and the next row's cells (width each); first/last/trans the selector
 *  values there. */
void zka_air_eval_row(const zka_air_table *t, zka_babybear *vals, const zka_babybear *local,
                      const zka_babybear *next, zka_babybear first, zka_babybear last,
                      zka_babybear trans);
/** The same in the extension field (cells and selectors given as extension elements). */
void zka_air_eval_row_ext(const zka_air_table *t, zka_babybear4 *vals,
                          const zka_babybear4 *local, const zka_babybear4 *next,
                          zka_babybear4 first, zka_babybear4 last, zka_babybear4 trans);

/* ---- the mock checker (tests and debugging; no cryptography) ---------------------------- */

/** One table's trace for the checker: n rows of t->width cells, row-major. */
typedef struct {
  const zka_air_table *air;
  const zka_babybear *rows;
} zka_air_trace;

/** The verifier's own side of the buses ("external" tuples: the program, the image, the
 *  claimed public output...).  The callback calls emit once per tuple; the checker
 *  collects them, the STARK verifier sums sign·mult / (alpha - fp). */
typedef void (*zka_air_emit_fn)(void *acc, uint32_t bus, int32_t sign, zka_babybear mult,
                                const zka_babybear *vals, size_t n);
typedef zka_status (*zka_air_external_fn)(void *user, zka_air_emit_fn emit, void *acc,
                                          zka_ctx *ctx);

enum {
  ZKA_AIR_CHECK_NO_BUS = 1 /* constraints only: skip the bus balance */
};

/** Check every constraint of every table on every row (all tables have n rows), then that
 *  every bus balances: for each (bus, tuple), the multiplicities sent minus received by all
 *  tables and by `external` (NULL: none) add up to zero.  ZKA_OK, or ZKA_ERR_VERIFY_FAILED
 *  with a message naming the table, the constraint's label and index and the row (first
 *  failure), or an unbalanced bus tuple with its net count (up to 8 are listed; all are
 *  printed to stderr when the environment sets ZKA_AIR_DEBUG). */
zka_status zka_air_check(const zka_air_trace *tables, size_t n_tables, size_t n,
                         zka_air_external_fn external, void *external_user, unsigned flags,
                         zka_ctx *ctx);

#endif
