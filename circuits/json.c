/* json.c — the small JSON reader of json.h (RFC 8259 syntax; escapes are accepted and left
 * in the spans: the snarkjs files hold only digits and ASCII names). */
#include "circuits/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"

typedef struct {
  zka_json *j;
  size_t pos;
  const char *what;
  zka_ctx *ctx;
  int depth;
} zka_json_parser;

static zka_status zka_json_fail(zka_json_parser *p, const char *msg) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < p->pos && i < p->j->len; i++) {
    if (p->j->text[i] == '\n') line++, col = 1;
    else col++;
  }
  return zka_error(p->ctx, ZKA_ERR_BAD_ENCODING, "%s: line %zu column %zu: %s", p->what, line, col, msg);
}

static void zka_json_ws(zka_json_parser *p) {
  while (p->pos < p->j->len) {
    char ch = p->j->text[p->pos];
    if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r') break;
    p->pos++;
  }
}

static int zka_json_new(zka_json_parser *p, zka_json_type t, int parent) {
  zka_json *j = p->j;
  if (j->count == j->cap) {
    int cap = j->cap ? j->cap * 2 : 64;
    zka_json_node *n = realloc(j->nodes, (size_t)cap * sizeof *n);
    if (!n) return -1;
    j->nodes = n;
    j->cap = cap;
  }
  zka_json_node *n = &j->nodes[j->count];
  memset(n, 0, sizeof *n);
  n->type = t;
  n->parent = parent;
  n->next = n->first = -1;
  return j->count++;
}

static zka_status zka_json_string_span(zka_json_parser *p, size_t *s, size_t *e) {
  const char *t = p->j->text;
  if (p->pos >= p->j->len || t[p->pos] != '"') return zka_json_fail(p, "expected a string");
  size_t i = ++p->pos;
  while (i < p->j->len && t[i] != '"') {
    if ((unsigned char)t[i] < 0x20) {
      p->pos = i;
      return zka_json_fail(p, "control character in a string");
    }
    if (t[i] == '\\') i++;
    i++;
  }
  if (i >= p->j->len) return zka_json_fail(p, "unterminated string");
  *s = p->pos;
  *e = i;
  p->pos = i + 1;
  return ZKA_OK;
}

static zka_status zka_json_value(zka_json_parser *p, int parent, int *out);

static void zka_json_link(zka_json *j, int parent, int *last, int child) {
  if (parent < 0) return;
  if (*last < 0) j->nodes[parent].first = child;
  else j->nodes[*last].next = child;
  *last = child;
  j->nodes[parent].children++;
}

