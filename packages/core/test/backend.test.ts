import { BackendUnavailableError, DfpArgumentError, backendCandidates, initBackend, tf } from '@dfp/core';

describe('backendCandidates', () => {
  it('should prefer tensorflow, then wasm, then cpu for auto', () => {
    expect(backendCandidates('auto', true)).toEqual(['tensorflow', 'wasm', 'cpu']);
    expect(backendCandidates('auto', false)).toEqual(['wasm', 'cpu']);
  });

  it('should try only the backend explicitly requested', () => {
    expect(backendCandidates('cpu', true)).toEqual(['cpu']);
    expect(backendCandidates('tensorflow', false)).toEqual(['tensorflow']);
  });

  it('should reject an unknown name and list the known ones', () => {
    expect(() => backendCandidates('gpu', false)).toThrow(DfpArgumentError);
    expect(() => backendCandidates('gpu', false)).toThrow(/expected one of auto, tensorflow, wasm, cpu/);
  });
});

describe('initBackend', () => {
  it('should pick wasm for auto when tfjs-node is not installed', async () => {
    await expect(initBackend('auto', {})).resolves.toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should let DFP_BACKEND override the argument', async () => {
    await expect(initBackend('wasm', { DFP_BACKEND: 'cpu' })).resolves.toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    await expect(initBackend('cpu', { DFP_BACKEND: 'wasm' })).resolves.toBe('wasm');
  });

  it('should explain how to install tfjs-node when tensorflow is requested but missing', async () => {
    const p = initBackend('tensorflow', {});
    await expect(p).rejects.toThrow(BackendUnavailableError);
    await expect(initBackend('tensorflow', {})).rejects.toThrow(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
    expect(tf.getBackend()).toBe('wasm');
  });

  it('should reject an unknown DFP_BACKEND value', async () => {
    await expect(initBackend('auto', { DFP_BACKEND: 'webgpu' })).rejects.toThrow(/unknown backend "webgpu"/);
  });
});
