import { adamwWat } from './adamw-wat';
import { copyWat } from './copy-wat';
import { geluWat } from './gelu-wat';
import { gemmWat } from './gemm-wat';
import { gruWat } from './gru-wat';
import type { SimdBuild } from './simd-math';

/**
 * dfp's WebAssembly module: the GEMM (`gemm-wat.ts`), GELU (`gelu-wat.ts`), GRU gates (`gru-wat.ts`), AdamW
 * (`adamw-wat.ts`) and strided-copy (`copy-wat.ts`) kernels over the memory it imports as `env.memory`
 * (tfjs-backend-wasm's heap, so they work on tensors in place). Pure function of the build options;
 * `module-binary.ts` holds the compiled builds and a test checks them against this text.
 */

/** Options of a build. */
export type WasmModuleOptions = SimdBuild;

/** The builds dfp ships: `fma` needs relaxed SIMD (Node >= 22, or Node 20 with the V8 flag), `simd` does not. */
export const WASM_MODULE_VARIANTS = {
  fma: { fusedMultiplyAdd: true },
  simd: { fusedMultiplyAdd: false },
} as const satisfies Record<string, WasmModuleOptions>;

/** Name of a shipped build. */
export type WasmModuleVariant = keyof typeof WASM_MODULE_VARIANTS;

/** WAT text of the module (GEMM with its default blocking). */
export function wasmModuleWat(options: WasmModuleOptions): string {
  return `(module\n(import "env" "memory" (memory 1))\n${gemmWat(options)}\n${geluWat(options)}\n${gruWat(options)}\n${adamwWat(options)}\n${copyWat()}\n)\n`;
}
