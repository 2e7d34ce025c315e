import { DfpArgumentError, envSpec, hasReferenceScores, listEnvs, makeEnv, normalizedScore, registerEnv } from '@dfp/envs';
import { assertThrowsWith } from '../../../test/helpers/assertions';
import { ToyEnv } from './helpers/toy-envs';

describe('registerEnv / makeEnv', () => {
  beforeAll(() => {
    registerEnv('test-line-v0', (o) => new ToyEnv(5, o.seed), { referenceScores: { min: -5, max: 0 }, description: 'a line' });
  });

  it('should build registered envs, passing options to the factory', () => {
    const env = makeEnv('test-line-v0', { seed: 3 });
    expect(env).toBeInstanceOf(ToyEnv);
    expect(env.reset().observation[0]).toBe(makeEnv('test-line-v0', { seed: 3 }).reset().observation[0]);
  });

  it('should list the built-in Maze2D ids and user ids, sorted', () => {
    const ids = listEnvs();
    expect(ids).toEqual([...ids].sort());
    expect(ids).toEqual(expect.arrayContaining(['maze2d-umaze-v1', 'maze2d-large-dense-v1', 'test-line-v0']));
    expect(envSpec('test-line-v0').description).toBe('a line');
  });

  it('should throw for unknown ids, listing the known ids', () => {
    assertThrowsWith(() => makeEnv('maze2d-huge-v1'), DfpArgumentError, /unknown env id "maze2d-huge-v1"/, /maze2d-umaze-v1/, /test-line-v0/);
  });

  it('should refuse to overwrite an id unless asked', () => {
    assertThrowsWith(() => registerEnv('test-line-v0', () => new ToyEnv()), DfpArgumentError, /already registered/);
    registerEnv('test-line-v0', (o) => new ToyEnv(5, o.seed), { override: true, referenceScores: { min: -5, max: 0 } });
    expect(makeEnv('test-line-v0')).toBeInstanceOf(ToyEnv);
  });

  it.each([
    ['an empty id', () => registerEnv('', () => new ToyEnv())],
    ['a non-function factory', () => registerEnv('x-v0', 3 as never)],
    ['reference max <= min', () => registerEnv('y-v0', () => new ToyEnv(), { referenceScores: { min: 1, max: 1 } })],
  ])('should reject %s', (_, call) => {
    assertThrowsWith(call, DfpArgumentError, /registerEnv/);
  });
});

describe('normalizedScore', () => {
  it('should map REF_MIN to 0 and REF_MAX to 100, linearly', () => {
    expect(normalizedScore('test-line-v0', -5)).toBe(0);
    expect(normalizedScore('test-line-v0', 0)).toBe(100);
    expect(normalizedScore('test-line-v0', -2.5)).toBe(50);
  });

  it('should reject non-finite returns and envs without reference scores', () => {
    assertThrowsWith(() => normalizedScore('test-line-v0', Number.NaN), DfpArgumentError, /episodeReturn/);
    registerEnv('test-noref-v0', () => new ToyEnv());
    expect(hasReferenceScores('test-noref-v0')).toBe(false);
    assertThrowsWith(() => normalizedScore('test-noref-v0', 1), DfpArgumentError, /no reference scores/);
  });
});
