import type { z } from 'zod';

/** One line per zod issue: `path.to.field: message`. */
export function formatZodError(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
