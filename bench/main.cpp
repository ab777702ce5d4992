// agen-bench: Google Benchmark's main. The benchmarks register themselves from
// bench_*.cpp; alloc_counter.cpp replaces the global operator new/delete.
#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
