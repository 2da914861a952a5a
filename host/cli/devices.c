/* zkaccel devices — every backend and device, available or not and why. */
#include <stdio.h>
#include <string.h>

#include "host/cli/cli.h"

static const char *zka_kind_name(zka_device_kind k) {
  switch (k) {
    case ZKA_DEVICE_CPU: return "cpu";
    case ZKA_DEVICE_GPU: return "gpu";
    case ZKA_DEVICE_ACCELERATOR: return "accelerator";
    case ZKA_DEVICE_FPGA: return "fpga";
  }
  return "?";
}

static void zka_json_string(const char *s) {
  putchar('"');
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\') printf("\\%c", c);
    else if (c < 0x20) printf("\\u%04x", c);
    else putchar(c);
  }
  putchar('"');
}

static void zka_devices_help(FILE *f) {
  fprintf(f,
          "usage: zkaccel devices [--json] [--calibrate] [engine options]\n"
          "\n"
          "Lists every backend and device zkaccel knows (cpu, cuda, opencl, fpga, fpga-emu):\n"
          "name, kind, memory, compute units, whether it is available (and why not), and\n"
          "whether jobs use it with the given --backend selection.\n"
          "\n"
          "  --json       the same as a JSON array of objects with the keys backend, device,\n"
          "               kind, memory_bytes, compute_units, available, selected, reason\n"
          "  --calibrate  re-measure each selected device's NTT throughput (the scheduler's\n"
          "               split) and rewrite the per-machine cache\n");
  zka_cli_engine_help(f);
}

int zka_cli_devices(int argc, char **argv) {
  zka_engine_options opt = zka_engine_options_default();
  if (zka_cli_engine_args(&argc, argv, &opt)) return 2;
  int json = 0, calibrate = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "--json")) json = 1;
    else if (!strcmp(argv[i], "--calibrate")) calibrate = 1;
    else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      zka_devices_help(stdout);
      return 0;
    } else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
    } else {
      fprintf(stderr, "zkaccel devices: unknown option '%s' (see zkaccel devices --help)\n", argv[i]);
      return 2;
    }
  }
  opt.quiet = opt.quiet || json;
  zka_engine *e = zka_cli_engine(&opt);
  if (!e) return 1;
  if (calibrate) {
    zka_ctx *ctx = NULL;
    if (zka_ctx_create(&ctx) != ZKA_OK) return 1;
    if (!json) fprintf(stderr, "calibrating the selected devices (a short NTT per field)...\n");
    zka_status st = zka_engine_calibrate(e, ctx);
    if (st != ZKA_OK) fprintf(stderr, "zkaccel devices: %s\n", zka_ctx_last_error(ctx));
    zka_ctx_destroy(ctx);
    if (st != ZKA_OK) {
      zka_engine_destroy(e);
      return 1;
    }
  }
  size_t n = zka_engine_device_count(e);
  if (json) printf("[\n");
  else printf("%-9s %-4s %-12s %10s %6s  %s\n", "BACKEND", "#", "KIND", "MEMORY", "UNITS", "DEVICE / STATUS");
  int index_of_backend = 0;
  char prev[16] = "";
  for (size_t i = 0; i < n; i++) {
    zka_device_info d;
    if (zka_engine_device_info(e, i, &d) != ZKA_OK) continue;
    index_of_backend = strcmp(prev, d.backend) ? 0 : index_of_backend + 1;
    memcpy(prev, d.backend, sizeof prev);
    int selected = zka_engine_device_selected(e, i);
    if (json) {
      printf("  {\"backend\": ");
      zka_json_string(d.backend);
      printf(", \"index\": %d, \"device\": ", index_of_backend);
      zka_json_string(d.name);
      printf(", \"kind\": \"%s\", \"memory_bytes\": %llu, \"compute_units\": %u, \"available\": %s, "
             "\"selected\": %s, \"reason\": ",
             d.available ? zka_kind_name(d.kind) : "unknown", (unsigned long long)d.memory_bytes, d.compute_units,
             d.available ? "true" : "false", selected ? "true" : "false");
      zka_json_string(d.reason);
      printf("}%s\n", i + 1 < n ? "," : "");
    } else {
      char mem[32] = "-";
      if (d.memory_bytes) snprintf(mem, sizeof mem, "%.1f GiB", (double)d.memory_bytes / (1u << 30));
      char units[16] = "-";
      if (d.compute_units) snprintf(units, sizeof units, "%u", d.compute_units);
      printf("%-9s %-4d %-12s %10s %6s  %s\n", d.backend, index_of_backend,
             d.available ? zka_kind_name(d.kind) : "-", mem, units, d.name);
      if (!d.available) printf("%-46s  unavailable: %s\n", "", d.reason);
      else printf("%-46s  available%s\n", "", selected ? ", selected" : ", not selected");
    }
  }
  if (json) printf("]\n");
  zka_engine_destroy(e);
  return 0;
}
