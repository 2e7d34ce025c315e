import type { Rng } from '@dfp/envs';
import type { TokenLayout } from '../api';
import { DfpArgumentError, describeValue } from '../errors';
import type { Normalizer } from './normalizer';
import { checkTokenLayout, frameDim, tokenDim } from './token-layout';
import type { TrajectoryDataset } from './trajectory-dataset';

/** A batch of training windows in plain typed arrays (normalized, row-major). */
export interface WindowBatch {
  readonly batchSize: number;
  readonly tokens: number;
  readonly tokenDim: number;
  readonly obsDim: number;
  /** `[B, obsDim]`: o_s, the observation that starts each window (conditions z_0). */
  readonly obs0: Float32Array;
  /** `[B, T, tokenDim]`: clean tokens x_0; frames past the data or episode end are 0. */
  readonly x0: Float32Array;
  /** `[B, T, tokenDim]`: 1 for elements of valid frames, 0 for padding (the loss mask, DF §1.2). */
  readonly mask: Float32Array;
  /** `[B]`: dataset row of each window's first observation. */
  readonly starts: Int32Array;
}

/** Options of {@link WindowSampler}. */
export interface WindowOptions {
  /** Tokens per window T; a window covers T·frameStack frames. */
  readonly tokens: number;
  /**
   * Keep windows inside one episode (using `episodeEnds`): a window starts where it fits in its episode, or at
   * the start of an episode shorter than the window, whose tail is then padded and masked. @defaultValue false
   * (the DF code slides windows over the flat dataset and ignores boundaries).
   */
  readonly respectEpisodes?: boolean;
}

/**
 * Samples training windows from a {@link TrajectoryDataset}. Frame j of a window starting at row s is
 * `[o_{s+j+1}, a_{s+j}, r_{s+j}]`; the window's o_s is not a token but conditions the initial latent
 * (DF `_preprocess_batch`). Frames are normalized once up front, so a batch is a few `TypedArray.set` copies.
 * Frames past the end of the data (or of the episode) are zero padding with mask 0, as the last frame of
 * every DF training window is.
 */
export class WindowSampler {
  readonly layout: TokenLayout;
  readonly tokens: number;
  /** Frames per window, T·frameStack. */
  readonly windowFrames: number;
  private readonly fd: number;
  private readonly dataLength: number;
  /** `[N, frameDim]`: normalized frame i = [o_{i+1}, a_i, r_i] (row N-1 unused). */
  private readonly frames: Float32Array;
  /** `[N, obsDim]`: normalized observations. */
  private readonly obs: Float32Array;
  /** Number of valid frames in the run starting at row i (until data or episode end). */
  private readonly runLength: Int32Array;
  /** Allowed start rows when respecting episodes; otherwise all rows in [0, maxStart]. */
  private readonly startList?: Int32Array;
  private readonly maxStart: number;

