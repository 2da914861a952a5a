/* backend_xrt.c — the "fpga" plug-in: the HLS NTT, Poseidon2 and MSM kernels (fpga/hls/ntt/,
 * fpga/hls/poseidon2/, fpga/hls/msm/) on a Xilinx board through XRT's C API (xrt/xrt_device.h,
 * xrt_kernel.h, xrt_bo.h).  The .xclbin comes from $ZKACCEL_XCLBIN (built by `make hw` in
 * fpga/hls/ntt/ or fpga/hls/poseidon2/, or both kernel sets with `make hw WITH_NTT=1` in
 * poseidon2/); it holds some of the kernels zka_hls_ntt_<field> and
 * zka_hls_poseidon2_<instance>, all of whose gmem ports are linked to the same memory bank.
 * Jobs whose kernel the .xclbin lacks are reported unsupported (ntt_supported,
 * hash_supported), so the scheduler runs them elsewhere.
 *
 * The host path is the one fpga-emu runs (fpga_ntt_host.h, fpga_hash_host.h): device
 * buffers are XRT buffer objects, the twiddle buffer is rebuilt only when the job's table
 * changes, and a job runs as calls of at most ZKA_HLS_NTT_MAX_BATCH transforms or
 * ZKA_HLS_POSEIDON2_MAX_BATCH messages, each on sub-buffers at its offsets.  Hashing covers
 * Poseidon2 only; SHA-256, Keccak-256 and Poseidon BN254 are unsupported (fpga_hash_host.h).
 * MSM (fpga_msm_host.h): the scalars are read back to the host, recoded into signed digits
 * per window, and each window is fed to the zka_hls_msm_<group> bucket kernel in calls of at
 * most ZKA_HLS_MSM_MAX_COUNT points; bucket reduction and window doublings run on the host.
 *
 * XRT 2.13 (Debian 12's libxrt) throws an uncaught exception, aborting the process, when a
 * call needs its driver shim and cannot load $XILINX_XRT/lib/libxrt_core.so.2.  So probe and
 * open check for the runtime, a card and the .xclbin before the first XRT call.
 *
 * Interface: host/backend.h.  Uses no libzkaccel function.
 */
#define _POSIX_C_SOURCE 200809L /* access() under -std=c11 */
#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xrt/xrt_bo.h>
#include <xrt/xrt_device.h>
#include <xrt/xrt_kernel.h>

#include "fpga/host/fpga_hash_host.h"
#include "fpga/host/fpga_msm_host.h"
#include "fpga/host/fpga_ntt_host.h"

#define ZKA_XRT_NAME "fpga"
#define ZKA_XRT_MAX_CARDS 16

/* ---- what is on this machine -------------------------------------------------------- */

/* Cards bound to the XRT drivers: PCIe user functions (xocl) and embedded platforms
 * (zocl), named by their sysfs entries (a PCI address such as 0000:65:00.1), sorted (XRT
 * numbers devices in bus order).  Returns how many were found. */
static int zka_xrt_cards(char names[][64], int max) {
  static const char *const dirs[2] = {"/sys/bus/pci/drivers/xocl", "/sys/bus/platform/drivers/zocl"};
  int count = 0;
  for (int d = 0; d < 2; d++) {
    DIR *dir = opendir(dirs[d]);
    if (!dir) continue;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL && count < max) {
      /* every entry but the driver's own control files is a bound device */
      static const char *const control[6] = {"bind", "unbind", "uevent", "module", "new_id",
                                             "remove_id"};
      int is_control = e->d_name[0] == '.';
      for (int c = 0; c < 6 && !is_control; c++) is_control = !strcmp(e->d_name, control[c]);
      if (is_control) continue;
      snprintf(names[count++], 64, "%.63s", e->d_name);
    }
    closedir(dir);
  }
  for (int i = 1; i < count; i++) /* insertion sort: a handful of names */
    for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
      char t[64];
      memcpy(t, names[j], 64);
      memcpy(names[j], names[j - 1], 64);
      memcpy(names[j - 1], t, 64);
    }
  return count;
}

