import type { GemmWatOptions } from './gemm-wat';

/** The GEMM builds dfp ships: `fma` needs relaxed SIMD (Node >= 22, or Node 20 with the V8 flag), `simd` does not. */
export const GEMM_VARIANTS = {
  fma: { fusedMultiplyAdd: true },
  simd: { fusedMultiplyAdd: false },
} as const satisfies Record<string, GemmWatOptions>;

/** Name of a shipped GEMM build. */
export type GemmVariant = keyof typeof GEMM_VARIANTS;
