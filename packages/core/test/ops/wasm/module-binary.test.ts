import { WASM_MODULE_BASE64 } from '../../../src/ops/wasm/module-binary';
import { WASM_MODULE_VARIANTS, wasmModuleWat } from '../../../src/ops/wasm/module-wat';

describe("shipped binaries of dfp's wasm module", () => {
  it('should be exactly what wabt compiles from wasmModuleWat (regenerate: node packages/core/scripts/gen-wasm-binary.cjs)', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const wabt = await (require('wabt') as () => Promise<{ parseWat(name: string, text: string, features: object): { toBinary(o: object): { buffer: Uint8Array }; destroy(): void } }>)();
    for (const [name, options] of Object.entries(WASM_MODULE_VARIANTS)) {
      const module = wabt.parseWat(`dfp-${name}.wat`, wasmModuleWat(options), { simd: true, relaxed_simd: true });
      const { buffer } = module.toBinary({});
      module.destroy();
      expect(Buffer.from(buffer).toString('base64')).toBe(WASM_MODULE_BASE64[name as keyof typeof WASM_MODULE_BASE64]);
    }
  });

  it('should generate only the fused multiply-add instruction the fma build asks for', () => {
    expect(wasmModuleWat(WASM_MODULE_VARIANTS.fma)).toContain('f32x4.relaxed_madd');
    expect(wasmModuleWat(WASM_MODULE_VARIANTS.simd)).not.toContain('relaxed');
  });
});