/* The devices XRT will number 0, 1, ...: under XCL_EMULATION_MODE (sw_emu, hw_emu: the
 * .xclbin runs in XRT's emulator, as emconfig.json describes) one emulated device, else the
 * cards bound to the drivers. */
static int zka_xrt_device_names(char names[][64], int max) {
  const char *emu = getenv("XCL_EMULATION_MODE");
  if (emu && *emu && max > 0) {
    snprintf(names[0], 64, "(XRT %.40s emulation)", emu);
    return 1;
  }
  return zka_xrt_cards(names, max);
}

/* Why XRT cannot be used (runtime not set up, shim missing), or NULL when it can. */
static const char *zka_xrt_runtime_problem(char *buf, size_t len) {
  const char *root = getenv("XILINX_XRT");
  if (!root || !*root) {
    snprintf(buf, len, "XRT runtime not set up: XILINX_XRT is unset (source "
             "/opt/xilinx/xrt/setup.sh)");
    return buf;
  }
  char shim[1024];
  snprintf(shim, sizeof shim, "%s/lib/libxrt_core.so.2", root);
  if (access(shim, R_OK) != 0) {
    snprintf(buf, len, "XRT runtime incomplete: %.160s: %.60s", shim, strerror(errno));
    return buf;
  }
  return NULL;
}

/* Why the .xclbin cannot be used, or NULL (its path in *path). */
static const char *zka_xrt_xclbin_problem(const char **path, char *buf, size_t len) {
  *path = getenv("ZKACCEL_XCLBIN");
  if (!*path || !**path) {
    snprintf(buf, len, "no xclbin: set ZKACCEL_XCLBIN to the .xclbin built from fpga/hls/ntt "
             "or fpga/hls/poseidon2 (make hw)");
    return buf;
  }
  FILE *f = fopen(*path, "rb");
  if (!f) {
    snprintf(buf, len, "no xclbin: ZKACCEL_XCLBIN=%.150s: %.60s", *path, strerror(errno));
    return buf;
  }
  /* XRT 2.13 dereferences a truncated or foreign file's sections and crashes the process
   * (seen: SIGSEGV in xrt::xclbin_full::init_axlf on an empty file), so check the axlf
   * header first: the magic, and a total length that matches the file. */
  struct axlf head;
  const size_t got = fread(&head, 1, sizeof head, f);
  long size = -1;
  if (fseek(f, 0, SEEK_END) == 0) size = ftell(f);
  fclose(f);
  if (got != sizeof head || memcmp(head.m_magic, "xclbin2", 8) != 0 || size < 0 ||
      head.m_header.m_length != (uint64_t)size) {
    snprintf(buf, len, "no xclbin: ZKACCEL_XCLBIN=%.150s is not an xclbin (no \"xclbin2\" "
             "header, or truncated)", *path);
    return buf;
  }
  return NULL;
}

static int zka_xrt_probe(zka_device_info *out, int max, char *reason, size_t reason_len) {
  char cards[ZKA_XRT_MAX_CARDS][64];
  if (reason && reason_len) reason[0] = '\0';
  const int n = zka_xrt_device_names(cards, ZKA_XRT_MAX_CARDS);
  if (n == 0) {
    snprintf(reason, reason_len, "no FPGA device: no card is bound to the XRT drivers "
             "(/sys/bus/pci/drivers/xocl, /sys/bus/platform/drivers/zocl)");
    return 0;
  }
  char why[256];
  const char *xclbin = NULL;
  const char *problem = zka_xrt_xclbin_problem(&xclbin, why, sizeof why);
  if (!problem) problem = zka_xrt_runtime_problem(why, sizeof why);
  for (int i = 0; i < n && i < max; i++) {
    zka_device_info *d = &out[i];
    memset(d, 0, sizeof *d);
    snprintf(d->backend, sizeof d->backend, "%s", ZKA_XRT_NAME);
    snprintf(d->name, sizeof d->name, "Xilinx FPGA %.40s%s%.70s", cards[i], xclbin ? ", " : "",
             xclbin ? xclbin : "");
    d->kind = ZKA_DEVICE_FPGA;
    d->memory_bytes = 0; /* XRT's C API does not report it */
    d->compute_units = 1;
    d->available = problem == NULL;
    if (problem) snprintf(d->reason, sizeof d->reason, "%s", problem);
  }
  return n;
}

