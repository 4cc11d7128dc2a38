/**
 * The patient's profile form. Health details are typed one item a line in a textarea; the
 * emergency contact is all or nothing. The form carries the account version it was drawn from,
 * so a save over a change made since (in another tab, by the hospital) is refused, not merged.
 */
import { z } from 'zod';
import { dateOfBirthField, nameField, optionalBloodGroup, phoneField } from '../auth';
import { GENDERS, type UserChanges } from '../users';

export const MULTILINE_FIELDS = ['address', 'allergies', 'conditions', 'medicines'] as const;
export const MAX_LIST_ITEMS = 20;
export const MAX_ITEM_LENGTH = 120;

const optionalText = (max: number, message: string) => z.string({ error: message }).max(max, message).optional().transform((v) => (v ? v : undefined));

/** One item a line, blank lines dropped. */
const listField = (what: string) =>
  z
    .string({ error: `List ${what} one a line` })
    .max(MAX_LIST_ITEMS * (MAX_ITEM_LENGTH + 1), `Keep ${what} shorter`)
    .optional()
    .transform((v) => (v ?? '').split('\n').map((line) => line.trim()).filter(Boolean))
    .pipe(
      z
        .array(z.string().max(MAX_ITEM_LENGTH, `Keep each line of ${what} under ${MAX_ITEM_LENGTH} characters`))
        .max(MAX_LIST_ITEMS, `List at most ${MAX_LIST_ITEMS} ${what}, one a line`),
    );

/** An empty box is a field left out, not a wrong value. */
const blankAsMissing = <T extends z.ZodType>(field: T) => z.preprocess((v) => (v === '' ? undefined : v), field.optional());

const profileFields = (defaultCountry: string) =>
  z.object({
    version: z.string({ error: 'Reload the page and try again' }).regex(/^\d{1,9}$/, 'Reload the page and try again').transform(Number),
    firstName: nameField('first name'),
    lastName: nameField('last name'),
    dateOfBirth: dateOfBirthField,
    gender: z.enum(GENDERS, 'Choose an option'),
    bloodGroup: optionalBloodGroup,
    address: optionalText(300, 'Keep the address under 300 characters'),
    allergies: listField('allergies'),
    conditions: listField('conditions'),
    medicines: listField('medicines'),
    emergencyName: blankAsMissing(nameField("contact's name")),
    emergencyRelationship: optionalText(40, 'Keep the relationship under 40 characters'),
    emergencyPhone: blankAsMissing(phoneField(defaultCountry)),
  });

type ProfileFields = z.output<ReturnType<typeof profileFields>>;

export function profileSchema(defaultCountry: string) {
  return profileFields(defaultCountry)
    .superRefine((v, ctx) => {
      const given = [v.emergencyName, v.emergencyRelationship, v.emergencyPhone].filter(Boolean).length;
      if (given === 0 || given === 3) return;
      const missing = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
      if (!v.emergencyName) missing('emergencyName', 'Enter the name of your emergency contact');
      if (!v.emergencyRelationship) missing('emergencyRelationship', 'Say how they are related to you, like "wife" or "friend"');
      if (!v.emergencyPhone) missing('emergencyPhone', 'Enter their phone number');
    })
    .transform(({ version, ...v }) => ({ version, changes: toChanges(v) }));
}

function toChanges(v: Omit<ProfileFields, 'version'>): UserChanges {
  const health = { allergies: v.allergies, conditions: v.conditions, medicines: v.medicines };
  const contact = v.emergencyName && v.emergencyRelationship && v.emergencyPhone;
  return {
    firstName: v.firstName,
    lastName: v.lastName,
    dateOfBirth: v.dateOfBirth,
    gender: v.gender,
    bloodGroup: v.bloodGroup,
    address: v.address,
    health: Object.values(health).some((list) => list.length) ? health : undefined,
    emergencyContact: contact ? { name: v.emergencyName!, relationship: v.emergencyRelationship!, phone: v.emergencyPhone! } : undefined,
  };
}

export type ProfileInput = z.output<ReturnType<typeof profileSchema>>;
