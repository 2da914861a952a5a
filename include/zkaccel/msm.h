/* msm.h — multi-scalar multiplication through the engine (device.h):
 *   result = sum_i scalars[i] * points[i]
 * over BN254 G1/G2 and BLS12-381 G1/G2, split across the selected devices (each computes
 * the MSM of a share of the points; the host adds the partial results).
 *
 * Points are affine in the layout of curve.h (coordinates in Montgomery form; the point
 * at infinity is x = y = 0, as snarkjs .zkey files carry it).  They must be on the curve
 * and in the prime-order subgroup (not checked here: check them when reading a file; see
 * zka_<G>_in_subgroup).  Scalars are 32-byte canonical little-endian integers; values >= r
 * (the group order) are reduced mod r first, which changes nothing for points of order r.
 * Repeated points, P and -P in one input, zero scalars and infinity are all fine.  The
 * result is a Jacobian point (curve.h); different splits may give different Jacobian
 * coordinates for the same point, so compare with zka_<G>_jacobian_eq or after
 * normalization (zka_msm_affine): those bytes are identical on every backend.
 */
#ifndef ZKACCEL_MSM_H
#define ZKACCEL_MSM_H
#include <stddef.h>
#include <stdint.h>

#include "curve.h"
#include "device.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  ZKA_GROUP_BN254_G1 = 1,
  ZKA_GROUP_BN254_G2 = 2,
  ZKA_GROUP_BLS12_381_G1 = 3,
  ZKA_GROUP_BLS12_381_G2 = 4
} zka_group_id;

/** sizeof the affine / Jacobian struct of g (0 for an unknown id). */
ZKA_API size_t zka_group_affine_size(zka_group_id g);
ZKA_API size_t zka_group_jacobian_size(zka_group_id g);
/** "bn254_g1", "bn254_g2", "bls12_381_g1", "bls12_381_g2"; "?" when unknown. */
ZKA_API const char *zka_group_name(zka_group_id g);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_group_parse(const char *name, zka_group_id *out);

/** result (a zka_<G>_jacobian) = sum of scalars[i] * points[i] for i < n; n = 0 gives
 *  infinity.  Errors: ZKA_ERR_INVALID_ARGUMENT, ZKA_ERR_OUT_OF_MEMORY, ZKA_ERR_DEVICE
 *  (strict engine and a device failed). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_msm(zka_engine *e, zka_group_id g, void *result,
                                                  const void *points, const uint8_t *scalars,
                                                  size_t n, zka_ctx *ctx);
/** The same, normalized: result is a zka_<G>_affine (infinity: (0, 0)). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_msm_affine(zka_engine *e, zka_group_id g,
                                                         void *result, const void *points,
                                                         const uint8_t *scalars, size_t n,
                                                         zka_ctx *ctx);

/** Device-resident tier: n points at byte points_offset and n scalars at scalars_offset
 *  of buffer b (zka_buffer_create on one device), run on b's device without copies.
 *  Scalars here must already be below r (they are not reduced: they live on the device);
 *  a device error is returned (ZKA_ERR_DEVICE), not re-run elsewhere. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_msm_buffer(zka_engine *e, zka_group_id g,
                                                         void *result, const zka_buffer *b,
                                                         size_t points_offset,
                                                         size_t scalars_offset, size_t n,
                                                         zka_ctx *ctx);

/* ---- fixed bases: plans ---------------------------------------------------------------- */

/** A plan for many MSMs over the same n bases (every Groth16 proof with one .zkey): the
 *  bases are copied and extended once with precomputed multiples (P * 2^(j*L) for
 *  j < precompute), which cuts the doublings and the scalar length per point by that
 *  factor.  Immutable after creation; runs may not overlap on one plan. */
typedef struct zka_msm_plan zka_msm_plan;

typedef struct {
  /** Copies of each base (>= 1); 0: 1 (no precomputation).  Memory grows by this factor. */
  unsigned precompute;
  /** When not NULL: a file that caches the precomputed bases.  If it exists and was made
   *  from the same bases (a hash of them is in its header) it is loaded instead of
   *  recomputing; otherwise it is (re)written.  A stale or damaged cache is rebuilt. */
  const char *cache_path;
} zka_msm_plan_options;

ZKA_API zka_msm_plan_options zka_msm_plan_options_default(void);

/** Make a plan for n bases of group g (the points are copied). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_msm_plan_create(zka_msm_plan **out, zka_engine *e,
                                                              zka_group_id g, const void *points,
                                                              size_t n,
                                                              const zka_msm_plan_options *opt,
                                                              zka_ctx *ctx);
ZKA_API void zka_msm_plan_destroy(zka_msm_plan *p);
/** 1 when the plan's precomputation came from its cache file. */
ZKA_API int zka_msm_plan_from_cache(const zka_msm_plan *p);
/** result (Jacobian) = sum scalars[i] * base[i] over the plan's n bases. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_msm_plan_run(zka_msm_plan *p, void *result,
                                                           const uint8_t *scalars, zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