/* ---- device, buffers ---------------------------------------------------------------- */

typedef struct {
  xrtBufferHandle bo;
  size_t bytes;
} zka_xrt_buf;

typedef struct {
  xrtDeviceHandle dev;
  xrtKernelHandle kernel[5]; /* by zka_field_id (1..4); NULL when the xclbin lacks it */
  xrtKernelHandle hkernel[8]; /* by zka_hash_id (the Poseidon2 ids 4..7); NULL likewise */
  xrtKernelHandle mkernel[5]; /* by zka_group_id (1..4); NULL likewise */
  xrtMemoryGroup group;      /* the memory bank the kernels' gmem ports use */
  zka_xrt_buf *tw;
  zka_fpga_ntt_key tw_key;
  int tw_valid;
  uint8_t *staging;
  size_t staging_bytes;
} zka_xrt_dev;

/* A kernel call's context. */
typedef struct {
  zka_xrt_dev *dev;
  zka_xrt_buf *data;
  zka_field_id field;
  size_t row_bytes;
} zka_xrt_launch_ctx;

static void zka_xrt_close(void *dev) {
  zka_xrt_dev *d = dev;
  if (!d) return;
  if (d->tw) {
    xrtBOFree(d->tw->bo);
    free(d->tw);
  }
  for (int f = 1; f <= 4; f++)
    if (d->kernel[f]) xrtKernelClose(d->kernel[f]);
  for (int h = 0; h < 8; h++)
    if (d->hkernel[h]) xrtKernelClose(d->hkernel[h]);
  for (int g = 1; g <= 4; g++)
    if (d->mkernel[g]) xrtKernelClose(d->mkernel[g]);
  if (d->dev) xrtDeviceClose(d->dev);
  free(d->staging);
  free(d);
}

