/* merkle.c — binary Merkle trees over the scheduler's batch hashing (hash.h).
 *
 * Layer 0 holds the leaf digests, padded with all-zero digests up to 2^depth; layer k+1
 * holds the compressions of layer k's pairs; layer `depth` is the root.  Each layer is one
 * batch job for the scheduler, so leaves and layers spread over the selected devices and
 * the root does not depend on which devices computed it. */
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "host/engine_internal.h"
#include "zkaccel/hash.h"

#define ZKA_DIGEST 32 /* zka_hash_digest_size for every hash */

struct zka_merkle_tree {
  zka_hash_id hash;
  size_t n, depth;
  size_t first_kept; /* layers below this index were dropped */
  uint8_t *layers[65];
};

zka_merkle_options zka_merkle_options_default(void) {
  zka_merkle_options o;
  memset(&o, 0, sizeof o);
  return o;
}

static size_t zka_merkle_depth_of(size_t n) {
  size_t depth = 0;
  while (((size_t)1 << depth) < n) depth++;
  return depth;
}

void zka_merkle_destroy(zka_merkle_tree *t) {
  if (!t) return;
  for (size_t k = 0; k <= t->depth; k++) free(t->layers[k]);
  free(t);
}

/* Fold the report of one layer's job into the tree's total. */
static void zka_merkle_report_add(zka_job_report *total, const zka_job_report *layer, int first) {
  total->chunks += layer->chunks;
  total->fallbacks += layer->fallbacks;
  total->seconds += layer->seconds;
  if (first) memcpy(total->devices, layer->devices, sizeof total->devices);
  size_t used = strlen(total->fallback_log), add = strlen(layer->fallback_log);
  if (used + add < sizeof total->fallback_log) memcpy(total->fallback_log + used, layer->fallback_log, add + 1);
}

zka_status zka_merkle_build(zka_merkle_tree **out, zka_engine *e, zka_hash_id h, const void *leaves,
                            size_t len, size_t n, const zka_merkle_options *opt, zka_ctx *ctx) {
  if (!out || !e || (!leaves && len && n))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_build: NULL argument");
  *out = NULL;
  if (!zka_hash_unit_size(h))
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_build: unknown hash id %d", (int)h);
  if (n == 0) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_build: a tree needs at least one leaf");
  size_t depth = zka_merkle_depth_of(n);
  if (depth > 48) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_build: %zu leaves is too many", n);
  size_t keep = opt ? opt->keep_layers : 0;
  zka_merkle_tree *t = calloc(1, sizeof *t);
  if (!t) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_merkle_build: out of memory");
  t->hash = h;
  t->n = n;
  t->depth = depth;
  t->first_kept = keep == 0 || keep > depth + 1 ? 0 : depth + 1 - keep;
  zka_job_report total;
  memset(&total, 0, sizeof total);
  zka_status st = ZKA_OK;
  size_t width = (size_t)1 << depth;
  t->layers[0] = calloc(width, ZKA_DIGEST); /* the padding stays zero */
  if (!t->layers[0]) st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_merkle_build: cannot hold %zu leaf digests", width);
  if (st == ZKA_OK) st = zka_hash_batch(e, h, t->layers[0], leaves, len, n, ctx);
  if (st == ZKA_OK) zka_merkle_report_add(&total, &e->report, 1);
  for (size_t k = 1; k <= depth && st == ZKA_OK; k++) {
    width >>= 1;
    t->layers[k] = malloc(width * ZKA_DIGEST);
    if (!t->layers[k]) {
      st = zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zka_merkle_build: out of memory at layer %zu", k);
      break;
    }
    st = zka_hash_compress_batch(e, h, t->layers[k], t->layers[k - 1], width, ctx);
    if (st == ZKA_OK) zka_merkle_report_add(&total, &e->report, 0);
    if (k - 1 < t->first_kept) { /* not kept: only needed to compute this layer */
      free(t->layers[k - 1]);
      t->layers[k - 1] = NULL;
    }
  }
  if (st != ZKA_OK) {
    zka_merkle_destroy(t);
    return st;
  }
  e->report = total;
  *out = t;
  return ZKA_OK;
}

size_t zka_merkle_depth(const zka_merkle_tree *t) { return t ? t->depth : 0; }
size_t zka_merkle_leaf_count(const zka_merkle_tree *t) { return t ? t->n : 0; }

void zka_merkle_root(const zka_merkle_tree *t, void *root) {
  if (t && root) memcpy(root, t->layers[t->depth], ZKA_DIGEST);
}

zka_status zka_merkle_open(const zka_merkle_tree *t, size_t index, void *path, zka_ctx *ctx) {
  if (!t || (!path && t->depth)) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_open: NULL argument");
  if (index >= t->n)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_open: leaf %zu of a tree of %zu leaves", index, t->n);
  if (t->first_kept > 0)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zka_merkle_open: this tree kept only its top %zu layers (keep_layers); paths need all %zu",
                     t->depth + 1 - t->first_kept, t->depth + 1);
  uint8_t *p = path;
  for (size_t k = 0; k < t->depth; k++)
    memcpy(p + k * ZKA_DIGEST, t->layers[k] + (((index >> k) ^ 1) * ZKA_DIGEST), ZKA_DIGEST);
  return ZKA_OK;
}

zka_status zka_merkle_verify(zka_hash_id h, const void *root, const void *leaf, size_t len, size_t index,
                             size_t n, const void *path, zka_ctx *ctx) {
  if (!root || (!leaf && len)) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_verify: NULL argument");
  if (n == 0 || index >= n)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_verify: leaf %zu of a tree of %zu leaves", index, n);
  size_t depth = zka_merkle_depth_of(n);
  if (depth && !path) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zka_merkle_verify: path is NULL");
  uint8_t cur[ZKA_DIGEST], next[ZKA_DIGEST];
  zka_status st = zka_hash(h, cur, leaf, len);
  if (st != ZKA_OK) return zka_error(ctx, st, "zka_merkle_verify: the leaf cannot be hashed with %s", zka_hash_name(h));
  const uint8_t *p = path;
  for (size_t k = 0; k < depth; k++) {
    const uint8_t *sib = p + k * ZKA_DIGEST;
    st = (index >> k) & 1 ? zka_hash_compress(h, next, sib, cur) : zka_hash_compress(h, next, cur, sib);
    if (st != ZKA_OK) return zka_error(ctx, st, "zka_merkle_verify: compression failed");
    memcpy(cur, next, ZKA_DIGEST);
  }
  if (memcmp(cur, root, ZKA_DIGEST) != 0)
    return zka_error(ctx, ZKA_ERR_VERIFY_FAILED, "zka_merkle_verify: the path of leaf %zu does not lead to the root", index);
  return ZKA_OK;
}
