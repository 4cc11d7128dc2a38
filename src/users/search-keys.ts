/**
 * The keys an admin finds a user by: a prefix of the e-mail, the mobile number or the name. Each
 * kind is its own sparse index on the users table (tables.ts): only user items carry the keys, and
 * every write of a user sets them (userIndexAttributes), so they follow name and contact changes.
 * The partition is the kind and the key's first character, the sort key the whole normalised value:
 * a search is one Query with begins_with, whatever the number of users.
 */
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import type { User } from './types';

export const SEARCH_KINDS = ['name', 'email', 'phone'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** The same text always gives the same key: NFC, lower case in a fixed locale, spaces collapsed. */
export function normaliseSearchText(text: string): string {
  return text.normalize('NFC').toLocaleLowerCase('en').trim().replace(/\s+/g, ' ');
}

/** A number as its digits with the country code, no "+": "+91 98765 43210" -> "919876543210". */
const phoneDigits = (e164: string) => e164.replace(/\D/g, '');

/**
 * What an admin typed as a phone prefix, as the digits stored: "+44 20", "0044 20" are international;
 * anything else is a local number in the default country, its trunk 0 dropped ("098765" -> "9198765").
 */
export function phoneSearchPrefix(typed: string, defaultCountry: string): string {
  const compact = typed.replace(/[\s().-]/g, '');
  if (compact.startsWith('+')) return phoneDigits(compact);
  if (compact.startsWith('00')) return phoneDigits(compact.slice(2));
  const national = phoneDigits(compact).replace(/^0+/, '');
  return national ? `${getCountryCallingCode(defaultCountry as CountryCode)}${national}` : '';
}

/** The index partition of a normalised value: its first character (a code point, so "रा" -> "र"). */
export const searchPartition = (kind: SearchKind | 'surname', value: string) => `SEARCH#${kind.toUpperCase()}#${Array.from(value)[0] ?? ''}`;

/** The indexes a search kind reads, in order: names are found by first name, then by surname. */
export const SEARCH_INDEXES = {
  email: [{ index: 'searchByEmail', pk: 'gsi4pk', sk: 'gsi4sk', part: 'email' }],
  phone: [{ index: 'searchByPhone', pk: 'gsi5pk', sk: 'gsi5sk', part: 'phone' }],
  name: [
    { index: 'searchByName', pk: 'gsi6pk', sk: 'gsi6sk', part: 'name' },
    { index: 'searchBySurname', pk: 'gsi7pk', sk: 'gsi7sk', part: 'surname' },
  ],
} as const;

/** The search attributes of a user item: "first last" and "last first" for the name, so either finds them. */
export function searchAttributes(user: Pick<User, 'firstName' | 'lastName' | 'email' | 'phone'>): Record<string, string | undefined> {
  const first = normaliseSearchText(`${user.firstName} ${user.lastName}`);
  const last = normaliseSearchText(`${user.lastName} ${user.firstName}`);
  const email = normaliseSearchText(user.email);
  const phone = phoneDigits(user.phone);
  // An index key may not be empty: a value with nothing in it leaves the user out of that index.
  const pair = (pk: string, sk: string, kind: SearchKind | 'surname', value: string) =>
    value ? { [pk]: searchPartition(kind, value), [sk]: value } : { [pk]: undefined, [sk]: undefined };
  return { ...pair('gsi4pk', 'gsi4sk', 'email', email), ...pair('gsi5pk', 'gsi5sk', 'phone', phone), ...pair('gsi6pk', 'gsi6sk', 'name', first), ...pair('gsi7pk', 'gsi7sk', 'surname', last) };
}