static int zka_xrt_open(int index, void **dev, char *err, size_t err_len) {
  char cards[ZKA_XRT_MAX_CARDS][64], why[256];
  const char *xclbin = NULL, *problem;
  if (index < 0 || index >= zka_xrt_device_names(cards, ZKA_XRT_MAX_CARDS)) {
    snprintf(err, err_len, ZKA_XRT_NAME ": no FPGA device %d", index);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  if ((problem = zka_xrt_xclbin_problem(&xclbin, why, sizeof why)) != NULL ||
      (problem = zka_xrt_runtime_problem(why, sizeof why)) != NULL) {
    snprintf(err, err_len, ZKA_XRT_NAME ": %s", problem);
    return ZKA_ERR_DEVICE;
  }
  zka_xrt_dev *d = calloc(1, sizeof *d);
  if (!d) {
    snprintf(err, err_len, ZKA_XRT_NAME ": out of host memory opening device %d", index);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  d->dev = xrtDeviceOpen((unsigned)index);
  if (!d->dev) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtDeviceOpen(%d) failed: %s", index, strerror(errno));
    zka_xrt_close(d);
    return ZKA_ERR_DEVICE;
  }
  if (xrtDeviceLoadXclbinFile(d->dev, xclbin) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtDeviceLoadXclbinFile(%s) failed: %s", xclbin,
             strerror(errno));
    zka_xrt_close(d);
    return ZKA_ERR_DEVICE;
  }
  xuid_t uuid;
  if (xrtDeviceGetXclbinUUID(d->dev, uuid) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtDeviceGetXclbinUUID failed: %s", strerror(errno));
    zka_xrt_close(d);
    return ZKA_ERR_DEVICE;
  }
  int opened = 0;
  for (int f = 1; f <= 4; f++) {
    d->kernel[f] = xrtPLKernelOpen(d->dev, uuid, zka_fpga_ntt_kernel_name((zka_field_id)f));
    if (d->kernel[f]) {
      if (!opened) d->group = (xrtMemoryGroup)xrtKernelArgGroupId(d->kernel[f], 0);
      opened++;
    }
  }
  for (int h = 0; h < 8; h++) {
    const char *name = zka_fpga_hash_kernel_name((zka_hash_id)h);
    if (!name) continue;
    d->hkernel[h] = xrtPLKernelOpen(d->dev, uuid, name);
    if (d->hkernel[h]) {
      if (!opened) d->group = (xrtMemoryGroup)xrtKernelArgGroupId(d->hkernel[h], 0);
      opened++;
    }
  }
  for (int g = 1; g <= 4; g++) {
    d->mkernel[g] = xrtPLKernelOpen(d->dev, uuid, zka_fpga_msm_kernel_name((zka_group_id)g));
    if (d->mkernel[g]) {
      if (!opened) d->group = (xrtMemoryGroup)xrtKernelArgGroupId(d->mkernel[g], 0);
      opened++;
    }
  }
  if (!opened) {
    snprintf(err, err_len, ZKA_XRT_NAME ": %s has none of the kernels zka_hls_ntt_bn254_fr, "
             "_bls12_381_fr, _babybear, _goldilocks, zka_hls_poseidon2_babybear16, "
             "_babybear24, _goldilocks8, _goldilocks12, zka_hls_msm_bn254_g1, _bn254_g2, "
             "_bls12_381_g1, _bls12_381_g2", xclbin);
    zka_xrt_close(d);
    return ZKA_ERR_DEVICE;
  }
  *dev = d;
  return ZKA_OK;
}

static int zka_xrt_alloc(void *dev, size_t bytes, void **buf, char *err, size_t err_len) {
  zka_xrt_dev *d = dev;
  zka_xrt_buf *b = malloc(sizeof *b);
  if (!b) {
    snprintf(err, err_len, ZKA_XRT_NAME ": out of host memory");
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  b->bytes = bytes ? bytes : 1;
  b->bo = xrtBOAlloc(d->dev, b->bytes, XRT_BO_FLAGS_NONE, d->group);
  if (!b->bo) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOAlloc(%zu bytes, bank %u) failed: %s", bytes,
             (unsigned)d->group, strerror(errno));
    free(b);
    return ZKA_ERR_OUT_OF_MEMORY;
  }
  *buf = b;
  return ZKA_OK;
}

static void zka_xrt_free(void *dev, void *buf) {
  (void)dev;
  zka_xrt_buf *b = buf;
  if (!b) return;
  xrtBOFree(b->bo);
  free(b);
}

