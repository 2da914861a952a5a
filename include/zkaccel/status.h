/* status.h — the one status enum of zkaccel, and the error context.
 *
 * Every public function that can fail returns a zka_status.  Functions that take a
 * zka_ctx* (which may be NULL) also leave a human-readable message in it, retrievable with
 * zka_ctx_last_error().  A zka_ctx needs exclusive access (one thread at a time). */
#ifndef ZKACCEL_STATUS_H
#define ZKACCEL_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) || defined(__clang__)
#define ZKA_WARN_UNUSED_RESULT __attribute__((warn_unused_result))
#define ZKA_API __attribute__((visibility("default")))
#else
#define ZKA_WARN_UNUSED_RESULT
#define ZKA_API
#endif

typedef enum {
  ZKA_OK = 0,
  ZKA_ERR_INVALID_ARGUMENT,  /**< a NULL pointer, a size out of range, a bad option */
  ZKA_ERR_OUT_OF_RANGE,      /**< a field element encoding >= the modulus */
  ZKA_ERR_DIVISION_BY_ZERO,  /**< inverse of zero */
  ZKA_ERR_NO_SQUARE_ROOT,    /**< the element is not a square */
  ZKA_ERR_NOT_ON_CURVE,      /**< a point that does not satisfy the curve equation */
  ZKA_ERR_NOT_IN_SUBGROUP,   /**< a point on the curve but outside the prime-order subgroup */
  ZKA_ERR_BAD_ENCODING,      /**< malformed bytes or text (flags, lengths, digits) */
  ZKA_ERR_OUT_OF_MEMORY,     /**< host or device allocation failed */
  ZKA_ERR_IO,                /**< a file could not be read or written */
  ZKA_ERR_UNSUPPORTED,       /**< a feature this build or this CPU/device lacks */
  ZKA_ERR_DEVICE,            /**< a device or driver reported an error */
  ZKA_ERR_VERIFY_FAILED,     /**< a proof, path or signature that does not verify */
  ZKA_ERR_INTERNAL           /**< a broken invariant: please report it */
} zka_status;

/** A short English name for a status ("ok", "value out of range", ...). Never NULL. */
ZKA_API const char *zka_status_str(zka_status s);

/** Error context: holds the message of the last failure of a call that was given it. */
typedef struct zka_ctx zka_ctx;

/** Create a context in *out.  Returns ZKA_ERR_OUT_OF_MEMORY or ZKA_ERR_INVALID_ARGUMENT. */
ZKA_API ZKA_WARN_UNUSED_RESULT zka_status zka_ctx_create(zka_ctx **out);
/** Destroy a context (NULL is allowed). */
ZKA_API void zka_ctx_destroy(zka_ctx *ctx);
/** The last error message recorded in ctx ("" when none); owned by ctx, valid until the
 *  next call that uses ctx.  A NULL ctx gives "". */
ZKA_API const char *zka_ctx_last_error(const zka_ctx *ctx);
/** The status of the last recorded error (ZKA_OK when none). */
ZKA_API zka_status zka_ctx_last_status(const zka_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
