/**
 * The ICD-10 codes a doctor may pick for a diagnosis: a list shipped as data (icd10-codes.json, with
 * its source), looked up by code and searched by code prefix or by the words of the title.
 */
import list from './icd10-codes.json';
import type { Icd10 } from '../types';

export const ICD10_SOURCE: string = list.source;
export const ICD10_CODES: readonly Icd10[] = Object.freeze(list.codes.map(([code, title]) => Object.freeze({ code, title })));

const BY_CODE = new Map(ICD10_CODES.map((entry) => [entry.code, entry]));
/** Codes compare without the dot and case ("j069" finds J06.9). */
const bare = (text: string) => text.toUpperCase().replace(/\./g, '');
const WORDS = new Map(ICD10_CODES.map((entry) => [entry.code, entry.title.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)]));

/** The list's entry for a code as typed ("J06.9", "j069"), or undefined when it is not in the list. */
export function findIcd10(code: string): Icd10 | undefined {
  const wanted = bare(code.trim());
  return BY_CODE.get(code.trim().toUpperCase()) ?? ICD10_CODES.find((entry) => bare(entry.code) === wanted);
}

export interface Icd10Page {
  results: Icd10[];
  /** How many codes matched in all; the page holds `results.length` of them from `offset`. */
  total: number;
  offset: number;
}

/**
 * Codes matching `query`: first those whose code starts with it, then those whose title has a word
 * starting with each word of the query ("mixed hyper" finds "Mixed hyperlipidaemia"), by code.
 */
export function searchIcd10(query: string, { offset = 0, limit = 20 }: { offset?: number; limit?: number } = {}): Icd10Page {
  const q = query.trim().toLowerCase();
  if (!q) return { results: [], total: 0, offset };
  const terms = q.split(/[^\p{L}\p{N}.]+/u).filter(Boolean).map((t) => t.replace(/\.$/, ''));
  const byCode = ICD10_CODES.filter((entry) => bare(entry.code).startsWith(bare(q)));
  const byWords = ICD10_CODES.filter((entry) => !byCode.includes(entry) && terms.every((term) => WORDS.get(entry.code)!.some((word) => word.startsWith(term))));
  const all = [...byCode, ...byWords];
  return { results: all.slice(offset, offset + limit), total: all.length, offset };
}
