/* zkaccel_guest.h — the guest side of the zkaccel zkVM: read the private input, commit
 * public output, print debug text, halt.  Header-only, for freestanding RV32IM C
 * (riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32; build line in zkvm/README.md).
 *
 * Every call is an `ecall` with Linux's RISC-V numbers (a7 = 63 read, 64 write, 93 exit),
 * so a guest that uses only these runs unchanged under qemu-riscv32: its public output is
 * qemu's stdout, its private input qemu's stdin.  zkVM-only calls (precompiles) will take
 * numbers from ZKA_GUEST_ECALL_BASE up, outside Linux's range. */
#ifndef ZKACCEL_GUEST_H
#define ZKACCEL_GUEST_H
#include <stddef.h>
#include <stdint.h>

#define ZKA_GUEST_SYS_READ 63
#define ZKA_GUEST_SYS_WRITE 64
#define ZKA_GUEST_SYS_EXIT 93
#define ZKA_GUEST_ECALL_BASE 0x5A4B0000 /* same as ZKA_ZKVM_ECALL_BASE in zkaccel/zkvm.h */

#define ZKA_GUEST_FD_INPUT 0  /* private input (read) */
#define ZKA_GUEST_FD_PUBLIC 1 /* public output (write): what the proof commits to */
#define ZKA_GUEST_FD_DEBUG 2  /* debug text (write): not part of the proof */

/** A system call with three arguments; returns a0 (negative errno on error). */
static inline long zka_guest_ecall3(long num, long a0, long a1, long a2) {
  register long r_a0 __asm__("a0") = a0;
  register long r_a1 __asm__("a1") = a1;
  register long r_a2 __asm__("a2") = a2;
  register long r_a7 __asm__("a7") = num;
  __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
  return r_a0;
}

/** Read up to len bytes of the private input into buf; returns the bytes read, which is
 *  less than len only at the end of the input. */
static inline size_t zka_read_input(void *buf, size_t len) {
  size_t got = 0;
  while (got < len) {
    long n = zka_guest_ecall3(ZKA_GUEST_SYS_READ, ZKA_GUEST_FD_INPUT, (long)((char *)buf + got),
                              (long)(len - got));
    if (n <= 0) break;
    got += (size_t)n;
  }
  return got;
}

/** Read a little-endian uint32_t from the input; *ok = 0 when the input ended first. */
static inline uint32_t zka_read_u32(int *ok) {
  uint8_t b[4] = {0, 0, 0, 0};
  size_t n = zka_read_input(b, 4);
  if (ok) *ok = n == 4;
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

/** Append len bytes to the public output. */
static inline void zka_commit(const void *buf, size_t len) {
  while (len) {
    long n = zka_guest_ecall3(ZKA_GUEST_SYS_WRITE, ZKA_GUEST_FD_PUBLIC, (long)buf, (long)len);
    if (n <= 0) break;
    buf = (const char *)buf + n;
    len -= (size_t)n;
  }
}

/** Append a uint32_t to the public output, little-endian. */
static inline void zka_commit_u32(uint32_t v) {
  uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
  zka_commit(b, 4);
}

/** Write a NUL-terminated string to the debug stream. */
static inline void zka_debug(const char *s) {
  size_t n = 0;
  while (s[n]) n++;
  if (n) zka_guest_ecall3(ZKA_GUEST_SYS_WRITE, ZKA_GUEST_FD_DEBUG, (long)s, (long)n);
}

/** Stop the machine with an exit code (0 = success). */
static inline __attribute__((noreturn)) void zka_halt(int code) {
  zka_guest_ecall3(ZKA_GUEST_SYS_EXIT, code, 0, 0);
  for (;;) {
  }
}

/* Sections of zkvm.ld: the heap is [__heap_start, __heap_end), all zero at start. */
extern char __heap_start[], __heap_end[];

#endif
