/* cli_files.c — reading and writing whole files for the CLI commands: a bounded read (so
 * that an over-long input still reaches the library's own size check) and a write through a
 * temporary file and a rename (so an error never leaves a half-written output). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/cli/cli.h"

int zka_cli_read_file(const char *path, size_t limit, uint8_t **out, size_t *out_len) {
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f) {
    fprintf(stderr, "error: cannot open %s: %s\n", path, strerror(errno));
    return 1;
  }
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      size_t ncap = cap ? cap * 2 : 65536;
      uint8_t *nb = realloc(buf, ncap);
      if (!nb) {
        fprintf(stderr, "error: out of memory reading %s\n", path);
        free(buf);
        if (f != stdin) fclose(f);
        return 1;
      }
      buf = nb;
      cap = ncap;
    }
    size_t want = cap - len;
    if (limit != SIZE_MAX && len + want > limit + 1) want = limit + 1 - len;
    size_t got = fread(buf + len, 1, want, f);
    len += got;
    if (got == 0 || (limit != SIZE_MAX && len > limit)) break;
  }
  int err = ferror(f);
  if (f != stdin) fclose(f);
  if (err) {
    fprintf(stderr, "error: cannot read %s\n", path);
    free(buf);
    return 1;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

int zka_cli_write_file(const char *path, const void *data, size_t len) {
  size_t tl = strlen(path) + 32;
  char *tmp = malloc(tl);
  if (!tmp) {
    fprintf(stderr, "error: out of memory writing %s\n", path);
    return 1;
  }
  snprintf(tmp, tl, "%s.tmp.%ld", path, (long)getpid());
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fprintf(stderr, "error: %s: cannot write: %s\n", tmp, strerror(errno));
    free(tmp);
    return 1;
  }
  int ok = fwrite(data, 1, len, f) == len;
  ok &= fclose(f) == 0;
  if (!ok || rename(tmp, path) != 0) {
    fprintf(stderr, "error: %s: cannot write: %s\n", path, strerror(errno));
    remove(tmp);
    free(tmp);
    return 1;
  }
  free(tmp);
  return 0;
}
