/* curve_internal.h — internal helpers shared by curve.c and bls12_381_serialize.c, and
 * used by tests: decimal conversion on plain limb arrays, the JSON point reader, subgroup
 * checks by value. */
#ifndef ZKA_CURVE_INTERNAL_H
#define ZKA_CURVE_INTERNAL_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/curve.h"

/* Parse len ASCII decimal digits into n little-endian limbs (canonical integer, no
 * reduction).  BAD_ENCODING for empty input or a non-digit, OUT_OF_RANGE when the value
 * needs more than 64·n bits; "what" starts the message. */
zka_status zka_dec_parse(uint64_t *out, int n, const char *s, size_t len, const char *what,
                         zka_ctx *ctx);
/* The integer in n <= 8 limbs as decimal, NUL-terminated, no leading zeros. */
void zka_dec_format(char out[ZKA_DECIMAL_MAX], const uint64_t *in, int n);

/* Canonical-range check, then Montgomery form: the field's parse behind from_decimal,
 * with the caller's label for messages. */
zka_status zka_bn254_fq_parse_dec(zka_bn254_fq *out, const char *s, size_t len, const char *what,
                                  zka_ctx *ctx);
zka_status zka_bn254_fr_parse_dec(zka_bn254_fr *out, const char *s, size_t len, const char *what,
                                  zka_ctx *ctx);
zka_status zka_bls12_381_fq_parse_dec(zka_bls12_381_fq *out, const char *s, size_t len,
                                      const char *what, zka_ctx *ctx);
zka_status zka_bls12_381_fr_parse_dec(zka_bls12_381_fr *out, const char *s, size_t len,
                                      const char *what, zka_ctx *ctx);

/* A string token of the JSON text: json[off .. off + len). */
typedef struct {
  size_t off, len;
} zka_json_str;

/* Read exactly one point array: ext = 0: ["a","b","c"] (3 strings), ext = 1:
 * [["a","b"],["c","d"],["e","f"]] (6 strings), whitespace between tokens, nothing after. */
zka_status zka_json_point_strings(const char *json, size_t len, int ext, zka_json_str *out,
                                  const char *group, zka_ctx *ctx);

/* 32 little-endian bytes to 4 little-endian 64-bit limbs. */
void zka_scalar_to_limbs(uint64_t k[4], const uint8_t scalar_le[32]);

#endif