  constructor(dataset: TrajectoryDataset, layout: TokenLayout, normalizer: Normalizer, options: WindowOptions) {
    this.layout = checkTokenLayout(layout, 'WindowSampler: layout');
    normalizer.checkLayout(this.layout);
    if (!Number.isInteger(options.tokens) || options.tokens < 1) throw new DfpArgumentError(`WindowSampler: tokens must be a positive integer, received ${describeValue(options.tokens)}`);
    if (dataset.obsDim !== layout.obsDim || dataset.actDim !== layout.actDim) {
      throw new DfpArgumentError(`WindowSampler: dataset has obsDim ${dataset.obsDim}, actDim ${dataset.actDim} but the layout expects ${layout.obsDim}, ${layout.actDim}`);
    }
    if (layout.rewardDim === 1 && !dataset.rewards) throw new DfpArgumentError('WindowSampler: layout has rewardDim 1 but the dataset has no rewards');
    this.tokens = options.tokens;
    this.windowFrames = options.tokens * layout.frameStack;
    const N = dataset.length;
    const { obsDim, actDim } = layout;
    const fd = (this.fd = frameDim(layout));
    this.dataLength = N;
    this.obs = normalizer.observationPart(obsDim).normalize(dataset.observations);
    const raw = new Float32Array(N * fd);
    for (let i = 0; i + 1 < N; i++) {
      raw.set(dataset.observations.subarray((i + 1) * obsDim, (i + 2) * obsDim), i * fd);
      raw.set(dataset.actions.subarray(i * actDim, (i + 1) * actDim), i * fd + obsDim);
      if (layout.rewardDim === 1) raw[i * fd + obsDim + actDim] = dataset.rewards![i];
    }
    this.frames = normalizer.normalize(raw, raw);
    // runLength[i]: valid frames from row i on. Frame i needs o_{i+1}: invalid at the last row and, when
    // respecting episodes, at an episode's last row (o_{i+1} belongs to the next episode).
    const ends = options.respectEpisodes ? dataset.episodeEnds : undefined;
    this.runLength = new Int32Array(N);
    for (let i = N - 2; i >= 0; i--) this.runLength[i] = ends && ends[i] ? 0 : this.runLength[i + 1] + 1;
    const L = this.windowFrames;
    if (options.respectEpisodes) {
      const starts: number[] = [];
      for (let i = 0; i < N - 1; i++) {
        const episodeStart = i === 0 || this.runLength[i - 1] === 0;
        if (this.runLength[i] >= L || (episodeStart && this.runLength[i] > 0)) starts.push(i);
      }
      if (starts.length === 0) throw new DfpArgumentError('WindowSampler: the dataset has no episode with at least 2 steps');
      this.startList = Int32Array.from(starts);
      this.maxStart = starts.length - 1;
    } else {
      this.maxStart = Math.max(0, N - 1 - L); // every start whose window fits; shorter data is padded
    }
  }

  /** Number of distinct windows. */
  get numWindows(): number {
    return this.maxStart + 1;
  }

  /** Copies the window starting at dataset row `start` into slot `b` of `batch`. */
  fillWindow(batch: WindowBatch, b: number, start: number): void {
    if (!Number.isInteger(start) || start < 0 || start >= this.dataLength - 1) {
      throw new DfpArgumentError(`WindowSampler.fillWindow: start must be an integer in [0, ${this.dataLength - 2}], received ${describeValue(start)}`);
    }
    const { fd, windowFrames: L } = this;
    const obsDim = this.layout.obsDim;
    const valid = Math.min(L, this.runLength[start]);
    const base = b * L * fd;
    batch.obs0.set(this.obs.subarray(start * obsDim, (start + 1) * obsDim), b * obsDim);
    batch.x0.set(this.frames.subarray(start * fd, (start + valid) * fd), base);
    batch.x0.fill(0, base + valid * fd, base + L * fd);
    batch.mask.fill(1, base, base + valid * fd);
    batch.mask.fill(0, base + valid * fd, base + L * fd);
    batch.starts[b] = start;
  }

  /** An empty batch of `batchSize` windows. */
  allocate(batchSize: number): WindowBatch {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new DfpArgumentError(`WindowSampler: batchSize must be a positive integer, received ${describeValue(batchSize)}`);
    const n = batchSize * this.windowFrames * this.fd;
    return {
      batchSize,
      tokens: this.tokens,
      tokenDim: tokenDim(this.layout),
      obsDim: this.layout.obsDim,
      obs0: new Float32Array(batchSize * this.layout.obsDim),
      x0: new Float32Array(n),
      mask: new Float32Array(n),
      starts: new Int32Array(batchSize),
    };
  }

  /** Draws `batchSize` window starts uniformly (with replacement) from `rng` and fills a batch. */
  sample(rng: Rng, batchSize: number, out: WindowBatch = this.allocate(batchSize)): WindowBatch {
    if (out.batchSize !== batchSize) throw new DfpArgumentError(`WindowSampler.sample: out holds ${out.batchSize} windows, expected ${batchSize}`);
    for (let b = 0; b < batchSize; b++) {
      const i = rng.int(0, this.maxStart);
      this.fillWindow(out, b, this.startList ? this.startList[i] : i);
    }
    return out;
  }
}
