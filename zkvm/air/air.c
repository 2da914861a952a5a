/* air.c — the constraint builder (hash-consed expression nodes with degrees), row
 * evaluation in the base and extension fields, bus fingerprints, and the mock checker. */
#include "zkvm/air/air.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"

/* ---- builder ---------------------------------------------------------------------------- */

struct zka_air_builder {
  zka_air_table t;
  size_t node_cap, con_cap, inter_cap;
  uint32_t *hash; /* open addressing over nodes: index + 1, 0 = empty */
  size_t hash_cap;
  const char *label;
  char err[160];
  int oom;
};

static uint64_t node_key_hash(uint8_t op, uint32_t a, uint32_t b, uint32_t c) {
  uint64_t h = ((uint64_t)op << 56) ^ ((uint64_t)a * 0x9E3779B97F4A7C15ull) ^
               ((uint64_t)b * 0xC2B2AE3D27D4EB4Full) ^ ((uint64_t)c * 0x165667B19E3779F9ull);
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  return h ^ (h >> 32);
}

static void fail(zka_air_builder *b, const char *msg) {
  if (!b->err[0]) snprintf(b->err, sizeof b->err, "%s", msg);
}

static int hash_grow(zka_air_builder *b) {
  size_t cap = b->hash_cap ? b->hash_cap * 2 : 1024;
  uint32_t *h = calloc(cap, sizeof *h);
  if (!h) return 0;
  for (size_t i = 0; i < b->t.n_nodes; i++) {
    const zka_air_node *n = &b->t.nodes[i];
    size_t j = (size_t)node_key_hash(n->op, n->a, n->b, n->c.v) & (cap - 1);
    while (h[j]) j = (j + 1) & (cap - 1);
    h[j] = (uint32_t)i + 1;
  }
  free(b->hash);
  b->hash = h;
  b->hash_cap = cap;
  return 1;
}

static zka_expr node(zka_air_builder *b, uint8_t op, uint8_t degree, uint32_t a, uint32_t bb,
                     zka_babybear c) {
  if (b->oom) return 0;
  if ((b->t.n_nodes + 1) * 2 > b->hash_cap && !hash_grow(b)) {
    b->oom = 1;
    return 0;
  }
  size_t j = (size_t)node_key_hash(op, a, bb, c.v) & (b->hash_cap - 1);
  while (b->hash[j]) {
    const zka_air_node *n = &b->t.nodes[b->hash[j] - 1];
    if (n->op == op && n->a == a && n->b == bb && n->c.v == c.v) return (zka_expr)(b->hash[j] - 1);
    j = (j + 1) & (b->hash_cap - 1);
  }
  if (b->t.n_nodes == b->node_cap) {
    size_t cap = b->node_cap ? b->node_cap * 2 : 256;
    zka_air_node *p = realloc(b->t.nodes, cap * sizeof *p);
    if (!p) {
      b->oom = 1;
      return 0;
    }
    b->t.nodes = p;
    b->node_cap = cap;
  }
  zka_air_node *n = &b->t.nodes[b->t.n_nodes];
  n->op = op;
  n->degree = degree;
  n->a = a;
  n->b = bb;
  n->c = c;
  b->hash[j] = (uint32_t)b->t.n_nodes + 1;
  return (zka_expr)b->t.n_nodes++;
}

static int valid(zka_air_builder *b, zka_expr x) {
  if (x < 0 || (size_t)x >= b->t.n_nodes) {
    fail(b, "an expression handle out of range");
    return 0;
  }
  return 1;
}

static unsigned deg(const zka_air_builder *b, zka_expr x) { return b->t.nodes[x].degree; }

zka_expr zka_air_const(zka_air_builder *b, int64_t v) {
  return node(b, ZKA_AIR_CONST, 0, 0, 0, zka_bb_i64(v));
}

zka_expr zka_air_col(zka_air_builder *b, size_t col) {
  if (col >= b->t.width) {
    fail(b, "a column index past the table's width");
    return 0;
  }
  return node(b, ZKA_AIR_MAIN, 1, (uint32_t)col, 0, zka_babybear_zero_ref());
}

