/* elf.c — the ELF32 loader of the zkVM: validate a RISC-V RV32 executable, lay out its
 * segments in the memory map of include/zkaccel/zkvm.h and pre-decode its code.
 * Field offsets follow the System V gABI (ELF32: 52-byte header, 32-byte program header)
 * and the RISC-V ELF psABI (EM_RISCV = 243, e_flags bits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "zkvm/zkvm_internal.h"

#define ZKA_ELF_HDR_SIZE 52u
#define ZKA_ELF_PHDR_SIZE 32u
#define ZKA_ELF_ET_REL 1u
#define ZKA_ELF_ET_EXEC 2u
#define ZKA_ELF_ET_DYN 3u
#define ZKA_ELF_EM_RISCV 243u
#define ZKA_ELF_PT_LOAD 1u
#define ZKA_ELF_PT_DYNAMIC 2u
#define ZKA_ELF_PT_INTERP 3u
#define ZKA_ELF_PT_TLS 7u
#define ZKA_ELF_PF_X 1u
#define ZKA_ELF_PF_W 2u
#define ZKA_ELF_EF_RISCV_RVC 0x0001u
#define ZKA_ELF_EF_RISCV_FLOAT_ABI 0x0006u
/* Largest span of executable code (first to last executable byte): 64 MiB. */
#define ZKA_ZKVM_MAX_CODE (64u << 20)

