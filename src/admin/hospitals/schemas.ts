/** The hospital edit form: the details patients see, and the version the admin started from. */
import { z } from 'zod';
import { hospitalSchema, versionField } from '../schemas';

export const hospitalIdSchema = z.string().regex(/^[a-z0-9-]{1,100}$/);

const blankIsNone = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);
/** One ticked box arrives as a string, several as a list, none as nothing. */
const asList = (value: unknown) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]);

const wholeNumber = (what: string, min: number, max: number) =>
  z.preprocess(
    blankIsNone,
    z.coerce
      .number({ error: `Enter the ${what} as a number` })
      .int(`Enter the ${what} as a whole number`)
      .min(min, `The ${what} must be at least ${min}`)
      .max(max, `The ${what} must be at most ${max.toLocaleString('en-IN')}`)
      .optional(),
  );

export function hospitalEditSchema(defaultCountry: string) {
  return hospitalSchema(defaultCountry).extend({
    ranking: wholeNumber('ranking', 1, 10_000),
    beds: wholeNumber('number of beds', 0, 100_000),
    departments: z.preprocess(asList, z.array(z.string().regex(/^[a-z0-9-]{1,100}$/, 'Choose departments from the list')).max(100, 'Choose departments from the list')),
    version: versionField,
  });
}

export type HospitalEditInput = z.output<ReturnType<typeof hospitalEditSchema>>;
