import { GEMM_BINARY_BASE64 } from '../../../src/ops/gemm/gemm-binary';
import { GEMM_VARIANTS } from '../../../src/ops/gemm/gemm-variants';
import { gemmWat } from '../../../src/ops/gemm/gemm-wat';

describe('shipped GEMM binaries', () => {
  it('should be exactly what wabt compiles from gemmWat (regenerate: node packages/core/scripts/gen-gemm-binary.cjs)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wabt = await (require('wabt') as () => Promise<{ parseWat(name: string, text: string, features: object): { toBinary(o: object): { buffer: Uint8Array }; destroy(): void } }>)();
    for (const [name, options] of Object.entries(GEMM_VARIANTS)) {
      const module = wabt.parseWat(`gemm-${name}.wat`, gemmWat(options), { simd: true, relaxed_simd: true });
      const { buffer } = module.toBinary({});
      module.destroy();
      expect(Buffer.from(buffer).toString('base64')).toBe(GEMM_BINARY_BASE64[name as keyof typeof GEMM_BINARY_BASE64]);
    }
  });

  it('should generate only the fused multiply-add instruction the fma build asks for', () => {
    expect(gemmWat(GEMM_VARIANTS.fma)).toContain('f32x4.relaxed_madd');
    expect(gemmWat(GEMM_VARIANTS.simd)).not.toContain('relaxed');
  });
});
