import * as tf from '@tensorflow/tfjs';
// The one place that imports a backend package (it registers 'wasm'); tfjs-node is required lazily below.
import '@tensorflow/tfjs-backend-wasm';
import { BackendUnavailableError, DfpArgumentError, describeValue } from './errors';
import { registerAdamWKernel } from './ops/adamw-kernel';
import { registerFusedKernels } from './ops/fused-kernels';
import { useWasmGemm } from './ops/wasm/wasm-kernels';
import { registerFastWasmSlicing } from './ops/wasm-slice-kernels';

registerFastWasmSlicing(); // heap-view Slice / SplitV / Unpack for wasm (see the file for why)
registerFusedKernels(); // DfpGelu, DfpGru, DfpGruGrad on wasm and cpu (the hand-written RNN pass)
registerAdamWKernel(); // DfpAdamW on wasm and cpu

/** Backends dfp can run on. `tensorflow` is the libtensorflow binding of tfjs-node / tfjs-node-gpu. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
/** What {@link initBackend} accepts: a backend, or `auto` to pick the fastest one installed. */
export type BackendRequest = BackendName | 'auto';

const REQUESTS: readonly BackendRequest[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
/** npm packages providing the `tensorflow` backend, GPU build first. */
const TFJS_NODE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

const INSTALL_TENSORFLOW =
  'install it with `npm install @tensorflow/tfjs-node@4.22.0` (CPU) or `npm install @tensorflow/tfjs-node-gpu@4.22.0` ' +
  '(CUDA); their install script downloads libtensorflow from storage.googleapis.com (set TFJS_NODE_CDN_STORAGE to use a mirror)';

/**
 * Pure choice of the backend to start.
 * @param requested - the argument of {@link initBackend}, or the `DFP_BACKEND` value, which wins when set.
 * @param tensorflowInstalled - whether tfjs-node(-gpu) can be required.
 * @returns the candidates to try, in order (`auto`: tensorflow when installed, then wasm, then cpu).
 * @throws DfpArgumentError for an unknown name.
 */
export function backendCandidates(requested: string, tensorflowInstalled: boolean): BackendName[] {
  if (!(REQUESTS as readonly string[]).includes(requested)) {
    throw new DfpArgumentError(`initBackend: unknown backend ${describeValue(requested)}; expected one of ${REQUESTS.join(', ')} (argument or DFP_BACKEND)`);
  }
  if (requested !== 'auto') return [requested as BackendName];
  return tensorflowInstalled ? ['tensorflow', 'wasm', 'cpu'] : ['wasm', 'cpu'];
}

/** Requires the first installed tfjs-node package; returns its name, or the errors met. */
function requireTfjsNode(): { loaded?: string; errors: string[] } {
  const errors: string[] = [];
  for (const pkg of TFJS_NODE_PACKAGES) {
    try {
      require(pkg); // registers the 'tensorflow' backend as a side effect
      return { loaded: pkg, errors };
    } catch (e) {
      errors.push(`${pkg}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  return { errors };
}

function tensorflowResolvable(): boolean {
  return TFJS_NODE_PACKAGES.some((pkg) => {
    try {
      require.resolve(pkg);
      return true;
    } catch {
      return false;
    }
  });
}

async function start(name: BackendName): Promise<void> {
  if (name === 'tensorflow') {
    const { loaded, errors } = requireTfjsNode();
    if (!loaded) {
      throw new BackendUnavailableError(`backend 'tensorflow' is not available (${errors.join('; ')}); ${INSTALL_TENSORFLOW}`);
    }
  }
  let ok = false;
  let cause = '';
  try {
    ok = await tf.setBackend(name);
    await tf.ready();
  } catch (e) {
    cause = (e as Error).message;
  }
  if (ok && name === 'cpu') {
    // tfjs-backend-cpu prints a "install tfjs-node" banner on first use; dfp's own messages cover that.
    const cpu = tf.backend() as { firstUse?: boolean };
    if (cpu.firstUse !== undefined) cpu.firstUse = false;
  }
  if (!ok || tf.getBackend() !== name) {
    const fix =
      name === 'wasm'
        ? 'reinstall @tensorflow/tfjs-backend-wasm@4.22.0 (its .wasm files must sit next to dist/tf-backend-wasm.node.js) or use DFP_BACKEND=cpu'
        : name === 'tensorflow'
          ? INSTALL_TENSORFLOW
          : 'reinstall @tensorflow/tfjs@4.22.0';
    throw new BackendUnavailableError(`backend '${name}' failed to initialise${cause ? ` (${cause})` : ''}; ${fix}`);
  }
}

/**
 * Starts a tfjs backend and returns the one chosen.
 *
 * `auto` picks `tensorflow` when `@tensorflow/tfjs-node-gpu` or `@tensorflow/tfjs-node` is installed, else
 * `wasm` (SIMD, single-threaded under Node), else `cpu`. The `DFP_BACKEND` environment variable
 * overrides the argument. Call it (and await it) before the first tensor op. On wasm, matrix products and the RNN's
 * GELU run on dfp's own wasm module (`ops/wasm/`); `DFP_WASM_GEMM` = `auto` (default) | `fma` | `simd` | `off` picks
 * its build (see the core README).
 * @param name - backend to start. @defaultValue `'auto'`
 * @param env - environment to read `DFP_BACKEND` and `DFP_WASM_GEMM` from. @defaultValue `process.env`
 * @throws BackendUnavailableError when an explicitly requested backend cannot start (says why and how to install it).
 * @throws DfpArgumentError for an unknown backend name or `DFP_WASM_GEMM` value.
 */
export async function initBackend(name: BackendRequest = 'auto', env: NodeJS.ProcessEnv = process.env): Promise<BackendName> {
  const override = env.DFP_BACKEND?.trim();
  const requested = override ? override : name;
  const candidates = backendCandidates(requested, requested === 'auto' && tensorflowResolvable());
  useWasmGemm(env.DFP_WASM_GEMM?.trim() || 'auto');
  const errors: string[] = [];
  for (const candidate of candidates) {
    if (tf.getBackend() === candidate && tf.findBackend(candidate)) return candidate;
    try {
      await start(candidate);
      return candidate;
    } catch (e) {
      if (candidates.length === 1) throw e;
      errors.push((e as Error).message);
    }
  }
  throw new BackendUnavailableError(`initBackend('auto'): no backend could start: ${errors.join(' | ')}`);
}
