/* start.S — the guest's entry point: set sp, call main(0, NULL), exit with its return
 * value (ecall 93, Linux's exit).  The executor and qemu-riscv32 both zero .bss. */
  .section .text.start, "ax", @progbits
  .globl _start
  .type _start, @function
_start:
  .option push
  .option norelax
  la sp, __stack_top      /* zkvm.ld: top of the stack section, 16-byte aligned */
  .option pop
  li a0, 0                /* argc */
  li a1, 0                /* argv */
  call main
  li a7, 93               /* exit(a0 = main's return value) */
  ecall
1:
  j 1b
  .size _start, . - _start
