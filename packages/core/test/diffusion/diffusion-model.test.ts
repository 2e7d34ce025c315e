import { DfpArgumentError, DiffusionModel, Normalizer, initBackend, tf, x0FromEps } from '@dfp/core';
import { TINY_LAYOUT, TINY_RNN, TINY_TRANSFORMER, tinyModel } from '../helpers/tiny';

beforeAll(() => initBackend('wasm'));

describe('DiffusionModel', () => {
  it('should implement the planner-facing spec (layout, K, ᾱ, objective, normalizer)', () => {
    const m = tinyModel(TINY_RNN);
    expect(m.layout).toEqual(TINY_LAYOUT);
    expect(m.K).toBe(100);
    expect(m.alphaBar).toBe(m.schedule.alphaBar);
    expect(m.objective).toBe('x0');
    expect(m.tokenDim).toBe(6);
    expect(m.backbone.kind).toBe('rnn');
    m.dispose();
  });

  it('should reject an invalid config or a normalizer of the wrong size, naming the field', () => {
    const norm = new Normalizer([0, 0, 0], [1, 1, 1]);
    expect(() => DiffusionModel.create({ layout: TINY_LAYOUT, backbone: { ...TINY_RNN, hidden: 0 } }, norm)).toThrow(/backbone/);
    expect(() => DiffusionModel.create({ layout: TINY_LAYOUT, backbone: TINY_RNN, objective: 'score' }, norm)).toThrow(/objective/);
    expect(() => DiffusionModel.create({ layout: TINY_LAYOUT, backbone: TINY_RNN }, new Normalizer([0], [1]))).toThrow(/has 1 dims but the layout's frame has 3/);
    expect(() => DiffusionModel.create({ layout: { ...TINY_LAYOUT, obsDim: 0 }, backbone: TINY_RNN }, norm)).toThrow(DfpArgumentError);
  });

  it('should convert network outputs to x0 and ε per token level', () => {
    const m = tinyModel(TINY_TRANSFORMER, undefined, 0, { objective: 'eps' });
    const [x0, eps] = tf.tidy(() => {
      const xk = tf.tensor3d([[[1, 2, 3, 4, 5, 6]]]);
      const out = tf.tensor3d([[[0.5, 0.5, 0.5, 0.5, 0.5, 0.5]]]);
      const k = tf.tensor2d([[42]], [1, 1], 'int32');
      const x0 = m.outputToX0(out, xk, k);
      return [x0, m.x0ToEps(x0, xk, k)];
    });
    const ab = m.alphaBar[42];
    expect(x0.dataSync()[1]).toBeCloseTo(x0FromEps(2, 0.5, ab), 4);
    for (const v of eps.dataSync()) expect(v).toBeCloseTo(0.5, 4);
    tf.dispose([x0, eps]);
    m.dispose();
  });

  it('should reject weights of the wrong shape or missing ones, naming them', () => {
    const m = tinyModel(TINY_RNN);
    const w = m.getWeights();
    expect(() => m.setWeights({ ...w, 'head/w': { data: new Float32Array(3), shape: [3] } })).toThrow(/'head\/w' has shape \[3\] but the model config expects \[8, 6\]/);
    const { ['head/b']: _dropped, ...rest } = w;
    expect(() => m.setWeights(rest)).toThrow(/'head\/b' is missing/);
    m.dispose();
  });
});
