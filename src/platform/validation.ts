/**
 * Every form is read here: its text normalised (NFC, trimmed), control and bidi characters refused,
 * then the zod schema applied; field messages keyed by input name.
 */
import type { z } from 'zod';

export type FieldErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

export interface FormOptions {
  /** Fields typed in a <textarea>: only they may hold tabs and line breaks. */
  multiline?: readonly string[];
}

export const INVISIBLE_CHARACTERS = 'Remove invisible or control characters';

/**
 * C0 and C1 controls and DEL (Cc), and the bidi controls (Bidi_Control: ALM, LRM, RLM, the
 * embeddings, overrides and isolates) that make text read differently from how it is stored.
 */
const CONTROL = /[\p{Cc}\p{Bidi_Control}]/u;
const LINE_SPACING = /[\t\n\r]/g;

/** A password is compared with what was hashed, byte for byte: never trimmed or normalised. */
const isSecret = (field: string) => /password/i.test(field);

/** NFC and trimmed; a textarea's CRLF becomes LF, so lengths count a line break once, as browsers do. */
export function normaliseText(value: string, multiline = false): string {
  const text = value.normalize('NFC').trim();
  return multiline ? text.replace(/\r\n?/g, '\n') : text;
}

/** Whether the text holds a character no form field should (tab and line breaks allowed in a textarea). */
export function hasControlCharacters(value: string, multiline = false): boolean {
  return CONTROL.test(multiline ? value.replace(LINE_SPACING, '') : value);
}

/**
 * The input's text fields normalised, and a message for each field holding control characters.
 * Secrets keep their exact value, but a NUL is refused there too (no keyboard types one).
 */
export function readForm(input: unknown, options: FormOptions = {}): { values: Record<string, unknown>; errors: FieldErrors } {
  if (input === null || typeof input !== 'object') return { values: {}, errors: {} };
  const multiline = new Set(options.multiline);
  const refused: [string, string][] = [];
  // Object.fromEntries, not assignment: a field named __proto__ stays a field.
  const values = Object.fromEntries(
    Object.entries(input).map(([field, value]) => {
      const read = (text: string) => {
        const bad = isSecret(field) ? text.includes('\0') : hasControlCharacters(text, multiline.has(field));
        if (bad) refused.push([field, INVISIBLE_CHARACTERS]);
        return isSecret(field) ? text : normaliseText(text, multiline.has(field));
      };
      if (typeof value === 'string') return [field, read(value)];
      if (Array.isArray(value)) return [field, value.map((item: unknown) => (typeof item === 'string' ? read(item) : item))];
      return [field, value];
    }),
  );
  return { values, errors: Object.fromEntries(refused) };
}

export function parseForm<S extends z.ZodType>(schema: S, input: unknown, options: FormOptions = {}): FormResult<z.output<S>> {
  const read = readForm(input, options);
  const result = schema.safeParse(read.values);
  if (result.success && !Object.keys(read.errors).length) return { ok: true, data: result.data };
  // The character message wins: it says what to fix, where "too short" would mislead.
  const errors: FieldErrors = { ...read.errors };
  for (const issue of result.error?.issues ?? []) {
    const field = String(issue.path[0] ?? 'form');
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}

/** Echoes typed values back into a re-rendered form, minus anything secret. */
export function formValues(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries((body as Record<string, unknown>) ?? {})) {
    if (typeof value === 'string' && !/password|_csrf|token/i.test(key)) values[key] = value;
  }
  return values;
}
