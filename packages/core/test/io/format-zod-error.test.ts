import { z } from 'zod';
import { formatZodError } from '../../src/io/format-zod-error';

describe('formatZodError', () => {
  it('should list each issue as path: message', () => {
    const r = z.object({ a: z.object({ b: z.number() }), c: z.string() }).safeParse({ a: { b: 'x' } });
    expect(r.success).toBe(false);
    expect(formatZodError(r.error!)).toMatch(/^a\.b: .*number.*; c: .*string/);
  });

  it('should name the root when the value itself is wrong', () => {
    const r = z.number().safeParse('x');
    expect(formatZodError(r.error!)).toMatch(/^\(root\): /);
  });
});
