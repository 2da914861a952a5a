/* groth16.h — Groth16 proofs for circom/snarkjs circuits (rapidsnark-compatible prover,
 * native verifier), over BN254 ("bn128" in snarkjs) and BLS12-381 ("bls12381").
 *
 * Files, as snarkjs writes them (the layouts are in circuits/README.md):
 *   .zkey   the proving key (iden3 binfile "zkey", protocol 1 = Groth16)
 *   .wtns   the witness (iden3 binfile "wtns", version 2)
 *   verification_key.json, proof.json, public.json   snarkjs's JSON (decimal strings)
 *
 * The prover computes exactly what snarkjs's groth16 prove computes (the H polynomial from
 * the zkey's coefficient section by inverse NTT and coset NTT on the odd points of the size
 * 2n domain, then five MSMs), with the NTTs and MSMs run through the engine's scheduler, so
 * every backend takes part and, with a fixed seed, every backend gives the same bytes.
 * The blinding scalars r and s come from the OS (getrandom) unless a seed is given.
 *
 * Handles: a zka_zkey, zka_wtns or zka_groth16_vkey is immutable once opened and may be
 * shared between threads; a zka_groth16_prover needs exclusive access while it proves.
 */
#ifndef ZKACCEL_GROTH16_H
#define ZKACCEL_GROTH16_H
#include <stddef.h>
#include <stdint.h>

#include "curve.h"
#include "device.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { ZKA_CURVE_BN254 = 1, ZKA_CURVE_BLS12_381 = 2 } zka_curve_id;

/** snarkjs's name of the curve: "bn128" or "bls12381" ("?" when unknown). */
ZKA_API const char *zka_curve_snarkjs_name(zka_curve_id c);

/* ---- proving key (.zkey) ---------------------------------------------------------------- */

typedef struct zka_zkey zka_zkey;

typedef struct {
  zka_curve_id curve;
  uint32_t n_vars;        /**< witness length (signal 0 is the constant 1) */
  uint32_t n_public;      /**< public signals (outputs and public inputs) */
  uint32_t domain_size;   /**< 2^log_domain >= constraints + public signals + 1 */
  uint32_t log_domain;
  uint32_t n_constraints; /**< constraints, as the coefficient section implies them */
  uint64_t n_coefficients;
  uint64_t file_bytes;
} zka_zkey_info;

/** Open a snarkjs Groth16 .zkey: memory-mapped, every header and section checked (ids,
 *  sizes, curve, protocol), every point checked to lie on its curve with coordinates below
 *  q.  Errors: ZKA_ERR_IO (cannot open/map), ZKA_ERR_BAD_ENCODING (not a zkey, a truncated
 *  or inconsistent section, a PLONK/FFLONK key, a coefficient naming a row or signal out
 *  of range), ZKA_ERR_UNSUPPORTED (a curve other than bn128/bls12381),
 *  ZKA_ERR_OUT_OF_RANGE, ZKA_ERR_NOT_ON_CURVE; the message names the file and section. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkey_open(zka_zkey **out, const char *path,
                                                        zka_ctx *ctx);
/** The same from bytes in memory (they are copied).  name is used in messages. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_zkey_from_bytes(zka_zkey **out, const void *data,
                                                              size_t len, const char *name,
                                                              zka_ctx *ctx);
/** NULL is allowed. */
ZKA_API void zka_zkey_close(zka_zkey *z);
ZKA_API void zka_zkey_get_info(const zka_zkey *z, zka_zkey_info *out);

/* ---- witness (.wtns) ------------------------------------------------------------------ */

typedef struct zka_wtns zka_wtns;

/** Open a snarkjs .wtns (version 2): the prime must be the curve's r, every value below r.
 *  Errors as zka_zkey_open. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_wtns_open(zka_wtns **out, const char *path,
                                                        zka_ctx *ctx);
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_wtns_from_bytes(zka_wtns **out, const void *data,
                                                              size_t len, const char *name,
                                                              zka_ctx *ctx);
ZKA_API void zka_wtns_close(zka_wtns *w);
/** Number of values; their curve (by the prime). */
ZKA_API uint32_t zka_wtns_count(const zka_wtns *w);
ZKA_API zka_curve_id zka_wtns_curve(const zka_wtns *w);
/** Value i as 32 canonical little-endian bytes (i < count). */
ZKA_API const uint8_t *zka_wtns_value(const zka_wtns *w, uint32_t i);

/* ---- proofs -------------------------------------------------------------------------- */

/** A proof: affine points in the layouts of curve.h; which member is valid says curve. */
typedef struct {
  zka_curve_id curve;
  union {
    struct {
      zka_bn254_g1_affine a;
      zka_bn254_g2_affine b;
      zka_bn254_g1_affine c;
    } bn254;
    struct {
      zka_bls12_381_g1_affine a;
      zka_bls12_381_g2_affine b;
      zka_bls12_381_g1_affine c;
    } bls12_381;
  } u;
} zka_groth16_proof;

/** Wall time of each prover stage, seconds. */
typedef struct {
  double read;   /**< witness check and the A·w, B·w evaluations */
  double ntt;    /**< three inverse and three coset NTTs */
  double msm_a;  /**< G1 MSM over the A points */
  double msm_b1; /**< G1 MSM over the B points */
  double msm_b2; /**< G2 MSM over the B points */
  double msm_c;  /**< G1 MSM over the C points (private signals) */
  double msm_h;  /**< G1 MSM over the H points */
  double total;
} zka_groth16_timings;

