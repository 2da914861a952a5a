/* bench_cli.h — internal: the `zkaccel bench` subcommand (host/cli/bench.c).
 *
 * The tool runs the Google Benchmark suite of each selected primitive, the executable
 * zka_bench_<primitive> found beside the zkaccel binary (build/bin), and gathers the results.
 * A suite driven by it follows this protocol (bench/bench_ntt.cc is the model):
 *
 *   environment in:  ZKA_BENCH_BACKENDS  comma list of backends with an available device,
 *                                        "cpu" always among them
 *                    ZKA_BENCH_SIZES     comma list of log2 sizes (unset: the suite's own)
 *                    ZKA_BENCH_FIELDS    comma list of fields, curves or hashes (unset: all)
 *                    ZKA_BENCH_QUICK=1   a run of a few seconds
 *                    ZKA_BENCH_PROGRESS_BASE, ZKA_BENCH_PROGRESS_TOTAL: the suite prints
 *                    "[BASE+k/TOTAL] <primitive> <field> 2^<size> <backend> ..." on stderr as it
 *                    starts its k-th benchmark
 *   arguments in:    --benchmark_out=DIR/raw_<primitive>.json --benchmark_out_format=json
 *                    (and --benchmark_list_tests=true to count the benchmarks beforehand)
 *   results out:     benchmarks named <primitive>/<field>/<log_n>/<backend>[/anything], with
 *                    repetitions whose "median" aggregate is read, counters "check" (1: the
 *                    output equals the CPU backend's byte for byte, 0: it does not) and
 *                    "elements_per_second"; the label is the engine's device report.
 */
#ifndef ZKA_BENCH_CLI_H
#define ZKA_BENCH_CLI_H

/* zkaccel bench [--primitives LIST] [--backends LIST] [--fields LIST] [--sizes LIST] [--quick]
 * --out DIR; argv[0] is "bench".  Writes DIR/results.json, DIR/results.csv, DIR/summary.md
 * and DIR/<primitive>.png (when gnuplot is installed).  Returns the process exit code: 0 every
 * check matched the CPU, 1 a mismatch, a failed benchmark or a suite that could not run,
 * 2 a usage error. */
int zka_cli_bench(int argc, char **argv);

#endif
