import * as tf from '@tensorflow/tfjs';
import type { Rng } from '@dfp/envs';
import { DfpArgumentError } from '../errors';

let nextScope = 0;

/** A variable-name prefix not used by any registered tfjs variable (also across copies of this module). */
function uniqueScope(): string {
  const taken = Object.keys(tf.engine().registeredVariables);
  for (;;) {
    const scope = `dfp${nextScope++}`;
    if (!taken.some((name) => name.startsWith(`${scope}/`))) return scope;
  }
}

/** An affine layer's parameters: `w [in, out]`, `b [out]` (`y = x·w + b`; PyTorch stores `w` transposed). */
export interface LinearParams {
  readonly w: tf.Variable<tf.Rank.R2>;
  readonly b?: tf.Variable<tf.Rank.R1>;
}

/**
 * The trainable variables of one model under stable names (`rnn/before/0/fc1/w`, ...), initialised from a
 * seeded {@link Rng}, so the same seed gives the same weights on every backend. tfjs requires globally unique
 * variable names, so each store prefixes its own scope (`dfp3/`); checkpoints use the stable names.
 */
export class ParamStore {
  private readonly vars = new Map<string, tf.Variable>();
  private readonly scope = uniqueScope();

  constructor(private readonly rng: Rng) {}

  private add<R extends tf.Rank>(name: string, shape: number[], values: Float32Array): tf.Variable<R> {
    if (this.vars.has(name)) throw new DfpArgumentError(`ParamStore: duplicate parameter name '${name}'`);
    const v = tf.tidy(() => tf.variable(tf.tensor(values, shape), true, `${this.scope}/${name}`)) as unknown as tf.Variable<R>;
    this.vars.set(name, v);
    return v;
  }

  /** A variable with entries U(-bound, bound). */
  uniform<R extends tf.Rank>(name: string, shape: number[], bound: number): tf.Variable<R> {
    const values = this.rng.fillUniform(new Float32Array(shape.reduce((a, b) => a * b, 1)), -bound, bound);
    return this.add<R>(name, shape, values);
  }

  /** A variable filled with `value`. */
  constant<R extends tf.Rank>(name: string, shape: number[], value: number): tf.Variable<R> {
    return this.add<R>(name, shape, new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(value));
  }

  /**
   * An affine layer with PyTorch's default `nn.Linear` init, U(±1/√fanIn) for weight and bias.
   * @param fanIn - fan-in used for the bound, when the layer is a row block of a larger one. @defaultValue inDim
   */
  linear(name: string, inDim: number, outDim: number, options: { bias?: boolean; fanIn?: number } = {}): LinearParams {
    const bound = 1 / Math.sqrt(options.fanIn ?? inDim);
    const w = this.uniform<tf.Rank.R2>(`${name}/w`, [inDim, outDim], bound);
    const b = options.bias === false ? undefined : this.uniform<tf.Rank.R1>(`${name}/b`, [outDim], bound);
    return { w, b };
  }

  /** All variables in creation order (stable). */
  get variables(): tf.Variable[] {
    return [...this.vars.values()];
  }

  /** Stable names, in the order of {@link ParamStore.variables}. */
  get names(): string[] {
    return [...this.vars.keys()];
  }

  /** The variable named `name`. @throws DfpArgumentError for an unknown name. */
  get(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new DfpArgumentError(`ParamStore: unknown parameter '${name}'`);
    return v;
  }

  /** Number of trainable numbers. */
  get size(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}