zka_expr zka_air_next(zka_air_builder *b, size_t col) {
  if (col >= b->t.width) {
    fail(b, "a column index past the table's width");
    return 0;
  }
  return node(b, ZKA_AIR_MAIN_NEXT, 1, (uint32_t)col, 0, zka_babybear_zero_ref());
}

zka_expr zka_air_first_row(zka_air_builder *b) {
  return node(b, ZKA_AIR_FIRST, 1, 0, 0, zka_babybear_zero_ref());
}
zka_expr zka_air_last_row(zka_air_builder *b) {
  return node(b, ZKA_AIR_LAST, 1, 0, 0, zka_babybear_zero_ref());
}
zka_expr zka_air_transition(zka_air_builder *b) {
  return node(b, ZKA_AIR_TRANS, 1, 0, 0, zka_babybear_zero_ref());
}

static int is_const(const zka_air_builder *b, zka_expr x, uint32_t *v) {
  if (b->t.nodes[x].op != ZKA_AIR_CONST) return 0;
  *v = b->t.nodes[x].c.v;
  return 1;
}

static zka_expr binop(zka_air_builder *b, uint8_t op, zka_expr x, zka_expr y) {
  if (!valid(b, x) || !valid(b, y)) return 0;
  uint32_t cx = 0, cy = 0;
  int kx = is_const(b, x, &cx), ky = is_const(b, y, &cy);
  zka_babybear X = zka_babybear_make_ref(cx), Y = zka_babybear_make_ref(cy);
  if (kx && ky) { /* fold constants */
    zka_babybear r = op == ZKA_AIR_ADD   ? zka_babybear_add_ref(X, Y)
                     : op == ZKA_AIR_SUB ? zka_babybear_sub_ref(X, Y)
                                         : zka_babybear_mul_ref(X, Y);
    return node(b, ZKA_AIR_CONST, 0, 0, 0, r);
  }
  if (op == ZKA_AIR_ADD && kx && cx == 0) return y;
  if ((op == ZKA_AIR_ADD || op == ZKA_AIR_SUB) && ky && cy == 0) return x;
  if (op == ZKA_AIR_MUL) {
    if ((kx && cx == 0) || (ky && cy == 0)) return zka_air_const(b, 0);
    if (kx && cx == ZKA_BABYBEAR_ONE) return y;
    if (ky && cy == ZKA_BABYBEAR_ONE) return x;
  }
  if (op != ZKA_AIR_SUB && x > y) { /* commutative: one canonical order for hash-consing */
    zka_expr t = x;
    x = y;
    y = t;
  }
  unsigned d = op == ZKA_AIR_MUL ? deg(b, x) + deg(b, y)
                                 : (deg(b, x) > deg(b, y) ? deg(b, x) : deg(b, y));
  if (d > 250) d = 250;
  return node(b, op, (uint8_t)d, (uint32_t)x, (uint32_t)y, zka_babybear_zero_ref());
}

zka_expr zka_air_add(zka_air_builder *b, zka_expr x, zka_expr y) { return binop(b, ZKA_AIR_ADD, x, y); }
zka_expr zka_air_sub(zka_air_builder *b, zka_expr x, zka_expr y) { return binop(b, ZKA_AIR_SUB, x, y); }
zka_expr zka_air_mul(zka_air_builder *b, zka_expr x, zka_expr y) { return binop(b, ZKA_AIR_MUL, x, y); }
zka_expr zka_air_scale(zka_air_builder *b, zka_expr x, int64_t c) {
  return zka_air_mul(b, x, zka_air_const(b, c));
}
zka_expr zka_air_add_const(zka_air_builder *b, zka_expr x, int64_t c) {
  return zka_air_add(b, x, zka_air_const(b, c));
}
zka_expr zka_air_not(zka_air_builder *b, zka_expr x) {
  return zka_air_sub(b, zka_air_const(b, 1), x);
}

zka_expr zka_air_lincomb(zka_air_builder *b, const size_t *cols, const int64_t *coef, size_t n) {
  zka_expr acc = zka_air_const(b, 0);
  for (size_t i = 0; i < n; i++) acc = zka_air_add(b, acc, zka_air_scale(b, zka_air_col(b, cols[i]), coef[i]));
  return acc;
}

