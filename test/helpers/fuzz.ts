/**
 * The form fuzzer of T-FUZZ-01: valid baseline values for a discovered form, one field at a time
 * replaced by a hostile value, and the page's data read before and after a refused submission.
 */
import * as cheerio from 'cheerio';
import { DateTime } from 'luxon';
import { NEW_PASSWORD, uniqueLetters } from './accounts';
import { formsOn, linksOn, patternOf, type Field, type Form, type Page } from './crawler';
import type { Agent } from './http';
import type { Pairs } from './hostile';
import { uniqueEmail, uniquePhone } from './users';

/** Hidden fields a browser sends back untouched and the server checks: they stay valid. */
export const isKept = (name: string) => name === '_csrf' || /idempotency/i.test(name);

/** The names a user (or an attacker) controls, in page order; a radio group is one field. */
export const fuzzableFields = (form: Form) => [...new Set(form.fields.filter((f) => !isKept(f.name)).map((f) => f.name))];

/** A plausible value for an empty field, so that one hostile field at a time reaches the rules behind the form. */
function plausible(field: Field): string {
  const name = field.name.toLowerCase();
  if (field.type === 'select') return field.options.find(Boolean) ?? '';
  if (field.type === 'email' || name.includes('email')) return uniqueEmail('fuzz');
  if (field.type === 'tel' || name.includes('phone')) return uniquePhone();
  if (field.type === 'password') return NEW_PASSWORD;
  if (field.type === 'date') return name.includes('birth') ? '1990-05-17' : (field.min ?? DateTime.now().plus({ days: 30 }).toISODate()!);
  if (field.type === 'number') return field.min ?? '1';
  if (field.type === 'text' || field.type === 'textarea') return `Fuzz text ${uniqueLetters()}`;
  return '';
}

/** The pairs of a valid-looking submission: the page's own values, empty ones filled in, the first choice of each group. */
export function baseline(form: Form): Pairs {
  const pairs: Pairs = [];
  for (const name of [...new Set(form.fields.map((f) => f.name))]) {
    const group = form.fields.filter((f) => f.name === name);
    const [first] = group;
    if (first.type === 'radio') pairs.push([name, (group.find((f) => f.checked) ?? first).value]);
    else if (first.type === 'checkbox') group.filter((f) => f.checked).forEach((f) => pairs.push([name, f.value]));
    else if (first.type === 'hidden' || first.type === 'time') pairs.push([name, first.value]);
    else pairs.push([name, first.value || plausible(first)]);
  }
  return pairs;
}

/** The baseline with `field` replaced by the hostile pairs. */
export const varied = (pairs: Pairs, field: string, hostile: Pairs): Pairs => [...pairs.filter(([name]) => name !== field), ...hostile];

export function send(agent: Agent, form: Form, pairs: Pairs) {
  const body = new URLSearchParams(pairs).toString();
  if (form.method === 'get') return agent.get(`${form.action.split('?')[0]}?${body}`).set('Accept', 'text/html');
  return agent.post(form.action).set('Accept', 'text/html').type('form').send(body);
}

/** The same form as found on a fresh copy of its page (new CSRF token, idempotency key, version), if still there. */
export function sameFormOn(html: string, form: Form): Form | undefined {
  const forms = formsOn(html, form.page).filter((f) => f.signature === form.signature);
  return forms.find((f) => f.action === form.action) ?? forms[0];
}

/**
 * What the page shows inside <main>: its text and its form controls' values, minus the flash
 * (read once) and the per-render secrets (CSRF token, idempotency key).
 */
export function shownData(html: string): string {
  const $ = cheerio.load(html);
  const main = $('main');
  main.find('.flash').remove();
  const controls = main
    .find('input[name], select[name], textarea[name]')
    .map((_i, element) => {
      const c = $(element);
      const name = c.attr('name')!;
      if (isKept(name)) return undefined;
      const value = element.tagName === 'select' ? c.find('option[selected]').attr('value') : element.tagName === 'textarea' ? c.text() : c.attr('value');
      return `${name}=${value ?? ''}${c.is('[checked]') ? ' (checked)' : ''}`;
    })
    .get();
  return [main.text().replace(/\s+/g, ' ').trim(), ...controls].join('\n');
}

type Get = (url: string) => Promise<{ text: string }>;

/** A 4xx, or a redirect to a page that says only what went wrong (an error flash and no success). */
export async function wasRefused(response: { status: number; headers: Record<string, string> }, get: Get): Promise<boolean> {
  if (response.status >= 400) return true;
  const next = response.headers.location;
  if (response.status < 300 || !next?.startsWith('/')) return false;
  const page = cheerio.load((await get(next)).text);
  return page('.flash-error').length > 0 && page('.flash-success').length === 0;
}

/**
 * The copies of one form, each about another object (an appointment, a pending doctor). A submission
 * that succeeds may use its object up (a cancelled visit has no cancel form): more copies are then
 * looked for among the links of the pages that led to the known ones.
 */
export interface Supply {
  known: Form[];
  patterns: Set<string>;
  parents: string[];
  tried: Set<string>;
}

export function supplyOf(instances: Form[], pages: Page[]): Supply {
  const urls = new Set(instances.map((f) => f.page));
  const parents = pages.filter((p) => urls.has(p.url) && p.from).map((p) => p.from!);
  return { known: [...instances], patterns: new Set([...urls].map(patternOf)), parents: [...new Set(parents)], tried: urls };
}

/** The next copy of the form to submit, or undefined once none is left. */
export async function another(supply: Supply, signature: string, get: Get): Promise<Form | undefined> {
  if (supply.known.length) return supply.known.shift();
  while (supply.parents.length) {
    const parent = supply.parents[0];
    const links = linksOn((await get(parent)).text, parent).filter((l) => supply.patterns.has(patternOf(l)) && !supply.tried.has(l));
    for (const link of links) {
      supply.tried.add(link);
      const form = formsOn((await get(link)).text, link).find((f) => f.signature === signature);
      if (form) return form;
    }
    supply.parents.shift();
  }
  return undefined;
}
