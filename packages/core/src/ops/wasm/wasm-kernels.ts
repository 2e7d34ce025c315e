import * as tf from '@tensorflow/tfjs';
import { DfpArgumentError, describeValue } from '../../errors';
import { overrideWasmKernel, type WasmBackendLike } from '../wasm-kernel-override';
import { WASM_MODULE_BASE64 } from './module-binary';
import { GEMM_INIT } from './gemm-wat';
import type { WasmModuleVariant } from './module-wat';

/**
 * dfp's wasm module (`module-wat.ts`) as kernels of the wasm backend, running on tensors in place in tfjs' heap:
 *
 * - its GEMM as `BatchMatMul` and `_FusedMatMul`: drop-in replacements for float32 without transposes (every
 *   product in dfp's backbones, see `fast-mat-mul.ts`) and any batch where one side has batch 1 or both have the
 *   same batch. Anything else (transposes, activations, PReLU, mismatched batches, int32) goes to the stock
 *   XNNPACK kernel;
 * - its GELU and GRU gates as `DfpGelu`, `DfpGru` and `DfpGruGrad` (the fused kernels of the hand-written RNN
 *   pass, `fused-kernels.ts`) and its AdamW as `DfpAdamW` (`adamw-kernel.ts`), instead of their JS loops;
 * - its strided copy as `Concat` (float32 and int32), and inside dfp's heap-view `Slice` / `SplitV` / `Unpack`
 *   (`../wasm-slice-kernels.ts`, through {@link copyBoxOnModule}).
 *
 * `DFP_WASM_GEMM` picks the build: `auto` (default: `fma` where relaxed SIMD is available, else `off`), `fma`,
 * `simd`, or `off` (the stock kernels and dfp's JS loops). `simd` (multiply + add, no fused multiply-add) measured on par with XNNPACK
 * in a training step (611 vs 624 ms), so `auto` does not pick it. Node 20 ships relaxed SIMD behind
 * `--experimental-wasm-relaxed-simd`; `auto` and `fma` turn that V8 flag on at runtime when the feature is missing
 * (Node >= 22 has it on).
 */

/** What `DFP_WASM_GEMM` accepts. */
export type WasmGemmSetting = 'auto' | WasmModuleVariant | 'off';
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

/** The module's exports (arguments are byte offsets into the heap, counts, and 0/1 flags). */
interface DfpWasmExports {
  gemm(a: number, b: number, c: number, m: number, k: number, n: number, init: number, initKind: number, mul: number, hasMul: number): void;
  gelu(x: number, add: number, hasAdd: number, y: number, d: number, hasD: number, n: number): void;
  gru(gi: number, gh: number, h: number, out: number, cache: number, hasCache: number, rows: number, z: number): void;
  gruGrad(dh: number, cache: number, h: number, dgi: number, dgh: number, dhDirect: number, rows: number, z: number): void;
  adamw(p: number, g: number, m: number, v: number, p1: number, m1: number, v1: number, n: number, ...constants: number[]): void;
  copyRows(src: number, dst: number, rows: number, rowBytes: number, srcStride: number, dstStride: number): void;
}

