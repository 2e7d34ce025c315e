/**
 * @dfp/benchmarks: the benchmark programs behind `dfp bench` (maze2d Table 1, perf, locomotion). Each
 * benchmark reads top to bottom like a methods section and writes its results under `benchmarks/results/`.
 */
export {};