static int zka_xrt_range(const zka_xrt_buf *b, size_t offset, size_t bytes, const char *what,
                         char *err, size_t err_len) {
  if (!b || offset > b->bytes || bytes > b->bytes - offset) {
    snprintf(err, err_len, ZKA_XRT_NAME ": %s of %zu bytes at offset %zu is outside the "
             "%zu-byte buffer", what, bytes, offset, b ? b->bytes : (size_t)0);
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  return ZKA_OK;
}

static int zka_xrt_write(void *dev, void *buf, size_t offset, const void *src, size_t bytes,
                         char *err, size_t err_len) {
  (void)dev;
  zka_xrt_buf *b = buf;
  int st = zka_xrt_range(b, offset, bytes, "write", err, err_len);
  if (st != ZKA_OK || bytes == 0) return st;
  if (xrtBOWrite(b->bo, src, bytes, offset) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOWrite(%zu bytes) failed: %s", bytes,
             strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  if (xrtBOSync(b->bo, XCL_BO_SYNC_BO_TO_DEVICE, bytes, offset) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSync(to device, %zu bytes) failed: %s", bytes,
             strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  return ZKA_OK;
}

static int zka_xrt_read(void *dev, const void *buf, size_t offset, void *dst, size_t bytes,
                        char *err, size_t err_len) {
  (void)dev;
  const zka_xrt_buf *b = buf;
  int st = zka_xrt_range(b, offset, bytes, "read", err, err_len);
  if (st != ZKA_OK || bytes == 0) return st;
  if (xrtBOSync(b->bo, XCL_BO_SYNC_BO_FROM_DEVICE, bytes, offset) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSync(from device, %zu bytes) failed: %s", bytes,
             strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  if (xrtBORead(b->bo, dst, bytes, offset) != 0) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBORead(%zu bytes) failed: %s", bytes,
             strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  return ZKA_OK;
}

static int zka_xrt_ntt_supported(void *dev, const zka_ntt_job *job) {
  zka_xrt_dev *d = dev;
  return zka_fpga_ntt_supported(job) && d->kernel[job->field] != NULL;
}

/* One kernel call: a sub-buffer for this call's transforms, xrtKernelRun with the arguments
 * in the top function's order, wait. */
static int zka_xrt_launch(void *ctx, size_t data_offset, const zka_fpga_ntt_args *a, char *err,
                          size_t err_len) {
  zka_xrt_launch_ctx *c = ctx;
  const size_t bytes = (size_t)a->batch * c->row_bytes;
  xrtBufferHandle sub = xrtBOSubAlloc(c->data->bo, bytes, data_offset);
  if (!sub) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSubAlloc(%zu bytes at %zu) failed: %s", bytes,
             data_offset, strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  xrtRunHandle run = xrtKernelRun(c->dev->kernel[c->field], sub, c->dev->tw->bo,
                                  (unsigned)a->log_n, (unsigned)a->batch, (unsigned)a->direction,
                                  (unsigned)a->input_order, (unsigned)a->output_order,
                                  (unsigned)a->coset);
  if (!run) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtKernelRun(%s) failed: %s",
             zka_fpga_ntt_kernel_name(c->field), strerror(errno));
    xrtBOFree(sub);
    return ZKA_ERR_DEVICE;
  }
  const enum ert_cmd_state state = xrtRunWait(run);
  xrtRunClose(run);
  xrtBOFree(sub);
  if (state != ERT_CMD_STATE_COMPLETED) {
    snprintf(err, err_len, ZKA_XRT_NAME ": %s ended in state %d (ERT_CMD_STATE_COMPLETED is %d)",
             zka_fpga_ntt_kernel_name(c->field), (int)state, (int)ERT_CMD_STATE_COMPLETED);
    return ZKA_ERR_DEVICE;
  }
  return ZKA_OK;
}

static int zka_xrt_ntt(void *dev, void *buf, size_t offset, const zka_ntt_job *job, char *err,
                       size_t err_len) {
  zka_xrt_dev *d = dev;
  zka_xrt_buf *b = buf;
  int st = zka_fpga_ntt_check(ZKA_XRT_NAME, job, offset, b ? b->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;
  if (!d->kernel[job->field]) {
    snprintf(err, err_len, ZKA_XRT_NAME ": the xclbin has no kernel %s",
             zka_fpga_ntt_kernel_name(job->field));
    return ZKA_ERR_UNSUPPORTED;
  }

  const zka_fpga_ntt_key key = zka_fpga_ntt_table_key(job);
  if (!d->tw_valid || memcmp(&key, &d->tw_key, sizeof key) != 0) {
    const size_t tb = zka_fpga_ntt_table_bytes(job->field, job->log_n);
    d->tw_valid = 0;
    if (!d->tw || d->tw->bytes < tb) {
      void *nb;
      zka_xrt_free(d, d->tw);
      d->tw = NULL;
      st = zka_xrt_alloc(d, zka_fpga_ntt_table_bytes(job->field, ZKA_HLS_NTT_MAX_LOG_N), &nb,
                         err, err_len);
      if (st != ZKA_OK) return st;
      d->tw = nb;
    }
    if (d->staging_bytes < tb) {
      uint8_t *s = realloc(d->staging, tb);
      if (!s) {
        snprintf(err, err_len, ZKA_XRT_NAME ": out of host memory for a %zu-byte twiddle table",
                 tb);
        return ZKA_ERR_OUT_OF_MEMORY;
      }
      d->staging = s;
      d->staging_bytes = tb;
    }
    zka_fpga_ntt_table(d->staging, job);
    st = zka_xrt_write(d, d->tw, 0, d->staging, tb, err, err_len);
    if (st != ZKA_OK) return st;
    d->tw_key = key;
    d->tw_valid = 1;
  }

  zka_xrt_launch_ctx c = {d, b, job->field,
                          ((size_t)1 << job->log_n) * zka_fpga_ntt_element_size(job->field)};
  return zka_fpga_ntt_run(job, offset, zka_xrt_launch, &c, err, err_len);
}

static int zka_xrt_hash_supported(void *dev, const zka_hash_job *job) {
  zka_xrt_dev *d = dev;
  return zka_fpga_hash_supported(job) && d->hkernel[job->hash] != NULL;
}

/* A hash kernel call's context. */
typedef struct {
  zka_xrt_dev *dev;
  zka_xrt_buf *out;
  const zka_xrt_buf *in;
  zka_hash_id hash;
  size_t digest_bytes;
} zka_xrt_hash_ctx;

/* One hash kernel call: sub-buffers for this call's digests and messages, xrtKernelRun with
 * the arguments in the top function's order (digests, msgs, count, len, mode), wait.  Empty
 * messages (in_bytes 0) get the whole input buffer, which the kernel does not read: XRT has
 * no empty sub-buffer. */
static int zka_xrt_hash_launch(void *ctx, size_t out_offset, size_t in_offset, size_t in_bytes,
                               const zka_fpga_hash_args *a, char *err, size_t err_len) {
  zka_xrt_hash_ctx *c = ctx;
  const char *name = zka_fpga_hash_kernel_name(c->hash);
  const size_t out_bytes = (size_t)a->count * c->digest_bytes;
  xrtBufferHandle out = xrtBOSubAlloc(c->out->bo, out_bytes, out_offset);
  if (!out) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSubAlloc(%zu bytes at %zu) failed: %s", out_bytes,
             out_offset, strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  xrtBufferHandle in = in_bytes ? xrtBOSubAlloc(c->in->bo, in_bytes, in_offset) : c->in->bo;
  if (!in) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSubAlloc(%zu bytes at %zu) failed: %s", in_bytes,
             in_offset, strerror(errno));
    xrtBOFree(out);
    return ZKA_ERR_DEVICE;
  }
  int st = ZKA_OK;
  xrtRunHandle run = xrtKernelRun(c->dev->hkernel[c->hash], out, in, (unsigned)a->count,
                                  (unsigned)a->len, (unsigned)a->mode);
  if (!run) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtKernelRun(%s) failed: %s", name, strerror(errno));
    st = ZKA_ERR_DEVICE;
  } else {
    const enum ert_cmd_state state = xrtRunWait(run);
    xrtRunClose(run);
    if (state != ERT_CMD_STATE_COMPLETED) {
      snprintf(err, err_len, ZKA_XRT_NAME ": %s ended in state %d (ERT_CMD_STATE_COMPLETED is "
               "%d)", name, (int)state, (int)ERT_CMD_STATE_COMPLETED);
      st = ZKA_ERR_DEVICE;
    }
  }
  if (in_bytes) xrtBOFree(in);
  xrtBOFree(out);
  return st;
}

