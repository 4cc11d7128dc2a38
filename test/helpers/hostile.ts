/**
 * Hostile form values for T-FUZZ-01, and the check that none of them came back as live markup.
 * Markup payloads carry a marker unique to the submission (`fz<n>z`), so an injection found in
 * any page later names the form and field it was typed into.
 */
import * as cheerio from 'cheerio';

/** The key/value pairs sent in place of the field: most values are one pair, shapes are several. */
export type Pairs = [string, string][];

export interface Hostile {
  label: string;
  /** Markup meant to run or add an element if printed unescaped. */
  markup?: boolean;
  pairs(field: string, marker: string): Pairs;
}

const value = (label: string, text: string): Hostile => ({ label, pairs: (field) => [[field, text]] });
const markup = (label: string, text: (marker: string) => string): Hostile => ({ label, markup: true, pairs: (field, marker) => [[field, text(marker)]] });
const shape = (label: string, pairs: (field: string) => Pairs): Hostile => ({ label, pairs: (field) => pairs(field) });

export const MARKUP_VALUES: Hostile[] = [
  markup('a script element', (m) => `<script>${m}()</script>`),
  markup('an element closing the tag first', (m) => `"><img src=x onerror=${m}()>`),
  markup('a double-quoted attribute break', (m) => `Fuzz" data-fuzz="${m}`),
  markup("a single-quoted attribute break", (m) => `Fuzz' data-fuzz='${m}`),
  markup('an element in text', (m) => `<b data-fuzz="${m}">Fuzz text</b>`),
  markup('a textarea break-out', (m) => `</textarea><script>${m}()</script>`),
  markup('a javascript: URL', (m) => `javascript:${m}()`),
  markup('an svg with onload', (m) => `<svg onload=${m}()>`),
];

/** The reported case of issue 10: no form may accept it (a field message, never a 5xx or a write). */
export const CONTROL_VALUE = value('NUL, a right-to-left override and a mathematical letter', '\u0000\u202E𝐀');

export const OTHER_VALUES: Hostile[] = [
  value('10,000 characters', 'x'.repeat(10_000)),
  value('empty', ''),
  value('only spaces', '     '),
  value('bidi isolates and marks', '\u2066\u200Fevil\u202C\u2069'),
  value('a huge number', '99999999999999999999999999999'),
  value('a negative number', '-1'),
  value('a huge negative fraction', '-9007199254740993.5'),
  value('an overflowing exponent', '1e309'),
  value('an impossible date', '2023-02-30'),
  value('an impossible date-time', '0000-13-45T25:61:61Z'),
  value('the last representable day', '9999-12-31'),
  value('path traversal', '../../../../etc/passwd'),
  value('encoded path traversal', '..%2F..%2F..%2Fetc%2Fpasswd%00'),
  value('quotes and SQL', `O'Brien "the" \`tick\`; DROP TABLE users; --`),
  value('an operator object as text', '{"$gt": ""}'),
  value('template syntax', '<%= process.exit(1) %> {{7*7}} ${7*7}'),
  value('other scripts and emoji', 'मीना अय्यर عيادة 👩‍⚕️'),
  shape('an operator object field[$gt]=', (f) => [[`${f}[$gt]`, '']]),
  shape('an array field[]=', (f) => [[`${f}[]`, 'a'], [`${f}[]`, 'b']]),
  shape('a repeated field', (f) => [[f, 'a'], [f, 'b']]),
  shape('prototype keys', (f) => [['__proto__', 'x'], ['constructor[prototype][admin]', '1'], [f, 'Fuzz text']]),
];

export const MARKER = /fz\d+z/g;

/** The markers that made it into the page as live markup: a script, an event handler, an injected attribute or URL. */
export function injectedMarkers(html: string): string[] {
  const $ = cheerio.load(html);
  const found = new Set<string>();
  const note = (text: string | undefined) => (text ?? '').match(MARKER)?.forEach((m) => found.add(m));
  $('script').each((_i, element) => note(`${$(element).text()} ${$(element).attr('src') ?? ''}`));
  $('*').each((_i, element) => {
    for (const [name, attribute] of Object.entries((element as { attribs?: Record<string, string> }).attribs ?? {})) {
      const url = ['href', 'src', 'action', 'formaction'].includes(name) && /^\s*javascript:/i.test(attribute);
      if (name.startsWith('on') || name === 'data-fuzz' || url) note(attribute);
    }
  });
  return [...found];
}
