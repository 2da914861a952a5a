/* binfile.h — internal: iden3 binary container files (.zkey, .wtns, .r1cs).
 *
 * Layout (all integers little-endian): 4-byte magic, u32 version, u32 section count, then
 * each section as u32 id, u64 size, payload.  Sections are found by id through the table,
 * never by position (real files differ in order).  The file is memory-mapped read-only, or
 * held in a copy of a caller's buffer. */
#ifndef ZKA_CIRCUITS_BINFILE_H
#define ZKA_CIRCUITS_BINFILE_H
#include <stddef.h>
#include <stdint.h>

#include "zkaccel/status.h"

#define ZKA_BINFILE_MAX_SECTIONS 64

typedef struct {
  uint32_t id;
  uint64_t offset; /* of the payload, from the start of the file */
  uint64_t size;
} zka_binfile_section;

typedef struct {
  const uint8_t *data;
  size_t len;
  int mapped;      /* 1: munmap(data, len) on close; 0: free(data) */
  char name[256];  /* the path or the caller's name, for messages */
  uint32_t version;
  uint32_t n_sections;
  zka_binfile_section sections[ZKA_BINFILE_MAX_SECTIONS];
} zka_binfile;

/** Map path and read the section table; magic must be the 4 bytes given.  Every section
 *  must lie inside the file; a repeated id is an error. */
zka_status zka_binfile_open(zka_binfile *f, const char *path, const char magic[4], zka_ctx *ctx);
/** The same over a copy of data. */
zka_status zka_binfile_from_bytes(zka_binfile *f, const void *data, size_t len, const char *name,
                                  const char magic[4], zka_ctx *ctx);
void zka_binfile_close(zka_binfile *f);

/** Section id: its payload and size, or ZKA_ERR_BAD_ENCODING ("missing section") when the
 *  file has none. */
zka_status zka_binfile_section_get(const zka_binfile *f, uint32_t id, const uint8_t **payload,
                                   uint64_t *size, zka_ctx *ctx);

static inline uint32_t zka_le32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline uint64_t zka_le64(const uint8_t *p) {
  return (uint64_t)zka_le32(p) | (uint64_t)zka_le32(p + 4) << 32;
}

#endif
