/**
 * A small same-site crawler for T-FUZZ-01: from a start page it follows links and the pages GET
 * forms lead to, and collects every <form> with the fields a browser would send. Nothing here
 * knows a route of the app: new pages and forms are found the way a user finds them.
 */
import * as cheerio from 'cheerio';
import { DateTime } from 'luxon';
import type { Agent } from './http';

export interface Field {
  name: string;
  /** input type, or 'select' / 'textarea'. */
  type: string;
  value: string;
  checked: boolean;
  /** A select's option values, in page order. */
  options: string[];
  min?: string;
}

export interface Form {
  /** The page the form was found on (path and query). */
  page: string;
  method: 'get' | 'post';
  /** Path and query the form submits to. */
  action: string;
  fields: Field[];
  /** Same method, action pattern and field names: the same form, whichever object it is about. */
  signature: string;
}

export interface Page {
  url: string;
  status: number;
  html: string;
  /** The page whose link or form led here, and how many steps from the start. */
  from?: string;
  depth: number;
}

const ID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const DATE = /\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?/g;

/** The URL with ids and dates made generic, its query sorted: pages of one pattern differ only in the object shown. */
export function patternOf(url: string): string {
  const [path, query] = url.split('?');
  const params = new URLSearchParams(query ?? '');
  params.sort();
  const sorted = params.toString();
  return `${path}${sorted ? `?${decodeURIComponent(sorted)}` : ''}`.replace(ID, ':id').replace(DATE, ':date');
}

/** Resolves an href or action against the page; undefined when it leaves the site. */
export function sameSite(href: string | undefined, page: string): string | undefined {
  if (href === undefined) return undefined;
  const url = new URL(href || page, `http://app.test${page}`);
  if (url.host !== 'app.test') return undefined;
  return url.pathname + url.search;
}

const STATIC = /^\/(css|js|img|vendor)\/|\.(json|css|js|svg|png|ico)$/;

export function linksOn(html: string, page: string): string[] {
  const $ = cheerio.load(html);
  return $('a[href]')
    .map((_i, a) => sameSite($(a).attr('href'), page))
    .get()
    .filter((url): url is string => Boolean(url) && !STATIC.test(url.split('?')[0]));
}

export function formsOn(html: string, page: string): Form[] {
  const $ = cheerio.load(html);
  return $('form')
    .map((_i, element) => {
      const form = $(element);
      const method = (form.attr('method') ?? 'get').toLowerCase() === 'post' ? 'post' : 'get';
      const action = sameSite(form.attr('action') ?? '', page);
      if (!action) return undefined;
      const fields: Field[] = form
        .find('input[name], select[name], textarea[name]')
        .map((_j, control) => {
          const c = $(control);
          const tag = control.tagName.toLowerCase();
          const type = tag === 'input' ? (c.attr('type') ?? 'text').toLowerCase() : tag;
          const options = tag === 'select' ? c.find('option').map((_k, o) => $(o).attr('value') ?? $(o).text()).get() : [];
          // A select with nothing selected sends its first option.
          const selected = tag === 'select' ? (c.find('option[selected]').attr('value') ?? options[0] ?? '') : undefined;
          const value = selected ?? (tag === 'textarea' ? c.text() : (c.attr('value') ?? (type === 'checkbox' || type === 'radio' ? 'on' : '')));
          return { name: c.attr('name')!, type, value, checked: c.is('[checked]'), options, min: c.attr('min') };
        })
        .get()
        .filter((field) => !['submit', 'button', 'reset', 'image', 'file'].includes(field.type));
      const names = [...new Set(fields.map((f) => f.name))].sort().join(',');
      return { page, method, action: action.split('#')[0], fields, signature: `${method.toUpperCase()} ${patternOf(action.split('#')[0])} [${names}]` };
    })
    .get()
    .filter(Boolean) as Form[];
}

/** The pairs a browser sends as the page stands: checked boxes and radios, selected options, typed values. */
export function pageValues(form: Form): [string, string][] {
  const pairs: [string, string][] = [];
  for (const field of form.fields) {
    if ((field.type === 'checkbox' || field.type === 'radio') && !field.checked) continue;
    pairs.push([field.name, field.value]);
  }
  return pairs;
}

export interface CrawlOptions {
  /** Links never followed, e.g. ones that would end the session. */
  skip: (url: string) => boolean;
  maxPages: number;
  maxDepth: number;
  /**
   * How many pages of one pattern (see patternOf) are visited: near the start every object a list
   * links to is opened (visits in different states show different forms), deeper in only a sample.
   */
  perPattern: (depth: number) => number;
}

/**
 * Every page reachable from `start` within the limits, breadth first. GET forms are followed too,
 * as sent with the page's values, with each option of their selects and with the next day in
 * their date fields, since they are links a user makes (the booking page's time slots appear only
 * once a specialty is chosen; late in the day, only tomorrow has free times).
 */
export async function crawl(agent: Agent, start: string[], options: CrawlOptions): Promise<Page[]> {
  const pages: Page[] = [];
  const seen = new Set<string>();
  const perPattern = new Map<string, number>();
  const queue: { url: string; depth: number; from?: string }[] = start.map((url) => ({ url, depth: 0 }));
  while (queue.length && pages.length < options.maxPages) {
    const { url, depth, from } = queue.shift()!;
    const pattern = patternOf(url);
    // The start pages are always visited; the pattern limit holds for what they lead to.
    if (seen.has(url) || options.skip(url) || (depth > 0 && (perPattern.get(pattern) ?? 0) >= options.perPattern(depth))) continue;
    seen.add(url);
    perPattern.set(pattern, (perPattern.get(pattern) ?? 0) + 1);
    const response = await agent.get(url).set('Accept', 'text/html');
    const html = response.type === 'text/html' ? response.text : '';
    pages.push({ url, status: response.status, html, from, depth });
    if (response.status >= 300 && response.status < 400 && response.headers.location) {
      const next = sameSite(response.headers.location, url);
      if (next) queue.push({ url: next, depth, from });
    }
    if (!html || depth >= options.maxDepth) continue;
    const next = [...linksOn(html, url), ...formsOn(html, url).filter((f) => f.method === 'get').flatMap(getFormUrls)];
    queue.push(...next.map((link) => ({ url: link, depth: depth + 1, from: url })));
  }
  return pages;
}

/** A GET form as the page has it, once per option of each select and with the day after each date (the other fields as they are). */
function getFormUrls(form: Form): string[] {
  const base = pageValues(form);
  const withValue = (name: string, value: string) => base.map(([n, v]): [string, string] => [n, n === name ? value : v]);
  const nextDay = (date: string) => DateTime.fromISO(date).plus({ days: 1 }).toISODate();
  const variants = [
    base,
    ...form.fields.filter((f) => f.type === 'select').flatMap((f) => f.options.slice(0, 6).map((o) => withValue(f.name, o))),
    ...form.fields.filter((f) => f.type === 'date' && nextDay(f.value)).map((f) => withValue(f.name, nextDay(f.value)!)),
  ];
  const path = form.action.split('?')[0];
  return variants.map((pairs) => `${path}?${new URLSearchParams(pairs).toString()}`);
}