static int zka_xrt_hash(void *dev, void *out_buf, size_t out_offset, const void *in_buf,
                        size_t in_offset, const zka_hash_job *job, char *err, size_t err_len) {
  zka_xrt_dev *d = dev;
  zka_xrt_buf *out = out_buf;
  const zka_xrt_buf *in = in_buf;
  int st = zka_fpga_hash_check(ZKA_XRT_NAME, job, out_offset, out ? out->bytes : 0, in_offset,
                               in ? in->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;
  if (!d->hkernel[job->hash]) {
    snprintf(err, err_len, ZKA_XRT_NAME ": the xclbin has no kernel %s",
             zka_fpga_hash_kernel_name(job->hash));
    return ZKA_ERR_UNSUPPORTED;
  }
  if (job->count == 0) return ZKA_OK;
  if (!out || !in) {
    snprintf(err, err_len, ZKA_XRT_NAME ": hash job without a device buffer");
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_xrt_hash_ctx c = {d, out, in, job->hash,
                        zka_fpga_hash_unit_size(job->hash) *
                            zka_fpga_hash_digest_elements(job->hash)};
  return zka_fpga_hash_run(job, out_offset, in_offset, zka_xrt_hash_launch, &c, err, err_len);
}

static int zka_xrt_msm_supported(void *dev, const zka_msm_job *job) {
  zka_xrt_dev *d = dev;
  return zka_fpga_msm_supported(job, SIZE_MAX) && d->mkernel[job->group] != NULL;
}

/* An MSM job's context: the caller's points and scalars buffers, and the digits and buckets
 * buffers allocated for the job. */
typedef struct {
  zka_xrt_dev *dev;
  zka_xrt_buf *points;
  const zka_xrt_buf *scalars;
  zka_xrt_buf *digits;
  zka_xrt_buf *buckets;
  zka_group_id group;
} zka_xrt_msm_ctx;

static int zka_xrt_msm_read_scalars(void *ctx, void *dst, size_t offset, size_t bytes, char *err,
                                    size_t err_len) {
  zka_xrt_msm_ctx *c = ctx;
  return zka_xrt_read(c->dev, c->scalars, offset, dst, bytes, err, err_len);
}

static int zka_xrt_msm_write_digits(void *ctx, const zka_u32 *src, size_t count, char *err,
                                    size_t err_len) {
  zka_xrt_msm_ctx *c = ctx;
  return zka_xrt_write(c->dev, c->digits, 0, src, count * sizeof *src, err, err_len);
}

static int zka_xrt_msm_read_buckets(void *ctx, void *dst, size_t bytes, char *err,
                                    size_t err_len) {
  zka_xrt_msm_ctx *c = ctx;
  return zka_xrt_read(c->dev, c->buckets, 0, dst, bytes, err, err_len);
}

/* One MSM kernel call: a sub-buffer for this call's points, xrtKernelRun with the arguments
 * in the top function's order (buckets, points, digits, count, window_bits, flags), wait. */
static int zka_xrt_msm_launch(void *ctx, size_t points_offset, const zka_fpga_msm_args *a,
                              char *err, size_t err_len) {
  zka_xrt_msm_ctx *c = ctx;
  const char *name = zka_fpga_msm_kernel_name(c->group);
  const size_t bytes = (size_t)a->count * zka_fpga_msm_affine_bytes(c->group);
  xrtBufferHandle sub = xrtBOSubAlloc(c->points->bo, bytes, points_offset);
  if (!sub) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtBOSubAlloc(%zu bytes at %zu) failed: %s", bytes,
             points_offset, strerror(errno));
    return ZKA_ERR_DEVICE;
  }
  int st = ZKA_OK;
  xrtRunHandle run = xrtKernelRun(c->dev->mkernel[c->group], c->buckets->bo, sub, c->digits->bo,
                                  (unsigned)a->count, (unsigned)a->window_bits,
                                  (unsigned)a->flags);
  if (!run) {
    snprintf(err, err_len, ZKA_XRT_NAME ": xrtKernelRun(%s) failed: %s", name, strerror(errno));
    st = ZKA_ERR_DEVICE;
  } else {
    const enum ert_cmd_state state = xrtRunWait(run);
    xrtRunClose(run);
    if (state != ERT_CMD_STATE_COMPLETED) {
      snprintf(err, err_len, ZKA_XRT_NAME ": %s ended in state %d (ERT_CMD_STATE_COMPLETED is "
               "%d)", name, (int)state, (int)ERT_CMD_STATE_COMPLETED);
      st = ZKA_ERR_DEVICE;
    }
  }
  xrtBOFree(sub);
  return st;
}

