/* error.h — internal: record an error in a (possibly NULL) context and return it. */
#ifndef ZKA_CORE_ERROR_H
#define ZKA_CORE_ERROR_H
#include "zkaccel/status.h"

#if defined(__GNUC__)
#define ZKA_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ZKA_PRINTF(a, b)
#endif

/* Formats the message into ctx (when not NULL) and returns s, so callers write
 * `return zka_error(ctx, ZKA_ERR_IO, "cannot open %s", path);`. */
zka_status zka_error(zka_ctx *ctx, zka_status s, const char *fmt, ...) ZKA_PRINTF(3, 4);

#endif
