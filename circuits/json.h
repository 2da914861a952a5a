/* json.h — internal: a small JSON reader for the snarkjs files the verifier takes
 * (verification_key.json, proof.json, public.json).  It builds a flat array of nodes; each
 * node keeps the span of its text, so a point's array can be handed to zka_<G>_from_json as
 * it stands.  Depth is bounded (64); numbers and strings are kept as spans, not converted. */
#ifndef ZKA_CIRCUITS_JSON_H
#define ZKA_CIRCUITS_JSON_H
#include <stddef.h>

#include "zkaccel/status.h"

typedef enum { ZKA_JSON_NULL, ZKA_JSON_BOOL, ZKA_JSON_NUMBER, ZKA_JSON_STRING, ZKA_JSON_ARRAY, ZKA_JSON_OBJECT } zka_json_type;

typedef struct {
  zka_json_type type;
  size_t start, end; /* the value's text [start, end); strings: inside the quotes */
  size_t key_start, key_end; /* for members of an object: the key, inside the quotes */
  int parent;        /* -1 for the root */
  int children;      /* direct children */
  int next;          /* next sibling, -1 at the end */
  int first;         /* first child, -1 when none */
} zka_json_node;

typedef struct {
  const char *text;
  size_t len;
  zka_json_node *nodes;
  int count, cap;
} zka_json;

/** Parse text (the whole of it must be one JSON value, whitespace around allowed).
 *  ZKA_ERR_BAD_ENCODING with "what: line L column C: ..." in ctx. */
zka_status zka_json_parse(zka_json *j, const char *text, size_t len, const char *what, zka_ctx *ctx);
void zka_json_free(zka_json *j);
/** The member of object node obj named key, or -1. */
int zka_json_get(const zka_json *j, int obj, const char *key);
/** Child i of array node arr, or -1. */
int zka_json_at(const zka_json *j, int arr, int i);
/** 1 when string node n equals s. */
int zka_json_str_eq(const zka_json *j, int n, const char *s);

#endif