static int zka_xrt_msm(void *dev, void *result, const void *points_buf, size_t points_offset,
                       const void *scalars_buf, size_t scalars_offset, const zka_msm_job *job,
                       char *err, size_t err_len) {
  zka_xrt_dev *d = dev;
  /* the kernel only reads the points; the sub-buffer call wants a non-const handle */
  zka_xrt_buf *points = (zka_xrt_buf *)(uintptr_t)points_buf;
  const zka_xrt_buf *scalars = scalars_buf;
  int st = zka_fpga_msm_check(ZKA_XRT_NAME, job, SIZE_MAX, points_offset,
                              points ? points->bytes : 0, scalars_offset,
                              scalars ? scalars->bytes : 0, err, err_len);
  if (st != ZKA_OK) return st;
  if (!d->mkernel[job->group]) {
    snprintf(err, err_len, ZKA_XRT_NAME ": the xclbin has no kernel %s",
             zka_fpga_msm_kernel_name(job->group));
    return ZKA_ERR_UNSUPPORTED;
  }
  if (job->n > 0 && (!points || !scalars)) {
    snprintf(err, err_len, ZKA_XRT_NAME ": MSM job without a device buffer");
    return ZKA_ERR_INVALID_ARGUMENT;
  }
  zka_xrt_msm_ctx c = {d, points, scalars, NULL, NULL, job->group};
  void *digits = NULL, *buckets = NULL;
  if (job->n > 0 && job->scalar_bits > 0) {
    st = zka_xrt_alloc(d, zka_fpga_msm_digits_bytes(job->n, ZKA_HLS_MSM_MAX_COUNT), &digits, err, err_len);
    if (st == ZKA_OK)
      st = zka_xrt_alloc(d, zka_fpga_msm_buckets_bytes(job->group), &buckets, err, err_len);
    if (st != ZKA_OK) {
      zka_xrt_free(d, digits);
      return st;
    }
  }
  c.digits = digits;
  c.buckets = buckets;
  const zka_fpga_msm_io io = {&c, zka_xrt_msm_read_scalars, zka_xrt_msm_write_digits,
                              zka_xrt_msm_launch, zka_xrt_msm_read_buckets};
  st = zka_fpga_msm_run(ZKA_XRT_NAME, job, points_offset, scalars_offset, ZKA_HLS_MSM_MAX_COUNT,
                        &io, result, err, err_len);
  zka_xrt_free(d, digits);
  zka_xrt_free(d, buckets);
  return st;
}

static const zka_backend_api zka_xrt_api = {
    ZKA_BACKEND_ABI_VERSION,
    ZKA_XRT_NAME,
    zka_xrt_probe,
    zka_xrt_open,
    zka_xrt_close,
    zka_xrt_alloc,
    zka_xrt_free,
    zka_xrt_write,
    zka_xrt_read,
    zka_xrt_ntt_supported,
    zka_xrt_ntt,
    NULL,
    zka_xrt_hash_supported,
    zka_xrt_hash,
    NULL,
    zka_xrt_msm_supported,
    zka_xrt_msm,
    NULL,
    /* ABI 4: no asynchronous queues; the scheduler runs every chunk through the blocking
     * entries above (queue_create .. host_free). */
    NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/** The plug-in's entry point (host/backend.h). */
ZKA_BACKEND_EXPORT const zka_backend_api *zka_backend_entry(void);
ZKA_BACKEND_EXPORT const zka_backend_api *zka_backend_entry(void) { return &zka_xrt_api; }