const bytesOf = (variant: WasmModuleVariant) => Uint8Array.from(Buffer.from(WASM_MODULE_BASE64[variant], 'base64'));

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
export function resolveWasmGemm(setting: string): WasmModuleVariant | null {
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

let active: WasmModuleVariant | null = null;
/** One instance per (build, heap): worker threads and re-created backends each get their own. */
const instances = new WeakMap<WasmMemory, Partial<Record<WasmModuleVariant, DfpWasmExports | false>>>();

function moduleFor(backend: WasmBackendLike): DfpWasmExports | null {
  const memory = backend.wasm.asm?.memory;
  if (!active || !(memory instanceof wasmApi.Memory)) return null;
  const cache = instances.get(memory) ?? {};
  instances.set(memory, cache);
  if (cache[active] === undefined) {
    try {
      const instance = new wasmApi.Instance(new wasmApi.Module(bytesOf(active)), { env: { memory } });
      cache[active] = instance.exports as unknown as DfpWasmExports;
    } catch {
      cache[active] = false; // e.g. a shared (threaded) heap: keep the stock kernels
    }
  }
  return cache[active] || null;
}

const offset = (backend: WasmBackendLike, t: tf.TensorInfo): number => backend.dataIdMap.get(t.dataId).memoryOffset;
type Inputs = Partial<Record<string, tf.TensorInfo>>;
const allFloat32 = (ts: Array<tf.TensorInfo | undefined>) => ts.every((t) => t !== undefined && t.dtype === 'float32');

/**
 * `BatchMatMul` / `_FusedMatMul` / `DfpMatMul` on the module's GEMM, or null when the stock kernel must do it:
 * `(a·b + bias) ⊙ mul` or `(add + a·b) ⊙ mul`, where `add` and `mul` (optional) have the output's shape.
 */
function gemmMatMul(backend: WasmBackendLike, mod: DfpWasmExports, { a, b, bias, add, mul }: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo | null {
  if (attrs.transposeA || attrs.transposeB || !allFloat32([a, b]) || a!.shape.length < 2 || b!.shape.length < 2 || (bias && add)) return null;
  const [m, k] = a!.shape.slice(-2);
  const [kb, n] = b!.shape.slice(-2);
  const outerA = a!.shape.slice(0, -2);
  const outerB = b!.shape.slice(0, -2);
  const batchA = tf.util.sizeFromShape(outerA);
  const batchB = tf.util.sizeFromShape(outerB);
  if (k !== kb || !(batchA === 1 || batchB === 1 || tf.util.arraysEqual(outerA, outerB))) return null;
  if (bias && (bias.dtype !== 'float32' || bias.shape.length !== 1 || bias.shape[0] !== n)) return null;
  const outShape = [...tf.backend_util.assertAndGetBroadcastShape(outerA, outerB), m, n];
  if (![add, mul].every((t) => t === undefined || (t.dtype === 'float32' && tf.util.arraysEqual(t.shape, outShape)))) return null;
  const out = backend.makeOutput(outShape, 'float32'); // may grow the heap: take offsets after it
  const [pa, pb, pc] = [offset(backend, a!), offset(backend, b!), offset(backend, out)];
  const init = bias ?? add;
  const [pInit, pMul] = [init ? offset(backend, init) : 0, mul ? offset(backend, mul) : 0];
  const kind = bias ? GEMM_INIT.bias : add ? GEMM_INIT.addend : GEMM_INIT.none;
  const batch = Math.max(batchA, batchB);
  for (let i = 0; i < batch; i++) {
    const aAt = pa + (batchA === 1 ? 0 : i * m * k * 4);
    const bAt = pb + (batchB === 1 ? 0 : i * k * n * 4);
    const cAt = i * m * n * 4; // also the offset into add and mul
    mod.gemm(aAt, bAt, pc + cAt, m, k, n, pInit + (add ? cAt : 0), kind, pMul + cAt, mul ? 1 : 0);
  }
  return out;
}

/** `DfpGelu` (inputs a = x, b = add?; attrs derivative) on the module's GELU. */
function wasmGelu(backend: WasmBackendLike, mod: DfpWasmExports, { a: x, b: add }: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo[] | null {
  if (!allFloat32([x]) || (add && (add.dtype !== 'float32' || !tf.util.arraysEqual(add.shape, x!.shape)))) return null;
  const derivative = Boolean(attrs.derivative);
  const outs = (derivative ? [0, 1] : [0]).map(() => backend.makeOutput(x!.shape, 'float32')); // may grow the heap
  const py = offset(backend, outs[0]);
  mod.gelu(offset(backend, x!), add ? offset(backend, add) : 0, add ? 1 : 0, py, derivative ? offset(backend, outs[1]) : py, derivative ? 1 : 0, tf.util.sizeFromShape(x!.shape));
  return outs;
}

/** `[rows, Z]` of a GRU kernel from its `[..., Z]` state `h`, or null unless all inputs are float32 and Z % 4 == 0. */
function gruDims(h: tf.TensorInfo | undefined, ins: Array<tf.TensorInfo | undefined>): [number, number] | null {
  if (!h || !allFloat32([h, ...ins]) || h.shape.length === 0) return null;
  const z = h.shape[h.shape.length - 1];
  return z % 4 === 0 ? [tf.util.sizeFromShape(h.shape) / Math.max(z, 1), z] : null;
}
const widened = (shape: number[], factor: number) => [...shape.slice(0, -1), factor * shape[shape.length - 1]];

/** `DfpGru` (inputs a = gi, b = gh, c = h; attrs cache) on the module's `gru`. */
function wasmGru(backend: WasmBackendLike, mod: DfpWasmExports, { a: gi, b: gh, c: h }: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo[] | null {
  const dims = gruDims(h, [gi, gh]);
  if (!dims) return null;
  const outs = [backend.makeOutput(h!.shape, 'float32')];
  if (attrs.cache) outs.push(backend.makeOutput(widened(h!.shape, 4), 'float32'));
  const [po, pc] = outs.map((t) => offset(backend, t));
  mod.gru(offset(backend, gi!), offset(backend, gh!), offset(backend, h!), po, pc ?? po, attrs.cache ? 1 : 0, ...dims);
  return outs;
}

/** `DfpGruGrad` (inputs a = dh', b = cache, c = h) on the module's `gruGrad`. */
function wasmGruGrad(backend: WasmBackendLike, mod: DfpWasmExports, { a: dh, b: cache, c: h }: Inputs): tf.TensorInfo[] | null {
  const dims = gruDims(h, [dh, cache]);
  if (!dims) return null;
  const outs = [widened(h!.shape, 3), widened(h!.shape, 3), h!.shape].map((s) => backend.makeOutput(s, 'float32'));
  const [pgi, pgh, pdh] = outs.map((t) => offset(backend, t));
  mod.gruGrad(offset(backend, dh!), offset(backend, cache!), offset(backend, h!), pgi, pgh, pdh, ...dims);
  return outs;
}

/** `DfpAdamW` (inputs a = θ, b = g, c = m, d = v; attrs: `AdamWStep`) on the module's AdamW. */
function wasmAdamW(backend: WasmBackendLike, mod: DfpWasmExports, { a: p, b: g, c: m, d: v }: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo[] | null {
  if (!allFloat32([p, g, m, v])) return null;
  const n = tf.util.sizeFromShape(p!.shape);
  if ([g, m, v].some((t) => tf.util.sizeFromShape(t!.shape) !== n)) return null;
  const outs = [0, 1, 2].map(() => backend.makeOutput(p!.shape, 'float32')); // may grow the heap
  const [b1, b2, eps, decay, stepSize, c2] = [attrs.beta1, attrs.beta2, attrs.eps, attrs.decay, attrs.stepSize, attrs.c2] as number[];
  const at = [p!, g!, m!, v!, ...outs].map((t) => offset(backend, t));
  mod.adamw(at[0], at[1], at[2], at[3], at[4], at[5], at[6], n, b1, 1 - b1, b2, 1 - b2, eps, decay, stepSize, 1 / c2);
  return outs;
}

/** Whether a tensor's elements are 4-byte values the strided copy can move (float32, int32). */
const fourBytes = (t: tf.TensorInfo): boolean => t.dtype === 'float32' || t.dtype === 'int32';

/** `Concat` of float32 or int32 tensors along any axis: one strided row copy per input. */
function wasmConcat(backend: WasmBackendLike, mod: DfpWasmExports, inputs: Inputs, attrs: tf.NamedAttrMap): tf.TensorInfo | null {
  const list = Object.keys(inputs).sort((a, b) => Number(a) - Number(b)).map((k) => inputs[k]!);
  if (list.length === 0 || !list.every((t) => t.dtype === list[0].dtype && fourBytes(t))) return null;
  const axis = tf.util.parseAxisParam(attrs.axis as number, list[0].shape)[0];
  const shapes = list.map((t) => t.shape);
  tf.backend_util.assertParamsConsistent(shapes, axis);
  const out = backend.makeOutput(tf.backend_util.computeOutShape(shapes, axis), list[0].dtype); // may grow the heap
  const outer = tf.util.sizeFromShape(list[0].shape.slice(0, axis));
  const inner = list.map((t) => tf.util.sizeFromShape(t.shape.slice(axis)));
  const rowBytes = 4 * inner.reduce((a, b) => a + b, 0);
  let at = offset(backend, out);
  list.forEach((t, i) => {
    if (inner[i] > 0 && outer > 0) mod.copyRows(offset(backend, t), at, outer, 4 * inner[i], 4 * inner[i], rowBytes);
    at += 4 * inner[i];
  });
  return out;
}

/**
 * Copies the box `[begin, begin + size)` of `x` into `out` with the module's strided copy when the box differs from
 * `x` along at most one axis (every `SplitV` output, most slices); returns false when it cannot.
 */
export function copyBoxOnModule(backend: WasmBackendLike, x: tf.TensorInfo, begin: readonly number[], size: readonly number[], out: tf.TensorInfo): boolean {
  const mod = moduleFor(backend);
  const partial = size.flatMap((s, d) => (s !== x.shape[d] ? [d] : []));
  if (!mod || partial.length > 1 || !fourBytes(x)) return false;
  const d = partial[0] ?? 0;
  const outer = tf.util.sizeFromShape(x.shape.slice(0, d));
  const inner = tf.util.sizeFromShape(x.shape.slice(d + 1));
  if (outer * size[d] * inner > 0) {
    mod.copyRows(offset(backend, x) + 4 * begin[d] * inner, offset(backend, out), outer, 4 * size[d] * inner, 4 * x.shape[d] * inner, 4 * size[d] * inner);
  }
  return true;
}

type ModuleKernel = (backend: WasmBackendLike, mod: DfpWasmExports, inputs: Inputs, attrs: tf.NamedAttrMap) => tf.TensorInfo | tf.TensorInfo[] | null;

/** Whether dfp's module runs on the current backend (wasm, module active and instantiated on its heap). */
export function wasmModuleReady(): boolean {
  return active !== null && tf.getBackend() === 'wasm' && moduleFor(tf.backend() as unknown as WasmBackendLike) !== null;
}

/**
 * `DfpMatMul` (inputs a, b, add?, mul?): `(add + a·b) ⊙ mul` in one GEMM call, a kernel of the module only (no
 * stock kernel: call it only when {@link wasmModuleReady}; `raw.matMulAddMul` falls back to three kernels).
 */
function registerMatMulKernel(): void {
  if (tf.getKernel('DfpMatMul', 'wasm')) return;
  tf.registerKernel({
    kernelName: 'DfpMatMul',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const backend = args.backend as unknown as WasmBackendLike;
      const mod = moduleFor(backend);
      const out = mod && gemmMatMul(backend, mod, args.inputs as Inputs, {});
      if (!out) throw new DfpArgumentError('DfpMatMul: needs dfp\'s wasm module and float32 inputs a [..., m, k], b [..., k, n], add and mul of the output\'s shape');
      return out;
    },
  });
}

/** Replaces wasm kernel `name` by `run` on the module, falling back to the kernel it replaces when `run` declines. */
function viaModule(name: string, run: ModuleKernel): void {
  overrideWasmKernel(name, (stock) => (args) => {
    const backend = args.backend as WasmBackendLike;
    const mod = moduleFor(backend);
    return (mod && run(backend, mod, args.inputs, args.attrs ?? {})) ?? stock.kernelFunc(args as never);
  });
}

/**
 * Installs the module's kernels on the wasm backend with the given setting (default: `DFP_WASM_GEMM` or `auto`);
 * with `off` they hand every call to the stock (or JS-loop) kernels. Call after `@tensorflow/tfjs-backend-wasm` and
 * dfp's loop kernels have been registered; `initBackend` calls it.
 * @returns the build in use, or null for the stock kernels.
 */
export function useWasmGemm(setting: string = process.env.DFP_WASM_GEMM ?? 'auto'): WasmModuleVariant | null {
  active = resolveWasmGemm(setting);
  viaModule('BatchMatMul', gemmMatMul);
  // fused products with an activation or PReLU stay with the stock kernel
  viaModule('_FusedMatMul', (backend, mod, inputs, attrs) =>
    inputs.preluActivationWeights || (attrs.activation ?? 'linear') !== 'linear' ? null : gemmMatMul(backend, mod, inputs, attrs),
  );
  viaModule('DfpGelu', wasmGelu);
  viaModule('DfpGru', wasmGru);
  viaModule('DfpGruGrad', wasmGruGrad);
  viaModule('DfpAdamW', wasmAdamW);
  viaModule('Concat', wasmConcat);
  registerMatMulKernel();
  return active;
}

/** The build of dfp's wasm module the kernels use now (null: stock kernels). */
export function activeWasmGemm(): WasmModuleVariant | null {
  return active;
}