zka_expr zka_air_bytes(zka_air_builder *b, const zka_expr *x, size_t n) {
  zka_expr acc = zka_air_const(b, 0);
  int64_t w = 1;
  for (size_t i = 0; i < n && i < 4; i++, w <<= 8) acc = zka_air_add(b, acc, zka_air_scale(b, x[i], w));
  return acc;
}

void zka_air_label(zka_air_builder *b, const char *label) { b->label = label; }

void zka_air_assert_zero(zka_air_builder *b, zka_expr x) {
  if (!valid(b, x)) return;
  if (deg(b, x) > ZKA_AIR_MAX_DEGREE) {
    char m[160];
    snprintf(m, sizeof m, "constraint %zu ('%s') has degree %u > %d", b->t.n_constraints,
             b->label ? b->label : "", deg(b, x), ZKA_AIR_MAX_DEGREE);
    fail(b, m);
    return;
  }
  uint32_t c;
  if (is_const(b, x, &c) && c == 0) return; /* trivially true */
  if (b->t.n_constraints == b->con_cap) {
    size_t cap = b->con_cap ? b->con_cap * 2 : 64;
    zka_expr *p = realloc(b->t.constraints, cap * sizeof *p);
    const char **l = realloc(b->t.labels, cap * sizeof *l);
    if (p) b->t.constraints = p;
    if (l) b->t.labels = l;
    if (!p || !l) {
      b->oom = 1;
      return;
    }
    b->con_cap = cap;
  }
  b->t.constraints[b->t.n_constraints] = x;
  b->t.labels[b->t.n_constraints] = b->label ? b->label : "";
  b->t.n_constraints++;
  if (deg(b, x) > b->t.max_degree) b->t.max_degree = deg(b, x);
}

void zka_air_assert_eq(zka_air_builder *b, zka_expr x, zka_expr y) {
  zka_air_assert_zero(b, zka_air_sub(b, x, y));
}
void zka_air_assert_bool(zka_air_builder *b, zka_expr x) {
  zka_air_assert_zero(b, zka_air_mul(b, x, zka_air_sub(b, x, zka_air_const(b, 1))));
}
void zka_air_assert_zero_when(zka_air_builder *b, zka_expr sel, zka_expr x) {
  zka_air_assert_zero(b, zka_air_mul(b, sel, x));
}

static void interact(zka_air_builder *b, uint32_t bus, int32_t sign, zka_expr mult,
                     const zka_expr *vals, size_t n) {
  if (!valid(b, mult)) return;
  if (n > ZKA_AIR_MAX_TUPLE) {
    fail(b, "a bus tuple longer than ZKA_AIR_MAX_TUPLE");
    return;
  }
  unsigned dfp = 0;
  for (size_t i = 0; i < n; i++) {
    if (!valid(b, vals[i])) return;
    if (deg(b, vals[i]) > dfp) dfp = deg(b, vals[i]);
  }
  unsigned d = dfp + 1 > deg(b, mult) ? dfp + 1 : deg(b, mult);
  if (dfp > 2 || d > ZKA_AIR_MAX_DEGREE) {
    char m[160];
    snprintf(m, sizeof m, "interaction %zu on bus %u ('%s') has degree %u (tuple %u)",
             b->t.n_inter, bus, b->label ? b->label : "", d, dfp);
    fail(b, m);
    return;
  }
  if (b->t.n_inter == b->inter_cap) {
    size_t cap = b->inter_cap ? b->inter_cap * 2 : 16;
    zka_air_interaction *p = realloc(b->t.inter, cap * sizeof *p);
    if (!p) {
      b->oom = 1;
      return;
    }
    b->t.inter = p;
    b->inter_cap = cap;
  }
  zka_air_interaction *it = &b->t.inter[b->t.n_inter++];
  memset(it, 0, sizeof *it);
  it->bus = bus;
  it->sign = sign;
  it->mult = mult;
  it->n = (uint32_t)n;
  for (size_t i = 0; i < n; i++) it->vals[i] = vals[i];
  if (d > b->t.max_degree) b->t.max_degree = d;
  if (b->t.max_degree < 2) b->t.max_degree = 2; /* the running-sum constraints */
}

