import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError, describeValue } from '../../errors';
import { overrideWasmKernel, type WasmBackendLike } from '../wasm-kernel-override';
import { GEMM_BINARY_BASE64 } from './gemm-binary';
import type { GemmVariant } from './gemm-variants';

/**
 * dfp's GEMM (`gemm-wat.ts`) as the wasm backend's `BatchMatMul` and `_FusedMatMul` kernels: drop-in replacements
 * that run on tensors in place in tfjs' heap, for float32 without transposes (every product in dfp's backbones,
 * see `fast-mat-mul.ts`) and any batch where one side has batch 1 or both have the same batch. Anything else
 * (transposes, activations, PReLU, mismatched batches, int32) goes to the stock XNNPACK kernel.
 *
 * `DFP_WASM_GEMM` picks the build: `auto` (default: `fma` where relaxed SIMD is available, else the stock kernels),
 * `fma`, `simd`, or `off` (stock kernels). `simd` (multiply + add, no fused multiply-add) measured on par with XNNPACK
 * in a training step (611 vs 624 ms), so `auto` does not pick it. Node 20 ships relaxed SIMD behind
 * `--experimental-wasm-relaxed-simd`; `auto` and `fma` turn that V8 flag on at runtime when the feature is missing
 * (Node >= 22 has it on).
 */

/** What `DFP_WASM_GEMM` accepts. */
export type WasmGemmSetting = 'auto' | GemmVariant | 'off';
const SETTINGS: readonly WasmGemmSetting[] = ['auto', 'fma', 'simd', 'off'];

/** The part of the WebAssembly JS API used here (dfp's tsconfig has no DOM lib, which declares it). */
interface WasmApi {
  Memory: abstract new (...args: never[]) => object;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
type WasmMemory = object;

type GemmFn = (a: number, b: number, c: number, m: number, k: number, n: number, bias: number, hasBias: number) => void;

const bytesOf = (variant: GemmVariant) => Uint8Array.from(Buffer.from(GEMM_BINARY_BASE64[variant], 'base64'));

/** Whether this runtime validates the relaxed-SIMD build, turning on Node 20's V8 flag first if needed. */
function relaxedSimdAvailable(): boolean {
  const bytes = bytesOf('fma');
  if (wasmApi.validate(bytes)) return true;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('v8') as typeof import('v8')).setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false; // not Node
  }
  return wasmApi.validate(bytes);
}

/** Resolves a setting to the build to use (`null`: stock kernels). Pure apart from the relaxed-SIMD probe. */
export function resolveWasmGemm(setting: string): GemmVariant | null {
  if (!(SETTINGS as readonly string[]).includes(setting)) {
    throw new DfpArgumentError(`DFP_WASM_GEMM: unknown value ${describeValue(setting)}; expected one of ${SETTINGS.join(', ')}`);
  }
  if (setting === 'off') return null;
  if (setting === 'simd') return 'simd';
  const fma = relaxedSimdAvailable();
  if (setting === 'fma' && !fma) {
    throw new DfpArgumentError('DFP_WASM_GEMM=fma: this runtime has no relaxed SIMD; use Node >= 22, or DFP_WASM_GEMM=simd');
  }
  return fma ? 'fma' : null;
}

let active: GemmVariant | null = null;
/** One instance per (build, heap): worker threads and re-created backends each get their own. */
const instances = new WeakMap<WasmMemory, Partial<Record<GemmVariant, GemmFn | false>>>();

function gemmFor(backend: WasmBackendLike): GemmFn | null {
  const memory = backend.wasm.asm?.memory;
  if (!active || !(memory instanceof wasmApi.Memory)) return null;
  const cache = instances.get(memory) ?? {};
  instances.set(memory, cache);
  if (cache[active] === undefined) {
    try {
      const instance = new wasmApi.Instance(new wasmApi.Module(bytesOf(active)), { env: { memory } });
      cache[active] = instance.exports.gemm as GemmFn;
    } catch {
      cache[active] = false; // e.g. a shared (threaded) heap: keep the stock kernels
    }
  }
  return cache[active] || null;
}

/** Runs the product on dfp's GEMM, or returns null when the stock kernel must do it. */
function gemmMatMul(backend: WasmBackendLike, a: tf.TensorInfo, b: tf.TensorInfo, bias: tf.TensorInfo | undefined, attrs: tf.NamedAttrMap): tf.TensorInfo | null {
  if (attrs.transposeA || attrs.transposeB || a.dtype !== 'float32' || b.dtype !== 'float32') return null;
  if (a.shape.length < 2 || b.shape.length < 2) return null;
  const [m, k] = a.shape.slice(-2);
  const [kb, n] = b.shape.slice(-2);
  const outerA = a.shape.slice(0, -2);
  const outerB = b.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  if (k !== kb || !(batchA === 1 || batchB === 1 || tf.util.arraysEqual(outerA, outerB))) return null;
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n)) return null;
  const gemm = gemmFor(backend);
  if (!gemm) return null;
  const outer = tf.backend_util.assertAndGetBroadcastShape(outerA, outerB);
  const out = backend.makeOutput([...outer, m, n], 'float32'); // may grow the heap: take offsets after it
  const offset = (t: tf.TensorInfo) => backend.dataIdMap.get(t.dataId).memoryOffset;
  const [pa, pb, pc] = [offset(a), offset(b), offset(out)];
  const pBias = bias ? offset(bias) : 0;
  const batch = Math.max(batchA, batchB);
  for (let i = 0; i < batch; i++) {
    const aAt = pa + (batchA === 1 ? 0 : i * m * k * 4);
    const bAt = pb + (batchB === 1 ? 0 : i * k * n * 4);
    gemm(aAt, bAt, pc + i * m * n * 4, m, k, n, pBias, bias ? 1 : 0);
  }
  return out;
}

/**
 * Installs the GEMM kernels on the wasm backend with the given setting (default: `DFP_WASM_GEMM` or `auto`);
 * with `off` they hand every product to the stock kernels. Call after `@tensorflow/tfjs-backend-wasm` has been
 * imported; `initBackend` calls it.
 * @returns the build in use, or null for the stock kernels.
 */
export function useWasmGemm(setting: string = process.env.DFP_WASM_GEMM ?? 'auto'): GemmVariant | null {
  active = resolveWasmGemm(setting);
  for (const name of ['BatchMatMul', '_FusedMatMul']) {
    const fused = name === '_FusedMatMul';
    overrideWasmKernel(name, (stock) => (args) => {
      const { a, b, bias, preluActivationWeights } = args.inputs as Partial<Record<string, tf.TensorInfo>>;
      const plain = !fused || (!preluActivationWeights && (args.attrs?.activation ?? 'linear') === 'linear');
      const out = plain ? gemmMatMul(args.backend as WasmBackendLike, a!, b!, fused ? bias : undefined, args.attrs ?? {}) : null;
      return out ?? stock.kernelFunc(args as never);
    });
  }
  return active;
}

/** The build the GEMM kernels use now (null: stock kernels). */
export function activeWasmGemm(): GemmVariant | null {
  return active;
}
