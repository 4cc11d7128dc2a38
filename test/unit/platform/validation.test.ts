import { z } from 'zod';
import { hasControlCharacters, INVISIBLE_CHARACTERS, normaliseText, parseForm, readForm } from '../../../src/platform/validation';

const RLO = '\u202E';

describe('normaliseText', () => {
  it('composes to NFC and trims, so the same word is always stored the same way', () => {
    expect(normaliseText('  Cafe\u0301 ')).toBe('Caf\u00e9');
    expect(normaliseText('\u00a0\u3000Pune\ufeff')).toBe('Pune');
  });

  it("turns a textarea's CRLF and lone CR into LF, and leaves single-line text alone", () => {
    expect(normaliseText('one\r\ntwo\rthree', true)).toBe('one\ntwo\nthree');
    expect(normaliseText('one two')).toBe('one two');
  });
});

describe('hasControlCharacters', () => {
  it.each([
    ['NUL', '\u0000'],
    ['a bell', '\u0007'],
    ['escape', '\u001b[31m'],
    ['DEL', '\u007f'],
    ['a C1 control', '\u0085'],
    ['a right-to-left override', RLO],
    ['a left-to-right embedding', '\u202A'],
    ['a first-strong isolate', '\u2068'],
    ['a pop directional isolate', '\u2069'],
    ['a right-to-left mark', '\u200F'],
    ['a left-to-right mark', '\u200E'],
    ['an Arabic letter mark', '\u061C'],
  ])('finds %s anywhere in the text', (_name, character) => {
    expect(hasControlCharacters(`Sun${character}rise`)).toBe(true);
    expect(hasControlCharacters(`Sun${character}rise`, true)).toBe(true);
  });

  it('allows tab and line breaks only in multi-line text', () => {
    for (const spacing of ['\t', '\n', '\r\n']) {
      expect(hasControlCharacters(`line${spacing}line`)).toBe(true);
      expect(hasControlCharacters(`line${spacing}line`, true)).toBe(false);
    }
  });

  it('lets every script, emoji joiners and combining marks through', () => {
    for (const text of ['Meena Iyer', 'मीना अय्यर', 'മലയാളം\u200D', 'عيادة', '👩\u200D⚕️', 'Cafe\u0301', '𝐀𝐁𝐂']) {
      expect(hasControlCharacters(text)).toBe(false);
    }
  });
});

describe('parseForm', () => {
  const schema = z.object({
    name: z.string().min(2, 'Enter the name'),
    notes: z.string().optional(),
    password: z.string().min(1),
  });

  it('hands the schema every text normalised, but a password exactly as typed', () => {
    const form = parseForm(schema, { name: '  Cafe\u0301 ', notes: ' a\r\nb ', password: '  pa\u0301ss  ' }, { multiline: ['notes'] });
    expect(form).toEqual({ ok: true, data: { name: 'Caf\u00e9', notes: 'a\nb', password: '  pa\u0301ss  ' } });
  });

  it('refuses the reported hospital name (NUL, right-to-left override, a mathematical letter) with a field message', () => {
    const form = parseForm(schema, { name: `\u0000${RLO}𝐀`, password: 'x' });
    expect(form).toEqual({ ok: false, errors: { name: INVISIBLE_CHARACTERS } });
  });

  it('refuses a line break in a single-line field and accepts it in a declared multi-line one', () => {
    expect(parseForm(schema, { name: 'two\nlines', password: 'x' })).toEqual({ ok: false, errors: { name: INVISIBLE_CHARACTERS } });
    expect(parseForm(schema, { name: 'ok', notes: 'two\nlines', password: 'x' })).toEqual({ ok: false, errors: { notes: INVISIBLE_CHARACTERS } });
    expect(parseForm(schema, { name: 'ok', notes: 'two\n\tlines', password: 'x' }, { multiline: ['notes'] }).ok).toBe(true);
    expect(parseForm(schema, { name: 'ok', notes: `two${RLO}lines`, password: 'x' }, { multiline: ['notes'] })).toEqual({
      ok: false,
      errors: { notes: INVISIBLE_CHARACTERS },
    });
  });

  it('refuses a NUL in a password, and only that', () => {
    expect(parseForm(schema, { name: 'ok', password: 'pass\u0000word' })).toEqual({ ok: false, errors: { password: INVISIBLE_CHARACTERS } });
    expect(parseForm(schema, { name: 'ok', password: `\tpass${RLO}word\n` }).ok).toBe(true);
  });

  it('reports the character problem before the length problem, and the other fields as usual', () => {
    expect(parseForm(schema, { name: '\u0000', password: '' })).toEqual({ ok: false, errors: { name: INVISIBLE_CHARACTERS, password: expect.any(String) } });
  });

  it('checks fields the schema does not know, and every value of a repeated field', () => {
    expect(parseForm(schema, { name: 'ok', password: 'x', extra: '\u0000' })).toEqual({ ok: false, errors: { extra: INVISIBLE_CHARACTERS } });
    expect(parseForm(schema, { name: ['ok', '\u0007'], password: 'x' })).toEqual({ ok: false, errors: { name: INVISIBLE_CHARACTERS } });
  });

  it('reads a missing or odd body as empty, and keeps a field named __proto__ a field', () => {
    expect(parseForm(schema, undefined)).toMatchObject({ ok: false, errors: { name: expect.any(String) } });
    expect(parseForm(schema, 'name=x')).toMatchObject({ ok: false });
    const read = readForm(JSON.parse('{"__proto__": ["a"], "name": " b "}'));
    expect(Object.getPrototypeOf(read.values)).toBe(Object.prototype);
    expect(read.values).toEqual(JSON.parse('{"__proto__": ["a"], "name": "b"}'));
  });
});
