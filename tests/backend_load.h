/* backend_load.h — tests that drive one backend plug-in directly (below the scheduler):
 * dlopen $ZKACCEL_BACKEND_DIR/libzkaccel_backend_<name>.so (ctest sets the directory) and
 * return its table, or NULL with the loader's reason in why. */
#ifndef ZKA_TESTS_BACKEND_LOAD_H
#define ZKA_TESTS_BACKEND_LOAD_H
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>

#include "host/backend.h"

static inline const zka_backend_api *zka_test_load_backend(const char *name, char *why,
                                                           size_t why_len) {
  const char *dir = getenv("ZKACCEL_BACKEND_DIR");
  char path[1024];
  snprintf(path, sizeof path, "%s/libzkaccel_backend_%s.so", dir ? dir : ".", name);
  void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    snprintf(why, why_len, "%.900s", dlerror());
    return NULL;
  }
  zka_backend_entry_fn entry = (zka_backend_entry_fn)dlsym(h, ZKA_BACKEND_ENTRY_SYMBOL);
  if (!entry) {
    snprintf(why, why_len, "%.900s: no symbol %s", path, ZKA_BACKEND_ENTRY_SYMBOL);
    return NULL;
  }
  const zka_backend_api *api = entry();
  if (!api || api->abi_version != ZKA_BACKEND_ABI_VERSION) {
    snprintf(why, why_len, "%.900s: ABI version mismatch", path);
    return NULL;
  }
  return api;
}

#endif