static uint32_t zka_elf_u16(const uint8_t *p) { return (uint32_t)p[0] | (uint32_t)p[1] << 8; }
static uint32_t zka_elf_u32(const uint8_t *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static const char *zka_elf_machine_name(uint32_t m) {
  switch (m) {
    case 3: return "x86 (EM_386)";
    case 8: return "MIPS";
    case 20: return "PowerPC";
    case 21: return "PowerPC64";
    case 40: return "ARM";
    case 62: return "x86-64 (EM_X86_64)";
    case 183: return "AArch64";
    case 247: return "BPF";
    case 258: return "LoongArch";
  }
  return "not RISC-V";
}

/* Check the file and fill p's layout fields (not its code). */
static zka_status zka_elf_parse(zka_zkvm_program *p, const uint8_t *f, size_t n, zka_ctx *ctx) {
  if (n < 4 || memcmp(f, "\177ELF", 4) != 0)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: not an ELF file (no \\177ELF magic)");
  if (n < 5) return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: truncated ELF header");
  if (f[4] == 2)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: 64-bit ELF (ELFCLASS64): the zkVM runs RV32 programs only "
                     "(build with -march=rv32im -mabi=ilp32)");
  if (f[4] != 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: bad ELF class %u (want ELFCLASS32)",
                     (unsigned)f[4]);
  if (n < ZKA_ELF_HDR_SIZE)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "zkvm: truncated ELF file: %zu bytes, the ELF32 header needs %u", n,
                     ZKA_ELF_HDR_SIZE);
  if (f[5] != 1)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: ELF data encoding %u is not little-endian (ELFDATA2LSB)",
                     (unsigned)f[5]);
  const uint32_t type = zka_elf_u16(f + 16), machine = zka_elf_u16(f + 18);
  const uint32_t version = zka_elf_u32(f + 20), entry = zka_elf_u32(f + 24);
  const uint32_t phoff = zka_elf_u32(f + 28), flags = zka_elf_u32(f + 36);
  const uint32_t phentsize = zka_elf_u16(f + 42), phnum = zka_elf_u16(f + 44);
  if (f[6] != 1 || version != 1)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: bad ELF version %u/%u (want 1)",
                     (unsigned)f[6], (unsigned)version);
  if (machine != ZKA_ELF_EM_RISCV)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: ELF machine %u is %s: the zkVM runs RISC-V (EM_RISCV = 243) only",
                     (unsigned)machine, zka_elf_machine_name(machine));
  if (type != ZKA_ELF_ET_EXEC)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED, "zkvm: ELF type %u is %s; want an executable "
                     "(ET_EXEC: link with -static -no-pie)", (unsigned)type,
                     type == ZKA_ELF_ET_REL   ? "a relocatable object (not linked)"
                     : type == ZKA_ELF_ET_DYN ? "a shared object or PIE"
                                              : "not an executable");
  if (flags & ZKA_ELF_EF_RISCV_RVC)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: the ELF uses compressed instructions (EF_RISCV_RVC set in "
                     "e_flags 0x%x); build with -march=rv32im (no 'c')", (unsigned)flags);
  if (flags & ZKA_ELF_EF_RISCV_FLOAT_ABI)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: the ELF uses a hardware floating-point ABI (e_flags 0x%x); "
                     "build with -mabi=ilp32", (unsigned)flags);
  if (phentsize != ZKA_ELF_PHDR_SIZE)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: ELF program header size %u (want %u)",
                     (unsigned)phentsize, ZKA_ELF_PHDR_SIZE);
  if (phnum == 0 || phnum == 0xffff)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: ELF has %s program headers",
                     phnum ? "an extended count of" : "no");
  if ((uint64_t)phoff + (uint64_t)phnum * ZKA_ELF_PHDR_SIZE > n)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "zkvm: truncated ELF file: %u program headers at offset %u run past its "
                     "end (%zu bytes)", (unsigned)phnum, (unsigned)phoff, n);

  p->nseg = 0;
  for (uint32_t i = 0; i < phnum; i++) {
    const uint8_t *ph = f + phoff + (size_t)i * ZKA_ELF_PHDR_SIZE;
    const uint32_t ptype = zka_elf_u32(ph), off = zka_elf_u32(ph + 4);
    const uint32_t vaddr = zka_elf_u32(ph + 8), filesz = zka_elf_u32(ph + 16);
    const uint32_t memsz = zka_elf_u32(ph + 20), pflags = zka_elf_u32(ph + 24);
    if (ptype == ZKA_ELF_PT_DYNAMIC || ptype == ZKA_ELF_PT_INTERP)
      return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                       "zkvm: the ELF is dynamically linked (program header %u has type %s); "
                       "link statically", (unsigned)i,
                       ptype == ZKA_ELF_PT_DYNAMIC ? "PT_DYNAMIC" : "PT_INTERP");
    if (ptype == ZKA_ELF_PT_TLS)
      return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                       "zkvm: the ELF has thread-local storage (PT_TLS), which guests lack");
    if (ptype != ZKA_ELF_PT_LOAD || memsz == 0) continue;
    if ((uint64_t)off + filesz > n)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm: truncated ELF file: segment %u needs file bytes [%u, %llu) but "
                       "the file has %zu", (unsigned)i, (unsigned)off,
                       (unsigned long long)off + filesz, n);
    if (filesz > memsz)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm: ELF segment %u has p_filesz %u > p_memsz %u", (unsigned)i,
                       (unsigned)filesz, (unsigned)memsz);
    if (vaddr < ZKA_ZKVM_TEXT_BASE || (uint64_t)vaddr + memsz > ZKA_ZKVM_MEM_END)
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm: ELF segment %u at [0x%08x, 0x%08llx) is outside the zkVM "
                       "address space [0x%08x, 0x%08x) (link with zkvm/guest/zkvm.ld)",
                       (unsigned)i, (unsigned)vaddr, (unsigned long long)vaddr + memsz,
                       ZKA_ZKVM_TEXT_BASE, ZKA_ZKVM_MEM_END);
    if ((pflags & ZKA_ELF_PF_W) && (pflags & ZKA_ELF_PF_X))
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm: ELF segment %u at 0x%08x is writable and executable (RWX); "
                       "the zkVM needs code and data in separate segments (zkvm/guest/zkvm.ld)",
                       (unsigned)i, (unsigned)vaddr);
    if ((pflags & ZKA_ELF_PF_X) && (vaddr & 3))
      return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                       "zkvm: executable ELF segment %u at 0x%08x is not 4-byte aligned",
                       (unsigned)i, (unsigned)vaddr);
    /* The prover's memory is word-granular: a word is read-only or writable as a whole, so
     * writable memory must start on a word boundary. */
    if ((pflags & ZKA_ELF_PF_W) && (vaddr & 3))
      return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                       "zkvm: writable ELF segment %u at 0x%08x is not 4-byte aligned (the "
                       "prover tracks memory in words)", (unsigned)i, (unsigned)vaddr);
    if (p->nseg == ZKA_ZKVM_MAX_SEGMENTS)
      return zka_error(ctx, ZKA_ERR_UNSUPPORTED, "zkvm: more than %d loadable ELF segments",
                       ZKA_ZKVM_MAX_SEGMENTS);
    zka_zkvm_segment *s = &p->seg[p->nseg++];
    s->vaddr = vaddr;
    s->memsz = memsz;
    s->filesz = filesz;
    s->flags = pflags;
    s->offset = off;
  }
  if (p->nseg == 0)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: ELF has no loadable segment");

  /* The code window spans the file-backed bytes of the executable segments (the zero
   * bytes past p_filesz would all decode as illegal; fetching there traps instead), so its
   * size is bounded by the file's. */
  uint64_t end = 0, code_lo = ZKA_ZKVM_MEM_END, code_hi = 0, x_end = 0;
  uint32_t write_lo = ZKA_ZKVM_MEM_END;
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *a = &p->seg[i];
    const uint64_t a_end = (uint64_t)a->vaddr + a->memsz;
    for (size_t j = i + 1; j < p->nseg; j++) {
      const zka_zkvm_segment *b = &p->seg[j];
      if (a->vaddr < (uint64_t)b->vaddr + b->memsz && b->vaddr < a_end) {
        const int wx = ((a->flags | b->flags) & (ZKA_ELF_PF_W | ZKA_ELF_PF_X)) ==
                       (ZKA_ELF_PF_W | ZKA_ELF_PF_X);
        return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                         "zkvm: ELF segments at 0x%08x and 0x%08x overlap%s", (unsigned)a->vaddr,
                         (unsigned)b->vaddr,
                         wx ? " (a writable segment overlaps an executable one)" : "");
      }
    }
    if (a_end > end) end = a_end;
    if (a->flags & ZKA_ELF_PF_W && a->vaddr < write_lo) write_lo = a->vaddr;
    if (a->flags & ZKA_ELF_PF_X) {
      if (a->vaddr < code_lo) code_lo = a->vaddr;
      if ((uint64_t)a->vaddr + a->filesz > code_hi) code_hi = (uint64_t)a->vaddr + a->filesz;
      if (a_end > x_end) x_end = a_end;
    }
  }
  if (x_end == 0)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING, "zkvm: ELF has no executable segment");
  if (x_end > write_lo)
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "zkvm: an executable ELF segment ends at 0x%08llx, above the writable "
                     "segment at 0x%08x: code must precede data (link with zkvm/guest/zkvm.ld)",
                     (unsigned long long)x_end, (unsigned)write_lo);
  /* The decoded code window costs 12 bytes per word: bound it (a crafted file could
   * spread two tiny executable segments across the whole address space). */
  if (code_hi > code_lo && code_hi - code_lo > ZKA_ZKVM_MAX_CODE)
    return zka_error(ctx, ZKA_ERR_UNSUPPORTED,
                     "zkvm: the executable segments span %llu bytes [0x%08llx, 0x%08llx); "
                     "the limit is %u", (unsigned long long)(code_hi - code_lo),
                     (unsigned long long)code_lo, (unsigned long long)code_hi,
                     (unsigned)ZKA_ZKVM_MAX_CODE);
  int entry_ok = 0;
  for (size_t i = 0; i < p->nseg; i++)
    if ((p->seg[i].flags & ZKA_ELF_PF_X) && entry >= p->seg[i].vaddr &&
        (uint64_t)entry + 4 <= (uint64_t)p->seg[i].vaddr + p->seg[i].filesz)
      entry_ok = 1;
  if (!entry_ok || (entry & 3))
    return zka_error(ctx, ZKA_ERR_BAD_ENCODING,
                     "zkvm: ELF entry point 0x%08x is %s", (unsigned)entry,
                     (entry & 3) ? "not 4-byte aligned" : "not inside the code of an executable segment");
  p->entry = entry;
  /* Round the mapping up to a page; it stays below ZKA_ZKVM_MEM_END, a page multiple. */
  end = (end + 4095) & ~(uint64_t)4095;
  p->mem_size = (uint32_t)(end - ZKA_ZKVM_TEXT_BASE);
  p->write_lo = write_lo < end ? write_lo : (uint32_t)end;
  p->code_lo = (uint32_t)code_lo;
  p->code_count = (uint32_t)((code_hi - code_lo + 3) / 4);
  return ZKA_OK;
}