void zka_air_send(zka_air_builder *b, uint32_t bus, zka_expr mult, const zka_expr *vals, size_t n) {
  interact(b, bus, +1, mult, vals, n);
}
void zka_air_receive(zka_air_builder *b, uint32_t bus, zka_expr mult, const zka_expr *vals,
                     size_t n) {
  interact(b, bus, -1, mult, vals, n);
}

zka_status zka_air_builder_new(zka_air_builder **out, const char *name, size_t width,
                               zka_ctx *ctx) {
  if (!out || !name) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "air builder: NULL argument");
  zka_air_builder *b = calloc(1, sizeof *b);
  if (!b) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "air builder: out of memory");
  snprintf(b->t.name, sizeof b->t.name, "%s", name);
  b->t.width = width;
  b->t.max_degree = 1;
  (void)zka_air_const(b, 0); /* node 0: the constant 0, returned on misuse */
  if (b->oom) {
    free(b->t.nodes);
    free(b->hash);
    free(b);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "air builder: out of memory");
  }
  *out = b;
  return ZKA_OK;
}

/* Renumber the nodes in a canonical order, so the compiled table does not depend on the
 * order the C compiler evaluated the builder calls in (function arguments are unordered:
 * gcc and clang number zka_air_add(b, zka_air_col(b, 0), zka_air_col(b, 1))'s leaves
 * differently) — the STARK absorbs the node list into its transcript, so a gcc-built prover
 * and a clang-built verifier must see the same list.  Order: by height (leaves 0, else 1 +
 * the children's), then by (op, new children, constant, column); commutative operands
 * sorted.  Hash-consing makes every key distinct. */
typedef struct {
  uint32_t height, op, a, b, c, old;
} canon_key;

static int canon_cmp(const void *x, const void *y) {
  const canon_key *p = x, *q = y;
  if (p->op != q->op) return p->op < q->op ? -1 : 1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  if (p->b != q->b) return p->b < q->b ? -1 : 1;
  if (p->c != q->c) return p->c < q->c ? -1 : 1;
  return 0;
}

static int is_binop(uint8_t op) { return op == ZKA_AIR_ADD || op == ZKA_AIR_SUB || op == ZKA_AIR_MUL; }

int zka_air_table_canonicalize(zka_air_table *t) {
  size_t n = t->n_nodes;
  uint32_t *height = malloc((n ? n : 1) * sizeof *height), *renum = malloc((n ? n : 1) * sizeof *renum);
  canon_key *keys = malloc((n ? n : 1) * sizeof *keys);
  zka_air_node *nodes = malloc((n ? n : 1) * sizeof *nodes);
  if (!height || !renum || !keys || !nodes) {
    free(height);
    free(renum);
    free(keys);
    free(nodes);
    return 0;
  }
  uint32_t max_h = 0;
  for (size_t i = 0; i < n; i++) { /* children precede parents */
    const zka_air_node *d = &t->nodes[i];
    height[i] = 0;
    if (is_binop(d->op)) height[i] = 1 + (height[d->a] > height[d->b] ? height[d->a] : height[d->b]);
    if (height[i] > max_h) max_h = height[i];
  }
  size_t next = 0;
  for (uint32_t h = 0; h <= max_h; h++) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
      if (height[i] != h) continue;
      const zka_air_node *d = &t->nodes[i];
      canon_key *key = &keys[k++];
      key->height = h;
      key->op = d->op;
      key->old = (uint32_t)i;
      key->c = d->c.v;
      if (is_binop(d->op)) {
        uint32_t x = renum[d->a], y = renum[d->b];
        if (d->op != ZKA_AIR_SUB && x > y) {
          uint32_t tmp = x;
          x = y;
          y = tmp;
        }
        key->a = x;
        key->b = y;
      } else {
        key->a = (d->op == ZKA_AIR_MAIN || d->op == ZKA_AIR_MAIN_NEXT) ? d->a : 0;
        key->b = 0;
      }
    }
    qsort(keys, k, sizeof *keys, canon_cmp);
    for (size_t j = 0; j < k; j++) {
      renum[keys[j].old] = (uint32_t)next;
      zka_air_node *d = &nodes[next++];
      *d = t->nodes[keys[j].old];
      if (is_binop(d->op)) {
        d->a = keys[j].a;
        d->b = keys[j].b;
      }
    }
  }
  if (n) memcpy(t->nodes, nodes, n * sizeof *nodes); /* in place: callers may own the array */
  for (size_t i = 0; i < t->n_constraints; i++) t->constraints[i] = (zka_expr)renum[t->constraints[i]];
  for (size_t i = 0; i < t->n_inter; i++) {
    t->inter[i].mult = (zka_expr)renum[t->inter[i].mult];
    for (uint32_t v = 0; v < t->inter[i].n; v++) t->inter[i].vals[v] = (zka_expr)renum[t->inter[i].vals[v]];
  }
  free(height);
  free(renum);
  free(keys);
  free(nodes);
  return 1;
}

