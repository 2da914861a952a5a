# run_hls.tcl — Vitis HLS project for one MSM top function: C simulation of msm_tb.c, C
# synthesis, and export of the kernel as a Vitis .xo.  Driven by the Makefile (make csim,
# make csynth) through environment variables, so the same script runs under
#   vitis_hls -f run_hls.tcl                      (Vitis 2020.2 .. 2024.1)
#   vitis-run --mode hls --tcl run_hls.tcl        (Vitis 2024.2 and later)
#
#   ZKA_HLS_STEP     csim | csynth | cosim         (default csim)
#   ZKA_HLS_TOP      the top function              (default zka_hls_msm_bn254_g1)
#   ZKA_HLS_PART     the FPGA part                 (default xcu250-figd2104-2L-e, Alveo U250)
#   ZKA_HLS_CLOCK    clock period in ns            (default 3.33: 300 MHz, the kernel clock
#                                                   of the Alveo shells)
#   ZKA_HLS_DEFINES  extra -D flags (e.g. -DZKA_HLS_MSM_PIPE_DEPTH=200u)
#   ZKA_HLS_OUT      where the project and .xo go  (default ./build/hls)
#
# The msm_tb.c bench checks all four top functions, whichever is the synthesis top.

set here [file dirname [file normalize [info script]]]
set root [file normalize [file join $here .. .. ..]]

proc zka_env {name default} {
  if {[info exists ::env($name)] && $::env($name) ne ""} { return $::env($name) }
  return $default
}
set step    [zka_env ZKA_HLS_STEP csim]
set top     [zka_env ZKA_HLS_TOP zka_hls_msm_bn254_g1]
set part    [zka_env ZKA_HLS_PART xcu250-figd2104-2L-e]
set clock   [zka_env ZKA_HLS_CLOCK 3.33]
set defines [zka_env ZKA_HLS_DEFINES ""]
set out     [file normalize [zka_env ZKA_HLS_OUT [file join [pwd] build hls]]]

file mkdir $out
cd $out
open_project -reset prj_$top
set_top $top
# The kernel includes core/ and fpga/ headers by repository path.
add_files [file join $here msm_kernel.c] -cflags "-I$root $defines"
add_files -tb [file join $here msm_tb.c] -cflags "-I$root -I[file join $root include] $defines"
open_solution -reset sol -flow_target vitis
set_part $part
create_clock -period $clock -name default

switch -- $step {
  csim {
    csim_design
  }
  csynth {
    csynth_design
    # The .xo the v++ link step takes (the Makefile's hw targets compile with v++ -c instead;
    # this one is for inspecting or linking a single synthesized kernel).
    export_design -format xo -output [file join $out $top.xo]
  }
  cosim {
    csynth_design
    cosim_design
  }
  default {
    puts "run_hls.tcl: unknown ZKA_HLS_STEP '$step' (csim, csynth, cosim)"
    exit 1
  }
}
exit
