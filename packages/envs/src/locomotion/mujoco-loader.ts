import type { MainModule, MjModel } from 'mujoco-js';
import { DfpArgumentError, EnvStateError } from '../errors';

/** The mujoco-js (MuJoCo 3.3.8 compiled to WASM) module object. */
export type MujocoModule = MainModule;

let pending: Promise<MujocoModule> | undefined;
let loaded: MujocoModule | undefined;
/** While set, MuJoCo's console output is collected here instead of printed (to turn it into error messages). */
let captured: string[] | undefined;

function printer(stream: NodeJS.WriteStream): (text: string) => void {
  return (text) => {
    if (captured) captured.push(text);
    else stream.write(`${text}\n`);
  };
}

/**
 * Loads the mujoco-js WASM module once per process (about 0.2-0.5 s) and returns it; later calls return
 * the same module. After it resolves, the synchronous `makeEnv('hopper-v4')` works.
 *
 * @remarks mujoco-js is ESM-only: this is the only place that imports it, through `import()`, which
 * TypeScript keeps under `module: node20` so the CommonJS build (and jest with
 * `--experimental-vm-modules`) can load it.
 */
export function loadMujoco(): Promise<MujocoModule> {
  pending ??= import('mujoco-js')
    .then((m) => m.default({ print: printer(process.stdout), printErr: printer(process.stderr) }))
    .then((mj) => {
      mj.FS.mkdirTree(MODEL_DIR, 0o777);
      loaded = mj;
      return mj;
    })
    .catch((e: unknown) => {
      pending = undefined; // allow a retry after e.g. a missing --experimental-vm-modules flag is fixed
      throw e;
    });
  return pending;
}

/** True once {@link loadMujoco} has resolved. */
export function isMujocoLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * The loaded module, synchronously.
 * @throws EnvStateError naming `what` and saying what to await when {@link loadMujoco} has not resolved yet.
 */
export function getMujoco(what: string): MujocoModule {
  if (!loaded) {
    throw new EnvStateError(
      `${what}: the MuJoCo WASM module is not loaded yet; run \`await loadMujoco()\` (from @dfp/envs) once before ` +
        `makeEnv, or build the env with \`await makeLocomotionEnv(id, options)\``,
    );
  }
  return loaded;
}

/** Folder of the Emscripten in-memory file system where MJCF strings are written before loading. */
const MODEL_DIR = '/dfp-models';

/**
 * Compiles an MJCF string into an `MjModel` (written to MEMFS first: mujoco-js 0.0.7 has no
 * compile-from-string entry point). The caller owns the model and must `delete()` it.
 * @throws DfpArgumentError naming `name` with MuJoCo's message when the MJCF does not compile.
 */
export function loadModelFromXml(mj: MujocoModule, name: string, xml: string): MjModel {
  const file = `${MODEL_DIR}/${name.replace(/[^\w.-]/g, '_')}.xml`;
  mj.FS.writeFile(file, xml);
  captured = [];
  let model: MjModel | null = null;
  let why = '';
  try {
    // On a bad MJCF, loadFromXML prints the reason and returns null.
    model = mj.MjModel.loadFromXML(file);
  } catch (e) {
    why = (e as Error)?.message ?? String(e);
  } finally {
    why = [...captured, why].join(' ').replace(/\s+/g, ' ').trim();
    captured = undefined;
    mj.FS.unlink(file);
  }
  if (!model) throw new DfpArgumentError(`${name}: MuJoCo cannot compile the MJCF model (${why || 'no reason given'})`);
  return model;
}
