// crashsift-benchmark: parse throughput of a generated text against `LC_ALL=C grep -c` on the
// same file, in the same run (see `--help`). `--input foreach-bt` (the default) is a
// `crash> foreach bt` text, grep counting its frame lines (`^ *#`); `--input log` is a kernel
// console log, grep counting its stamped lines (`^\[`).
//
// Wall-clock timings on this VM vary 2–3× between processes (toolchain notes §0), so the
// benchmark alternates grep and the parse in one process and reports medians and their
// ratio. Instruction counts are the steady number for spotting regressions.
//
// Timings (release build; `make bench` does the first two steps, BENCH_ARGS passes options):
//   swift build -c release --product crashsift-benchmark
//   $(swift build -c release --show-bin-path)/crashsift-benchmark            # 100 MB, 7 rounds
//   $(swift build -c release --show-bin-path)/crashsift-benchmark --input log
//   $(swift build -c release --show-bin-path)/crashsift-benchmark --json     # machine-readable
//
// Instruction counts (callgrind), parse only, on a 10 MB file (add `--input log` to both
// commands for the log; each input has its own file):
//   B=$(swift build -c release --show-bin-path)/crashsift-benchmark
//   $B --generate-only --size 10000000       # writes the file outside valgrind (reused later)
//   valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//       --collect-atstart=no --toggle-collect=crashsift_bench_parse_once \
//       $B --parse-only --size 10000000
//   callgrind_annotate /tmp/cg.out | head -60
// `crashsift_bench_parse_once` is the measured call (SourceFile init + TranscriptParser.parse).
// Without the two `--collect` options the count covers the whole process: start-up, the file
// read, and generation if the file did not exist yet.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

exit(Benchmark.main(Array(CommandLine.arguments.dropFirst())))