static zka_status zka_json_value(zka_json_parser *p, int parent, int *out) {
  zka_json *j = p->j;
  zka_json_ws(p);
  if (p->pos >= j->len) return zka_json_fail(p, "unexpected end of text");
  char ch = j->text[p->pos];
  size_t start = p->pos;
  zka_status st;
  int n;
  if (ch == '{' || ch == '[') {
    if (++p->depth > 64) return zka_json_fail(p, "nested more than 64 deep");
    int obj = ch == '{';
    n = zka_json_new(p, obj ? ZKA_JSON_OBJECT : ZKA_JSON_ARRAY, parent);
    if (n < 0) return zka_error(p->ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", p->what);
    p->pos++;
    int last = -1;
    zka_json_ws(p);
    if (p->pos < j->len && j->text[p->pos] == (obj ? '}' : ']')) {
      p->pos++;
    } else {
      for (;;) {
        size_t ks = 0, ke = 0;
        zka_json_ws(p);
        if (obj) {
          if ((st = zka_json_string_span(p, &ks, &ke))) return st;
          zka_json_ws(p);
          if (p->pos >= j->len || j->text[p->pos] != ':') return zka_json_fail(p, "expected ':'");
          p->pos++;
        }
        int child;
        if ((st = zka_json_value(p, n, &child))) return st;
        j->nodes[child].key_start = ks;
        j->nodes[child].key_end = ke;
        zka_json_link(j, n, &last, child);
        zka_json_ws(p);
        if (p->pos < j->len && j->text[p->pos] == ',') {
          p->pos++;
          continue;
        }
        if (p->pos < j->len && j->text[p->pos] == (obj ? '}' : ']')) {
          p->pos++;
          break;
        }
        return zka_json_fail(p, obj ? "expected ',' or '}'" : "expected ',' or ']'");
      }
    }
    p->depth--;
    j->nodes[n].start = start;
    j->nodes[n].end = p->pos;
  } else if (ch == '"') {
    size_t s, e;
    if ((st = zka_json_string_span(p, &s, &e))) return st;
    n = zka_json_new(p, ZKA_JSON_STRING, parent);
    if (n < 0) return zka_error(p->ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", p->what);
    j->nodes[n].start = s;
    j->nodes[n].end = e;
  } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
    size_t i = p->pos + (ch == '-');
    size_t digits = i;
    while (i < j->len && j->text[i] >= '0' && j->text[i] <= '9') i++;
    if (i == digits) return zka_json_fail(p, "a number without digits");
    if (i < j->len && j->text[i] == '.') {
      i++;
      while (i < j->len && j->text[i] >= '0' && j->text[i] <= '9') i++;
    }
    if (i < j->len && (j->text[i] == 'e' || j->text[i] == 'E')) {
      i++;
      if (i < j->len && (j->text[i] == '+' || j->text[i] == '-')) i++;
      while (i < j->len && j->text[i] >= '0' && j->text[i] <= '9') i++;
    }
    n = zka_json_new(p, ZKA_JSON_NUMBER, parent);
    if (n < 0) return zka_error(p->ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", p->what);
    j->nodes[n].start = p->pos;
    j->nodes[n].end = i;
    p->pos = i;
  } else {
    static const char *const words[3] = {"true", "false", "null"};
    int w;
    for (w = 0; w < 3; w++) {
      size_t l = strlen(words[w]);
      if (j->len - p->pos >= l && !memcmp(j->text + p->pos, words[w], l)) break;
    }
    if (w == 3) return zka_json_fail(p, "unexpected character");
    n = zka_json_new(p, w == 2 ? ZKA_JSON_NULL : ZKA_JSON_BOOL, parent);
    if (n < 0) return zka_error(p->ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: out of memory", p->what);
    j->nodes[n].start = p->pos;
    p->pos += strlen(words[w]);
    j->nodes[n].end = p->pos;
  }
  *out = n;
  return ZKA_OK;
}

zka_status zka_json_parse(zka_json *j, const char *text, size_t len, const char *what, zka_ctx *ctx) {
  memset(j, 0, sizeof *j);
  j->text = text;
  j->len = len;
  if (!text) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL text", what);
  zka_json_parser p = {j, 0, what, ctx, 0};
  int root;
  zka_status st = zka_json_value(&p, -1, &root);
  if (st == ZKA_OK) {
    zka_json_ws(&p);
    if (p.pos != len) st = zka_json_fail(&p, "text after the JSON value");
  }
  if (st != ZKA_OK) zka_json_free(j);
  return st;
}

void zka_json_free(zka_json *j) {
  free(j->nodes);
  j->nodes = NULL;
  j->count = j->cap = 0;
}

int zka_json_get(const zka_json *j, int obj, const char *key) {
  if (obj < 0 || obj >= j->count || j->nodes[obj].type != ZKA_JSON_OBJECT) return -1;
  size_t kl = strlen(key);
  for (int c = j->nodes[obj].first; c >= 0; c = j->nodes[c].next) {
    const zka_json_node *n = &j->nodes[c];
    if (n->key_end - n->key_start == kl && !memcmp(j->text + n->key_start, key, kl)) return c;
  }
  return -1;
}

int zka_json_at(const zka_json *j, int arr, int i) {
  if (arr < 0 || arr >= j->count || j->nodes[arr].type != ZKA_JSON_ARRAY) return -1;
  int c = j->nodes[arr].first;
  while (c >= 0 && i-- > 0) c = j->nodes[c].next;
  return c;
}

int zka_json_str_eq(const zka_json *j, int n, const char *s) {
  if (n < 0 || j->nodes[n].type != ZKA_JSON_STRING) return 0;
  size_t l = strlen(s);
  return j->nodes[n].end - j->nodes[n].start == l && !memcmp(j->text + j->nodes[n].start, s, l);
}