zka_status zka_air_builder_finish(zka_air_builder *b, zka_air_table *out, zka_ctx *ctx) {
  if (!b || !out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "air builder: NULL argument");
  zka_status s = ZKA_OK;
  if (b->oom) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "table '%s': out of memory", b->t.name);
  else if (b->err[0]) s = zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "table '%s': %s", b->t.name, b->err);
  if (s == ZKA_OK && !zka_air_table_canonicalize(&b->t))
    s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "table '%s': out of memory", b->t.name);
  if (s == ZKA_OK) {
    *out = b->t;
  } else {
    zka_air_table_free(&b->t);
    memset(out, 0, sizeof *out);
  }
  free(b->hash);
  free(b);
  return s;
}

void zka_air_table_free(zka_air_table *t) {
  if (!t) return;
  free(t->nodes);
  free(t->constraints);
  free((void *)t->labels);
  free(t->inter);
  memset(t, 0, sizeof *t);
}

/* ---- evaluation ------------------------------------------------------------------------- */

void zka_air_challenges_init(zka_air_challenges *ch, zka_babybear4 alpha, zka_babybear4 beta) {
  ch->alpha = alpha;
  ch->beta_pow[0] = zka_babybear4_one_ref();
  for (size_t i = 1; i <= ZKA_AIR_MAX_TUPLE; i++) ch->beta_pow[i] = zka_babybear4_mul_ref(ch->beta_pow[i - 1], beta);
}

zka_babybear4 zka_air_denominator(const zka_air_challenges *ch, uint32_t bus,
                                  const zka_babybear *vals, size_t n) {
  zka_babybear4 fp = zka_babybear4_from_base_ref(zka_bb(bus));
  for (size_t i = 0; i < n && i < ZKA_AIR_MAX_TUPLE; i++)
    fp = zka_babybear4_add_ref(fp, zka_babybear4_mul_base_ref(ch->beta_pow[i + 1], vals[i]));
  return zka_babybear4_sub_ref(ch->alpha, fp);
}

zka_babybear4 zka_air_denominator_ext(const zka_air_challenges *ch, uint32_t bus,
                                      const zka_babybear4 *vals, size_t n) {
  zka_babybear4 fp = zka_babybear4_from_base_ref(zka_bb(bus));
  for (size_t i = 0; i < n && i < ZKA_AIR_MAX_TUPLE; i++)
    fp = zka_babybear4_add_ref(fp, zka_babybear4_mul_ref(ch->beta_pow[i + 1], vals[i]));
  return zka_babybear4_sub_ref(ch->alpha, fp);
}

void zka_air_eval_row(const zka_air_table *t, zka_babybear *v, const zka_babybear *local,
                      const zka_babybear *next, zka_babybear first, zka_babybear last,
                      zka_babybear trans) {
  for (size_t i = 0; i < t->n_nodes; i++) {
    const zka_air_node *n = &t->nodes[i];
    switch (n->op) {
      case ZKA_AIR_CONST: v[i] = n->c; break;
      case ZKA_AIR_MAIN: v[i] = local[n->a]; break;
      case ZKA_AIR_MAIN_NEXT: v[i] = next[n->a]; break;
      case ZKA_AIR_FIRST: v[i] = first; break;
      case ZKA_AIR_LAST: v[i] = last; break;
      case ZKA_AIR_TRANS: v[i] = trans; break;
      case ZKA_AIR_ADD: v[i] = zka_babybear_add_ref(v[n->a], v[n->b]); break;
      case ZKA_AIR_SUB: v[i] = zka_babybear_sub_ref(v[n->a], v[n->b]); break;
      default: v[i] = zka_babybear_mul_ref(v[n->a], v[n->b]); break;
    }
  }
}

