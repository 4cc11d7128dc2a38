/** The forms of two-step sign-in. */
import { z } from 'zod';

/** An authenticator code (6 digits) or a recovery code (xxxxx-xxxxx); the service tells which. */
export const codeSchema = z.object({
  code: z
    .string({ error: 'Type the code from your authenticator app' })
    .trim()
    .min(1, 'Type the code from your authenticator app')
    .max(20, 'That is not a code: authenticator codes have 6 digits, recovery codes look like abcde-23456')
    .regex(/^[A-Za-z0-9 -]+$/, 'That is not a code: authenticator codes have 6 digits, recovery codes look like abcde-23456'),
});

/** `back` is where the admin returns to after a reset: only a page of the admin's user screens. */
export const resetSchema = z.object({
  back: z
    .string()
    .optional()
    .transform((value) => (value && /^\/admin\/users(\/[0-9a-f-]{36})?(\?[\w=&%.+-]*)?$/.test(value) ? value : undefined)),
});
