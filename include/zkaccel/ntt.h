/* ntt.h — number-theoretic transforms through the engine (see device.h).
 *
 * Definition, for n = 2^log_n, omega = zka_<field>_root_of_unity(log_n) and shift s
 * (s = 1 unless opt->coset):
 *   forward:  Y[k] = sum_j X[j] * (s * omega^k)^j          (evaluate on s*H)
 *   inverse:  X[j] = n^-1 * s^-j * sum_k Y[k] * omega^(-jk)  (interpolate from s*H)
 * With ZKA_ORDER_BITREV on a side, element i of that array holds index bitrev_log_n(i).
 * The transform is in place; a batch is opt->batch transforms stored one after another
 * (transform b occupies elements [b*n, (b+1)*n)).  Elements are in the field's in-memory
 * form (device.h: zka_field_id); outputs are fully reduced, so the bytes are the same on
 * every backend.
 */
#ifndef ZKACCEL_NTT_H
#define ZKACCEL_NTT_H
#include <stddef.h>
#include <stdint.h>

#include "device.h"
#include "status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { ZKA_NTT_FORWARD = 0, ZKA_NTT_INVERSE = 1 } zka_ntt_direction;
typedef enum { ZKA_ORDER_NATURAL = 0, ZKA_ORDER_BITREV = 1 } zka_ntt_order;

/** The largest log_n any backend accepts (the smallest field's two-adicity is 27). */
#define ZKA_NTT_MAX_LOG_N 27

typedef struct {
  zka_ntt_direction direction;
  zka_ntt_order input_order;
  zka_ntt_order output_order;
  int coset;               /**< 1: transform on the coset s*H */
  const void *coset_shift; /**< s, one element of the field; NULL: the field's generator */
  size_t batch;            /**< transforms in the array (>= 1) */
} zka_ntt_options;

/** Forward, natural order in and out, no coset, batch 1. */
ZKA_API zka_ntt_options zka_ntt_options_default(void);

/** In-place NTT of opt->batch transforms of 2^log_n elements of field f at data (host
 *  memory).  1 <= log_n <= min(two-adicity, ZKA_NTT_MAX_LOG_N).  Errors:
 *  ZKA_ERR_INVALID_ARGUMENT (NULL data, bad log_n, batch 0, unknown field, a zero coset
 *  shift), ZKA_ERR_OUT_OF_RANGE (an input element not fully reduced, checked in ZKA_VERIFY
 *  builds), ZKA_ERR_OUT_OF_MEMORY, ZKA_ERR_DEVICE (strict engine and a device failed).  On
 *  error the contents of data are unspecified. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_ntt(zka_engine *e, zka_field_id f, void *data,
                                                  uint32_t log_n, const zka_ntt_options *opt,
                                                  zka_ctx *ctx);

/** The same on a device-resident buffer: opt->batch transforms starting at byte offset
 *  `offset` of b, run on b's device without copies to the host.  A device error is returned
 *  (ZKA_ERR_DEVICE) rather than re-run elsewhere: the data lives on that device. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_ntt_buffer(zka_engine *e, zka_field_id f,
                                                         zka_buffer *b, size_t offset,
                                                         uint32_t log_n,
                                                         const zka_ntt_options *opt,
                                                         zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