/* The initial byte at address a (0 outside file-backed bytes). */
static uint8_t zka_elf_byte(const zka_zkvm_program *p, uint32_t a) {
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *s = &p->seg[i];
    if (a >= s->vaddr && a - s->vaddr < s->filesz) return p->file[s->offset + (a - s->vaddr)];
  }
  return 0;
}

static int zka_elf_executable(const zka_zkvm_program *p, uint32_t a) {
  for (size_t i = 0; i < p->nseg; i++) {
    const zka_zkvm_segment *s = &p->seg[i];
    if ((s->flags & ZKA_ELF_PF_X) && a >= s->vaddr && a - s->vaddr < s->memsz) return 1;
  }
  return 0;
}

zka_status zka_zkvm_program_load(zka_zkvm_program **out, const uint8_t *elf, size_t elf_len,
                                 zka_ctx *ctx) {
  if (!out) return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL program pointer");
  *out = NULL;
  if (!elf && elf_len)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL ELF buffer");
  zka_zkvm_program *p = calloc(1, sizeof *p);
  if (!p) return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory");
  zka_status st = zka_elf_parse(p, elf ? elf : (const uint8_t *)"", elf_len, ctx);
  if (st != ZKA_OK) {
    free(p);
    return st;
  }
  /* Keep only the file bytes the segments use. */
  size_t keep = 0;
  for (size_t i = 0; i < p->nseg; i++)
    if (p->seg[i].offset + p->seg[i].filesz > keep) keep = p->seg[i].offset + p->seg[i].filesz;
  p->file_len = keep;
  p->file = malloc(keep ? keep : 1);
  p->code = malloc((size_t)p->code_count * sizeof *p->code);
  p->words = malloc((size_t)p->code_count * sizeof *p->words);
  if (!p->file || !p->code || !p->words) {
    zka_zkvm_program_destroy(p);
    return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory loading the program");
  }
  if (keep) memcpy(p->file, elf, keep);
  for (uint32_t i = 0; i < p->code_count; i++) {
    const uint32_t pc = p->code_lo + 4 * i;
    const uint32_t w = (uint32_t)zka_elf_byte(p, pc) | (uint32_t)zka_elf_byte(p, pc + 1) << 8 |
                       (uint32_t)zka_elf_byte(p, pc + 2) << 16 |
                       (uint32_t)zka_elf_byte(p, pc + 3) << 24;
    p->words[i] = w;
    if (zka_elf_executable(p, pc)) {
      p->code[i] = zka_zkvm_decode(w, pc);
    } else {
      p->code[i] = zka_zkvm_decode(0, pc);
      p->code[i].op = ZKA_OP_NOEXEC;
    }
  }
  *out = p;
  return ZKA_OK;
}