/** Called at the start of each stage ("evaluate", "ntt", "msm A", ..., "done"); arg as given. */
typedef void (*zka_groth16_progress_fn)(void *arg, const char *stage);

typedef struct {
  /** 1: r and s are derived from seed (deterministic: for tests and cross-backend
   *  comparisons; never for real proofs).  0: from the OS CSPRNG. */
  int use_seed;
  uint64_t seed;
  /** Fixed-base plans for the zkey's five point sets: copies per base (see msm.h); 0 or 1:
   *  no precomputation (the points are used in place, nothing copied). */
  unsigned precompute;
  /** With precompute > 1: a directory for the plans' cache files (one per point set,
   *  named from the zkey's hash); NULL: no cache, the precomputation is redone. */
  const char *plan_cache_dir;
  zka_groth16_progress_fn progress;
  void *progress_arg;
} zka_groth16_prove_options;

ZKA_API zka_groth16_prove_options zka_groth16_prove_options_default(void);

/** A prover for one zkey: keeps the plans (and their precomputation) between proofs. */
typedef struct zka_groth16_prover zka_groth16_prover;

/** z must outlive the prover. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_prover_create(
    zka_groth16_prover **out, zka_engine *e, const zka_zkey *z,
    const zka_groth16_prove_options *opt, zka_ctx *ctx);
ZKA_API void zka_groth16_prover_destroy(zka_groth16_prover *p);

/** Prove: w must belong to the prover's zkey (same curve, count = n_vars).  timings may be
 *  NULL.  Errors: ZKA_ERR_INVALID_ARGUMENT (a witness of the wrong curve or length; the
 *  message says which), ZKA_ERR_OUT_OF_MEMORY, ZKA_ERR_DEVICE (strict engine),
 *  ZKA_ERR_IO (no OS randomness). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_prove(zka_groth16_prover *p,
                                                            zka_groth16_proof *proof,
                                                            const zka_wtns *w,
                                                            zka_groth16_timings *timings,
                                                            zka_ctx *ctx);

/** One-shot, as rapidsnark's groth16_prover: zkey and wtns file contents in, proof.json
 *  and public.json text out (malloc'd, NUL-terminated; free them with free()). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_prove_bytes(
    zka_engine *e, const void *zkey, size_t zkey_len, const void *wtns, size_t wtns_len,
    const zka_groth16_prove_options *opt, char **proof_json, char **public_json, zka_ctx *ctx);

/** proof.json text exactly as snarkjs writes it (JSON with one-space indentation, decimal
 *  strings, "protocol": "groth16", "curve"); malloc'd. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_proof_to_json(char **out,
                                                                    const zka_groth16_proof *p);
/** public.json text: witness values 1..n_public as decimal strings; malloc'd. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_public_to_json(char **out,
                                                                     const zka_wtns *w,
                                                                     uint32_t n_public);

/* ---- verifier ------------------------------------------------------------------------ */

typedef struct zka_groth16_vkey zka_groth16_vkey;

/** Parse snarkjs's verification_key.json (protocol "groth16", curve "bn128"/"bls12381"):
 *  every point decoded, on its curve and in its subgroup.  ZKA_ERR_BAD_ENCODING (syntax, a
 *  missing or mistyped key, IC length != nPublic + 1), ZKA_ERR_UNSUPPORTED (another
 *  protocol or curve), ZKA_ERR_OUT_OF_RANGE, ZKA_ERR_NOT_ON_CURVE, ZKA_ERR_NOT_IN_SUBGROUP. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_vkey_from_json(zka_groth16_vkey **out,
                                                                     const char *json,
                                                                     size_t len, zka_ctx *ctx);
ZKA_API void zka_groth16_vkey_destroy(zka_groth16_vkey *vk);
ZKA_API zka_curve_id zka_groth16_vkey_curve(const zka_groth16_vkey *vk);
ZKA_API uint32_t zka_groth16_vkey_n_public(const zka_groth16_vkey *vk);

/** Parse proof.json for the given curve (its "curve", when present, must agree); points
 *  checked on the curve and in the subgroup. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_proof_from_json(zka_groth16_proof *out,
                                                                      zka_curve_id curve,
                                                                      const char *json,
                                                                      size_t len, zka_ctx *ctx);

/** Parse public.json: an array of decimal strings, each below r; *out (malloc'd, 32
 *  canonical little-endian bytes per value) and *count. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_public_from_json(uint8_t **out,
                                                                       size_t *count,
                                                                       zka_curve_id curve,
                                                                       const char *json,
                                                                       size_t len,
                                                                       zka_ctx *ctx);

/** Check e(A, B) = e(alpha, beta) · e(sum_i pub_i·IC_i, gamma) · e(C, delta).  ZKA_OK for a
 *  valid proof, ZKA_ERR_VERIFY_FAILED for one that does not verify, ZKA_ERR_INVALID_ARGUMENT
 *  (count != nPublic, another curve). */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_groth16_verify(const zka_groth16_vkey *vk,
                                                             const zka_groth16_proof *proof,
                                                             const uint8_t *public_values,
                                                             size_t count, zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