void zka_air_eval_row_ext(const zka_air_table *t, zka_babybear4 *v, const zka_babybear4 *local,
                          const zka_babybear4 *next, zka_babybear4 first, zka_babybear4 last,
                          zka_babybear4 trans) {
  for (size_t i = 0; i < t->n_nodes; i++) {
    const zka_air_node *n = &t->nodes[i];
    switch (n->op) {
      case ZKA_AIR_CONST: v[i] = zka_babybear4_from_base_ref(n->c); break;
      case ZKA_AIR_MAIN: v[i] = local[n->a]; break;
      case ZKA_AIR_MAIN_NEXT: v[i] = next[n->a]; break;
      case ZKA_AIR_FIRST: v[i] = first; break;
      case ZKA_AIR_LAST: v[i] = last; break;
      case ZKA_AIR_TRANS: v[i] = trans; break;
      case ZKA_AIR_ADD: v[i] = zka_babybear4_add_ref(v[n->a], v[n->b]); break;
      case ZKA_AIR_SUB: v[i] = zka_babybear4_sub_ref(v[n->a], v[n->b]); break;
      default: v[i] = zka_babybear4_mul_ref(v[n->a], v[n->b]); break;
    }
  }
}

/* ---- the mock checker: an exact multiset per bus ---------------------------------------- */

typedef struct {
  uint32_t bus, n;
  uint32_t vals[ZKA_AIR_MAX_TUPLE];
  zka_babybear count;
  const char *source; /* a table name that touched it, for messages */
  int used;
} bus_entry;

typedef struct {
  bus_entry *e;
  size_t cap, used;
  int oom;
} bus_map;

static uint64_t tuple_hash(uint32_t bus, const uint32_t *vals, uint32_t n) {
  uint64_t h = 0x84222325CBF29CE4ull ^ bus;
  for (uint32_t i = 0; i < n; i++) {
    h ^= vals[i];
    h *= 0x100000001B3ull;
    h ^= h >> 31;
  }
  return h ^ (h >> 29);
}

static int map_grow(bus_map *m) {
  size_t cap = m->cap ? m->cap * 2 : 4096;
  bus_entry *e = calloc(cap, sizeof *e);
  if (!e) return 0;
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->e[i].used) continue;
    size_t j = (size_t)tuple_hash(m->e[i].bus, m->e[i].vals, m->e[i].n) & (cap - 1);
    while (e[j].used) j = (j + 1) & (cap - 1);
    e[j] = m->e[i];
  }
  free(m->e);
  m->e = e;
  m->cap = cap;
  return 1;
}

static void map_add(bus_map *m, uint32_t bus, int32_t sign, zka_babybear mult,
                    const zka_babybear *vals, size_t n, const char *source) {
  if (m->oom) return;
  if ((m->used + 1) * 2 > m->cap && !map_grow(m)) {
    m->oom = 1;
    return;
  }
  uint32_t key[ZKA_AIR_MAX_TUPLE] = {0};
  if (n > ZKA_AIR_MAX_TUPLE) n = ZKA_AIR_MAX_TUPLE;
  for (size_t i = 0; i < n; i++) key[i] = vals[i].v;
  size_t j = (size_t)tuple_hash(bus, key, (uint32_t)n) & (m->cap - 1);
  while (m->e[j].used) {
    bus_entry *e = &m->e[j];
    if (e->bus == bus && e->n == n && !memcmp(e->vals, key, n * sizeof *key)) break;
    j = (j + 1) & (m->cap - 1);
  }
  bus_entry *e = &m->e[j];
  if (!e->used) {
    e->used = 1;
    e->bus = bus;
    e->n = (uint32_t)n;
    memcpy(e->vals, key, sizeof key);
    e->count = zka_babybear_zero_ref();
    e->source = source;
    m->used++;
  }
  e->count = sign > 0 ? zka_babybear_add_ref(e->count, mult) : zka_babybear_sub_ref(e->count, mult);
}

