import { z } from 'zod';

const LANGUAGE = /^\p{L}[\p{L} '.-]{0,29}$/u;

/** "English, Hindi,  marathi" -> ["English", "Hindi", "marathi"]: split on commas, blanks and repeats dropped. */
function languageList(text: string): string[] {
  const seen = new Set<string>();
  return text
    .split(/[,;\n]/)
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .filter((part) => part && !seen.has(part.toLowerCase()) && seen.add(part.toLowerCase()));
}

export const profileSchema = z.object({
  bio: z.string().trim().max(1000, 'Keep your introduction under 1000 characters').default(''),
  qualifications: z
    .string({ error: 'Enter your qualifications' })
    .trim()
    .min(2, 'Enter your qualifications, like MBBS, MD (Cardiology)')
    .max(200, 'Keep your qualifications under 200 characters'),
  languages: z
    .string()
    .trim()
    .max(300, 'Keep the list of languages under 300 characters')
    .default('')
    .transform(languageList)
    .pipe(
      z
        .array(z.string().regex(LANGUAGE, 'Write the languages you speak as words separated by commas, like English, Hindi'))
        .max(10, 'List at most 10 languages'),
    ),
});

export type ProfileInput = z.output<typeof profileSchema>;

export const doctorIdSchema = z.uuid();
