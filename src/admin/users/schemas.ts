import { z } from 'zod';
import { ROLES, SEARCH_KINDS } from '../../users';

export const userIdSchema = z.uuid('Unknown user');

/** The users page: one role's list, or a search when `q` is given. A bad value falls back to the list. */
export const userListQuerySchema = z.object({
  role: z.enum(ROLES).default('patient'),
  /** Opaque; the repository opens it, and refuses a bad one with 400. */
  cursor: z.string().max(2000).optional(),
});

export const SEARCH_TOO_LONG = 'Type at most 100 characters';

/** The search form: what to look for, by what, and optionally one role. */
const blankIsNone = (value: unknown) => (value === '' ? undefined : value);

export const userSearchSchema = z.object({
  q: z.string({ error: 'Type what to search for' }).trim().max(100, SEARCH_TOO_LONG),
  /** Absent: guessed from the text (an @ is an e-mail, digits a mobile number, anything else a name). */
  by: z.preprocess(blankIsNone, z.enum(SEARCH_KINDS, { error: 'Choose name, e-mail or mobile' }).optional()),
  role: z.preprocess(blankIsNone, z.enum(ROLES, { error: 'Choose a role from the list' }).optional()),
  cursor: z.string().max(2000).optional(),
});

export type UserSearchInput = z.output<typeof userSearchSchema>;
