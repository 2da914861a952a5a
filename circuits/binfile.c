/* binfile.c — iden3 binary container files: map, check the section table. */
#define _POSIX_C_SOURCE 200809L
#include "circuits/binfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"

static zka_status zka_binfile_parse(zka_binfile *f, const char magic[4], zka_ctx *ctx) {
  if (f->len < 12)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: truncated: %zu bytes, not even a header",
                     f->name, f->len);
  if (memcmp(f->data, magic, 4) != 0) {
    char got[5];
    for (int i = 0; i < 4; i++) got[i] = (f->data[i] >= 32 && f->data[i] < 127) ? (char)f->data[i] : '?';
    got[4] = 0;
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: not a .%.4s file (magic \"%s\", expected \"%.4s\")",
                     f->name, magic, got, magic);
  }
  f->version = zka_le32(f->data + 4);
  f->n_sections = zka_le32(f->data + 8);
  if (f->n_sections > ZKA_BINFILE_MAX_SECTIONS)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: %u sections in the header (at most %d expected)",
                     f->name, f->n_sections, ZKA_BINFILE_MAX_SECTIONS);
  uint64_t pos = 12;
  for (uint32_t i = 0; i < f->n_sections; i++) {
    if (f->len - pos < 12)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: truncated: the header of section %u of %u is cut off at byte %llu",
                       f->name, i + 1, f->n_sections, (unsigned long long)pos);
    zka_binfile_section *s = &f->sections[i];
    s->id = zka_le32(f->data + pos);
    s->size = zka_le64(f->data + pos + 4);
    s->offset = pos + 12;
    if (s->size > f->len - s->offset)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "%s: truncated or damaged: section %u (id %u) claims %llu bytes at byte %llu, "
                       "but the file has only %llu bytes after it",
                       f->name, i + 1, s->id, (unsigned long long)s->size,
                       (unsigned long long)s->offset, (unsigned long long)(f->len - s->offset));
    for (uint32_t j = 0; j < i; j++)
      if (f->sections[j].id == s->id)
        return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section id %u appears twice", f->name, s->id);
    pos = s->offset + s->size;
  }
  if (pos != f->len)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "%s: %llu bytes after the last section (file %zu bytes): damaged or not a "
                     "single .%.4s file",
                     f->name, (unsigned long long)(f->len - pos), f->len, magic);
  return ZKA_OK;
}

static void zka_binfile_set_name(zka_binfile *f, const char *name) {
  snprintf(f->name, sizeof f->name, "%s", name ? name : "(buffer)");
}

zka_status zka_binfile_open(zka_binfile *f, const char *path, const char magic[4], zka_ctx *ctx) {
  memset(f, 0, sizeof *f);
  zka_binfile_set_name(f, path);
  int fd = open(path, O_RDONLY);
  if (fd < 0) return zka_error(ctx, ZKA_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int err = errno;
    close(fd);
    return zka_error(ctx, ZKA_ERR_IO, "%s: cannot stat: %s", path, strerror(err));
  }
  if (!S_ISREG(st.st_mode)) {
    close(fd);
    return zka_error(ctx, ZKA_ERR_IO, "%s: not a regular file", path);
  }
  f->len = (size_t)st.st_size;
  if (f->len == 0) {
    close(fd);
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: the file is empty", path);
  }
  void *m = mmap(NULL, f->len, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  close(fd);
  if (m == MAP_FAILED) return zka_error(ctx, ZKA_ERR_IO, "%s: cannot map: %s", path, strerror(err));
  f->data = m;
  f->mapped = 1;
  zka_status st2 = zka_binfile_parse(f, magic, ctx);
  if (st2 != ZKA_OK) zka_binfile_close(f);
  return st2;
}

zka_status zka_binfile_from_bytes(zka_binfile *f, const void *data, size_t len, const char *name,
                                  const char magic[4], zka_ctx *ctx) {
  memset(f, 0, sizeof *f);
  zka_binfile_set_name(f, name);
  if (!data && len) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "%s: NULL data", f->name);
  uint8_t *copy = malloc(len ? len : 1);
  if (!copy) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "%s: cannot copy %zu bytes", f->name, len);
  if (len) memcpy(copy, data, len);
  f->data = copy;
  f->len = len;
  zka_status st = zka_binfile_parse(f, magic, ctx);
  if (st != ZKA_OK) zka_binfile_close(f);
  return st;
}

void zka_binfile_close(zka_binfile *f) {
  if (!f || !f->data) return;
  if (f->mapped) munmap((void *)(uintptr_t)f->data, f->len);
  else free((void *)(uintptr_t)f->data);
  f->data = NULL;
}

zka_status zka_binfile_section_get(const zka_binfile *f, uint32_t id, const uint8_t **payload,
                                   uint64_t *size, zka_ctx *ctx) {
  for (uint32_t i = 0; i < f->n_sections; i++)
    if (f->sections[i].id == id) {
      *payload = f->data + f->sections[i].offset;
      *size = f->sections[i].size;
      return ZKA_OK;
    }
  return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "%s: section %u is missing", f->name, id);
}
