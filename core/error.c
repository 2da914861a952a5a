#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct zka_ctx {
  zka_status last;
  char message[1024];
};

const char *zka_status_str(zka_status s) {
  switch (s) {
    case ZKA_OK: return "ok";
    case ZKA_ERR_INVALID_ARGUMENT: return "invalid argument";
    case ZKA_ERR_OUT_OF_RANGE: return "value out of range (not below the modulus)";
    case ZKA_ERR_DIVISION_BY_ZERO: return "division by zero";
    case ZKA_ERR_NO_SQUARE_ROOT: return "no square root";
    case ZKA_ERR_NOT_ON_CURVE: return "point not on curve";
    case ZKA_ERR_NOT_IN_SUBGROUP: return "point not in the prime-order subgroup";
    case ZKA_ERR_BAD_ENCODING: return "bad encoding";
    case ZKA_ERR_OUT_OF_MEMORY: return "out of memory";
    case ZKA_ERR_IO: return "input/output error";
    case ZKA_ERR_UNSUPPORTED: return "unsupported";
    case ZKA_ERR_DEVICE: return "device error";
    case ZKA_ERR_VERIFY_FAILED: return "verification failed";
    case ZKA_ERR_INTERNAL: return "internal error";
  }
  return "unknown status";
}

zka_status zka_ctx_create(zka_ctx **out) {
  if (!out) return ZKA_ERR_INVALID_ARGUMENT;
  *out = calloc(1, sizeof **out);
  return *out ? ZKA_OK : ZKA_ERR_OUT_OF_MEMORY;
}

void zka_ctx_destroy(zka_ctx *ctx) { free(ctx); }

const char *zka_ctx_last_error(const zka_ctx *ctx) { return ctx ? ctx->message : ""; }

zka_status zka_ctx_last_status(const zka_ctx *ctx) { return ctx ? ctx->last : ZKA_OK; }

zka_status zka_error(zka_ctx *ctx, zka_status s, const char *fmt, ...) {
  if (ctx) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->message, sizeof ctx->message, fmt, ap);
    va_end(ap);
    ctx->last = s;
  }
  return s;
}