static void external_emit(void *acc, uint32_t bus, int32_t sign, zka_babybear mult,
                          const zka_babybear *vals, size_t n) {
  if (mult.v) map_add(acc, bus, sign, mult, vals, n, "external");
}

static void format_entry(char *out, size_t cap, const bus_entry *e) {
  uint32_t c = zka_bb_u32(e->count);
  int64_t net = c > 0x3C000000u ? (int64_t)c - 0x78000001ll : (int64_t)c;
  int k = snprintf(out, cap, "bus %u tuple (", e->bus);
  for (uint32_t i = 0; i < e->n && k > 0 && (size_t)k < cap; i++)
    k += snprintf(out + k, cap - (size_t)k, "%s%u", i ? ", " : "", zka_bb_u32(zka_babybear_make_ref(e->vals[i])));
  if (k > 0 && (size_t)k < cap) snprintf(out + k, cap - (size_t)k, ") net %+lld (seen in %s)", (long long)net, e->source);
}

zka_status zka_air_check(const zka_air_trace *tables, size_t n_tables, size_t n,
                         zka_air_external_fn external, void *external_user, unsigned flags,
                         zka_ctx *ctx) {
  if ((!tables && n_tables) || n == 0)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "air check: no rows");
  zka_status s = ZKA_OK;
  zka_babybear one = zka_babybear_one_ref(), zero = zka_babybear_zero_ref();
  bus_map map = {0};
  zka_babybear *vals = NULL;
  zka_babybear tuple[ZKA_AIR_MAX_TUPLE];
  for (size_t ti = 0; ti < n_tables && s == ZKA_OK; ti++) {
    const zka_air_table *t = tables[ti].air;
    free(vals);
    vals = malloc((t->n_nodes ? t->n_nodes : 1) * sizeof *vals);
    if (!vals) {
      s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "air check: out of memory");
      break;
    }
    for (size_t r = 0; r < n && s == ZKA_OK; r++) {
      const zka_babybear *local = tables[ti].rows + r * t->width;
      const zka_babybear *next = tables[ti].rows + ((r + 1) % n) * t->width;
      zka_air_eval_row(t, vals, local, next, r == 0 ? one : zero, r == n - 1 ? one : zero,
                       r == n - 1 ? zero : one);
      for (size_t c = 0; c < t->n_constraints; c++) {
        if (vals[t->constraints[c]].v != 0) {
          s = zka_error(ctx, ZKA_ERR_VERIFY_FAILED,
                        "table '%s': constraint %zu ('%s') fails at row %zu of %zu", t->name, c,
                        t->labels[c], r, n);
          break;
        }
      }
      if (s != ZKA_OK || (flags & ZKA_AIR_CHECK_NO_BUS)) continue;
      for (size_t k = 0; k < t->n_inter; k++) {
        const zka_air_interaction *it = &t->inter[k];
        zka_babybear m = vals[it->mult];
        if (!m.v) continue;
        for (uint32_t i = 0; i < it->n; i++) tuple[i] = vals[it->vals[i]];
        map_add(&map, it->bus, it->sign, m, tuple, it->n, t->name);
      }
    }
  }
  if (s == ZKA_OK && !(flags & ZKA_AIR_CHECK_NO_BUS)) {
    if (external) s = external(external_user, external_emit, &map, ctx);
    if (s == ZKA_OK && map.oom) s = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "air check: out of memory");
    if (s == ZKA_OK) {
      size_t bad = 0;
      char msg[900] = "";
      size_t k = 0;
      int debug = getenv("ZKA_AIR_DEBUG") != NULL;
      for (size_t i = 0; i < map.cap; i++) {
        if (!map.e[i].used || map.e[i].count.v == 0) continue;
        char one_msg[300];
        format_entry(one_msg, sizeof one_msg, &map.e[i]);
        if (debug) fprintf(stderr, "air check: unbalanced %s\n", one_msg);
        if (bad < 3 && k < sizeof msg) k += (size_t)snprintf(msg + k, sizeof msg - k, "%s%s", bad ? "; " : "", one_msg);
        bad++;
      }
      if (bad)
        s = zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "air check: %zu unbalanced bus tuple(s): %s", bad, msg);
    }
  }
  free(vals);
  free(map.e);
  return s;
}
