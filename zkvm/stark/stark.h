/* stark.h — internal: the STARK over BabyBear that proves a set of AIR tables (air.h) with
 * LogUp buses: Poseidon2 Merkle commitments and coset NTTs through the engine's scheduler
 * (zka_merkle_build, zka_ntt), DEEP-ALI quotient, FRI, Fiat–Shamir over Poseidon2, challenges
 * in the degree-4 extension, proof-of-work grinding.
 *
 * Protocol (every table has the same n = 2^log_n rows; D = 2^log_blowup; the LDE domain is
 * the coset g·<w_{nD}> of size nD, g = the BabyBear generator 31):
 *  1. transcript <- params, log_n, table shapes, the preamble (the statement)
 *  2. main: every table's columns interpolated and evaluated on the LDE domain; one Merkle
 *     tree (Poseidon2 BabyBear-16) whose leaf i is all tables' main cells at LDE point i;
 *     root -> transcript; draw alpha, beta (extension) for the buses
 *  3. aux (per table): consecutive interactions are paired when the degree allows
 *     (stark_util.h, zka_st_layout_init): a pair k, k+1 has one helper column
 *     h = sign_k·m_k/d_k + sign_{k+1}·m_{k+1}/d_{k+1} (d = alpha - fp) with the constraint
 *     h·d_k·d_{k+1} = sign_k·m_k·d_{k+1} + sign_{k+1}·m_{k+1}·d_k; an unpaired one has
 *     h = sign·m/d with h·d = sign·m.  Running sum s(r) = s(r-1) + Σ_g h_g(r) (s(-1) = 0);
 *     first_row·(s - Σh) = 0, transition·(s' - s - Σh') = 0, last_row·(s - total) = 0.
 *     Extension columns committed as 4 base columns each, one tree for all tables; root and
 *     every table's total -> transcript; draw the constraint combiner (extension)
 *  4. quotient: Q = Σ combiner^j C_j / Z_H over all constraints of all tables (j in a fixed
 *     order), degree < (ZKA_AIR_MAX_DEGREE - 1)·n, split into chunks of degree < n,
 *     committed; root -> transcript; draw the out-of-domain point z (extension, outside H
 *     and the LDE domain)
 *  5. openings at z and z·w_n of every main and aux column, at z of every quotient chunk
 *     -> transcript; the verifier checks Σ combiner^j C_j(z) = Z_H(z)·Q(z)
 *  6. DEEP composition F(x) = Σ lambda^i (f_i(x) - f_i(z))/(x - z) + (next-row openings at
 *     z·w_n) -> FRI (fold by 8 per round — three binary folds, one challenge each, only the
 *     round's first layer committed, in leaves of the 8 values a fold-by-8 combines; the
 *     last round folds by 2 or 4 when the fold count is not a multiple of 3; the final
 *     polynomial sent as its 2^min(log_final, log_n) coefficients, so its degree bound
 *     holds by construction), grinding (pow_bits), num_queries queries: each opens the
 *     main/aux/quotient rows and one leaf per FRI round with Merkle paths
 *  7. the verifier also checks Σ tables' totals + the external bus sum = 0.
 *
 * The external tuples are NOT absorbed by the transcript (the prover has no callback): the
 * preamble must determine every one of them (the zkVM puts the program digest, exit code,
 * public output and execution counts in it), or a prover could pick them after seeing
 * alpha and beta.  The exact rules (transcript order, grinding, selectors, combiner order,
 * FRI fold, proof layout) are written down in stark_util.h.
 *
 * Conjectured security (ethSTARK/Plonky3 convention): log_blowup·num_queries + pow_bits bits,
 * capped by the extension field (~124 bits).  The defaults give 2·42 + 16 = 100.
 *
 * Proof bytes: a self-describing little-endian format (header: magic "ZKAS", version, the
 * params, log_n); with the same inputs the bytes are identical on every backend (no
 * randomness: zero-knowledge is not a goal; the trace is not blinded).
 */
#ifndef ZKA_ZKVM_STARK_H
#define ZKA_ZKVM_STARK_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/device.h"
#include "zkvm/air/air.h"

typedef struct {
  uint32_t log_blowup;  /* 2 (blowup 4); 2..8: the quotient (degree < MAX_DEGREE·n) is
                           computed on the LDE domain itself */
  uint32_t num_queries; /* 42 */
  uint32_t pow_bits;    /* 16 */
  uint32_t log_final;   /* 3: the final FRI polynomial has degree < 8 */
} zka_stark_params;

/** The defaults above (100 bits conjectured). */
zka_stark_params zka_stark_params_default(void);
/** Conjectured security bits of params. */
unsigned zka_stark_security_bits(const zka_stark_params *p);

/** Progress: called at each stage with a short name ("main LDE", "quotient", "FRI", ...). */
typedef void (*zka_stark_progress_fn)(void *user, const char *stage);

/** Prove: tables[i] (compiled AIR) with traces[i] (2^log_n rows x tables[i]->width cells,
 *  row-major, Montgomery form).  preamble (n_preamble elements) is absorbed first: the
 *  statement both sides agree on.  On success *proof (malloc'd, free()) holds *proof_len
 *  bytes.  Errors: ZKA_ERR_INVALID_ARGUMENT (a constraint does not hold on the trace, found
 *  when the quotient is not of low degree; message names the table when it can),
 *  ZKA_ERR_OUT_OF_MEMORY, ZKA_ERR_DEVICE (strict engine). */
zka_status zka_stark_prove(zka_engine *e, const zka_stark_params *prm,
                           const zka_air_table *const *tables,
                           const zka_babybear *const *traces, size_t n_tables, uint32_t log_n,
                           const zka_babybear *preamble, size_t n_preamble,
                           zka_stark_progress_fn progress, void *progress_user,
                           uint8_t **proof, size_t *proof_len, zka_ctx *ctx);

/** zka_stark_prove that also checks, once the bus challenges are drawn, that the tables'
 *  LogUp totals and the external tuples (the verifier's side, as zka_stark_verify gets it)
 *  add up to zero, and refuses (ZKA_ERR_INVALID_ARGUMENT) instead of writing a proof the
 *  verifier would reject.  external NULL: no check. */
zka_status zka_stark_prove_ext(zka_engine *e, const zka_stark_params *prm,
                               const zka_air_table *const *tables,
                               const zka_babybear *const *traces, size_t n_tables,
                               uint32_t log_n, const zka_babybear *preamble, size_t n_preamble,
                               zka_air_external_fn external, void *external_user,
                               zka_stark_progress_fn progress, void *progress_user,
                               uint8_t **proof, size_t *proof_len, zka_ctx *ctx);

/** Verify a proof made for the same tables and preamble; prm gives the minimum the
 *  verifier accepts (the proof's own params must be at least as strong and are what is
 *  checked).  external: the verifier's side of the buses (NULL: none).  *log_n_out (may be
 *  NULL) receives the proof's trace height.  ZKA_OK, ZKA_ERR_VERIFY_FAILED (message says
 *  which check), ZKA_ERR_BAD_ENCODING (malformed or truncated proof). */
zka_status zka_stark_verify(const zka_stark_params *prm, const zka_air_table *const *tables,
                            size_t n_tables, const zka_babybear *preamble, size_t n_preamble,
                            zka_air_external_fn external, void *external_user,
                            const uint8_t *proof, size_t proof_len, uint32_t *log_n_out,
                            zka_ctx *ctx);

#endif