zka_status zka_zkvm_program_load_file(zka_zkvm_program **out, const char *path, zka_ctx *ctx) {
  if (!out || !path)
    return zka_error(ctx, ZKA_ERR_INVALID_ARGUMENT, "zkvm: NULL program or path");
  *out = NULL;
  FILE *fp = fopen(path, "rb");
  if (!fp) return zka_error(ctx, ZKA_ERR_IO, "zkvm: cannot open %s", path);
  uint8_t *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      /* A guest ELF larger than the address space cannot be valid: stop reading there. */
      if (cap >= ((size_t)ZKA_ZKVM_MEM_END << 1)) break;
      size_t ncap = cap ? cap * 2 : 65536;
      uint8_t *nb = realloc(buf, ncap);
      if (!nb) {
        free(buf);
        fclose(fp);
        return zka_error(ctx, ZKA_ERR_OUT_OF_MEMORY, "zkvm: out of memory reading %s", path);
      }
      buf = nb;
      cap = ncap;
    }
    size_t got = fread(buf + len, 1, cap - len, fp);
    len += got;
    if (got == 0) break;
  }
  int err = ferror(fp);
  fclose(fp);
  if (err) {
    free(buf);
    return zka_error(ctx, ZKA_ERR_IO, "zkvm: cannot read %s", path);
  }
  zka_status st = zka_zkvm_program_load(out, buf, len, ctx);
  free(buf);
  return st;
}

void zka_zkvm_program_destroy(zka_zkvm_program *prog) {
  if (!prog) return;
  free(prog->file);
  free(prog->code);
  free(prog->words);
  free(prog);
}

uint32_t zka_zkvm_program_entry(const zka_zkvm_program *prog) { return prog ? prog->entry : 0; }
