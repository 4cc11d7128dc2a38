/**
 * The admin's user search: a prefix of the e-mail, the mobile number or the name finds the account
 * with a Query on the users' search indexes, page by page, in any script, and follows changes.
 */
import { randomInt } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { backfillSearchKeys, getUserById, updateUser, type User } from '../../../src/users';
import { uniqueLetters } from '../../helpers/accounts';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, messages, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';

const { app, deps } = buildTestApp();
let admin: Agent;

beforeAll(async () => {
  admin = await signedInAdmin(app, deps);
});

const search = (params: Record<string, string>) => admin.get(`/admin/users?${new URLSearchParams(params)}`);
/** The e-mails of the result rows, in order. */
const emailsIn = (html: string) => $(html)('tr[data-testid^="user-"]').map((_i, row) => $(html)(row).attr('data-testid')!.slice('user-'.length)).get();
const nextLink = (html: string) => $(html)('a.button').filter((_i, a) => $(html)(a).text().trim() === 'Next page').attr('href');

/** Devanagari letters only, unique per call: a Hindi name no other test shares. */
const uniqueDevanagari = () => Array.from(uniqueLetters(6), (c) => 'कखगघचछजझटठडढणतथदधनपफबभमयरलवशसह'[c.charCodeAt(0) % 32]).join('');

describe('finding a user by the start of their e-mail', () => {
  it('finds every account whose address starts with the text, whatever its case, and no other', async () => {
    const tag = `find${uniqueLetters(8)}`;
    const [one, two] = await Promise.all([aPatient(deps, { email: `${tag}.one@example.com` }), aDoctor(deps, { email: `${tag}.two@example.org` })]);
    await aPatient(deps, { email: `x${tag}@example.com` });

    const response = await search({ q: tag.toUpperCase(), by: 'email' });
    expect(response.status).toBe(200);
    expect(emailsIn(response.text).sort()).toEqual([one.email, two.email].sort());
    expect($(response.text)('[data-testid="search-summary"]').text()).toContain(`e-mail starts with “${tag.toUpperCase()}”`);
  });

  it('guesses an e-mail search from an @ in the text', async () => {
    const tag = `at${uniqueLetters(8)}`;
    const user = await aPatient(deps, { email: `${tag}@example.com` });
    expect(emailsIn((await search({ q: `${tag}@exa` })).text)).toEqual([user.email]);
  });
});

describe('finding a user by the start of their mobile number', () => {
  it('takes the local number or the international form, with spaces, and pages through many matches', async () => {
    const stem = `97${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const users = await Promise.all(Array.from({ length: 27 }, (_v, i) => aPatient(deps, { phone: `+91${stem}${String(i).padStart(2, '0')}` })));

    const first = await search({ q: `0${stem.slice(0, 3)} ${stem.slice(3)}`, by: 'phone' });
    expect(first.status).toBe(200);
    const firstPage = emailsIn(first.text);
    expect(firstPage).toHaveLength(25);
    const next = nextLink(first.text)!;
    expect(next).toContain('cursor=');
    const second = await admin.get(next).expect(200);
    const all = [...firstPage, ...emailsIn(second.text)];
    expect(all.sort()).toEqual(users.map((u) => u.email).sort());
    expect(nextLink(second.text)).toBeUndefined();

    const international = await search({ q: `+91 ${stem}1` });
    expect(emailsIn(international.text).sort()).toEqual(users.slice(10, 20).map((u) => u.email).sort());
  });

  it('asks for digits when the text has none for a mobile search', async () => {
    const response = await search({ q: '+ -', by: 'phone' });
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain('Type some digits of the mobile number');
  });
});

describe('finding a user by the start of their name', () => {
  it('finds them by first name, by surname, and by the whole name, in any case', async () => {
    const first = `Zeb${uniqueLetters(6)}`;
    const last = `Quill${uniqueLetters(6)}`;
    const user = await aPatient(deps, { firstName: first, lastName: last });
    for (const q of [first.slice(0, 6).toLowerCase(), last.toUpperCase(), `${first} ${last.slice(0, 4)}`, `  ${last}   ${first}  `]) {
      expect([q, emailsIn((await search({ q, by: 'name' })).text)]).toEqual([q, [user.email]]);
    }
  });

  it('lists someone whose first name and surname both match once', async () => {
    const stem = `Yon${uniqueLetters(6)}`;
    const user = await aPatient(deps, { firstName: stem, lastName: `${stem}son` });
    expect(emailsIn((await search({ q: stem })).text)).toEqual([user.email]);
  });

  it('finds a name written in Devanagari by its first letters', async () => {
    const surname = uniqueDevanagari();
    const user = await aPatient(deps, { firstName: 'राहुल', lastName: surname });
    const response = await search({ q: Array.from(surname).slice(0, 3).join('') });
    expect(emailsIn(response.text)).toEqual([user.email]);
    expect($(response.text)(`tr[data-testid="user-${user.email}"] td a`).text()).toBe(`राहुल ${surname}`);
    // Decomposed input (NFD) finds the same composed name.
    const accented = await aPatient(deps, { firstName: `Zoë${uniqueLetters(6)}`, lastName: 'Müller' });
    expect(emailsIn((await search({ q: accented.firstName.normalize('NFD') })).text)).toEqual([accented.email]);
  });

  it('keeps up with a change of name', async () => {
    const before = `Old${uniqueLetters(8)}`;
    const after = `New${uniqueLetters(8)}`;
    const user = await aPatient(deps, { firstName: before });
    await updateUser(deps.db, user, { firstName: after });
    expect(emailsIn((await search({ q: before })).text)).toEqual([]);
    expect(emailsIn((await search({ q: after })).text)).toEqual([user.email]);
  });
});

describe('narrowing and refusing searches', () => {
  it('shows only the chosen role', async () => {
    const stem = `Role${uniqueLetters(6)}`;
    const [patient, doctor] = await Promise.all([aPatient(deps, { firstName: stem }), aDoctor(deps, { firstName: stem })]);
    expect(emailsIn((await search({ q: stem })).text).sort()).toEqual([patient.email, doctor.email].sort());
    expect(emailsIn((await search({ q: stem, role: 'doctor' })).text)).toEqual([doctor.email]);
    expect(emailsIn((await search({ q: stem, role: 'patient' })).text)).toEqual([patient.email]);
  });

  it('says so when nobody matches', async () => {
    const response = await search({ q: `Nobody${uniqueLetters(10)}` });
    expect(response.status).toBe(200);
    expect(emailsIn(response.text)).toEqual([]);
    expect(messages(response.text)).toContain('No user matches.');
  });

  it.each([
    ['an empty text', { q: '   ' }, 'Type the start of a name, e-mail or mobile number'],
    ['a text too long', { q: 'a'.repeat(101) }, 'Type at most 100 characters'],
    ['an unknown kind', { q: 'abc', by: 'shoe-size' }, 'Choose name, e-mail or mobile'],
    ['an unknown role', { q: 'abc', role: 'nurse' }, 'Choose a role from the list'],
  ])('answers %s with 422 and a message', async (_case, params, message) => {
    const response = await search(params);
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain(message);
  });

  it("refuses another search's page link with 400", async () => {
    const stem = `Cur${uniqueLetters(6)}`;
    await Promise.all(Array.from({ length: 26 }, () => aPatient(deps, { firstName: stem })));
    const next = new URL(nextLink((await search({ q: stem })).text)!, 'http://x');
    const cursor = next.searchParams.get('cursor')!;
    expect((await search({ q: `${stem}x`, cursor })).status).toBe(400);
    expect((await search({ q: stem, by: 'email', cursor })).status).toBe(400);
    expect((await search({ q: stem, cursor })).status).toBe(200);
  });
});

describe('users made before the search indexes', () => {
  it('are found once the backfill has given them their keys', async () => {
    const stem = `Back${uniqueLetters(8)}`;
    const user: User = await aPatient(deps, { firstName: stem });
    await deps.db.doc.send(
      new UpdateCommand({
        TableName: deps.db.tables.users,
        Key: { pk: `USER#${user.id}`, sk: 'PROFILE' },
        UpdateExpression: 'REMOVE gsi4pk, gsi4sk, gsi5pk, gsi5sk, gsi6pk, gsi6sk, gsi7pk, gsi7sk',
      }),
    );
    expect(emailsIn((await search({ q: stem })).text)).toEqual([]);

    expect(await backfillSearchKeys(deps.db)).toBeGreaterThanOrEqual(1);
    expect(emailsIn((await search({ q: stem })).text)).toEqual([user.email]);
    expect(emailsIn((await search({ q: user.email, by: 'email' })).text)).toEqual([user.email]);
    expect((await getUserById(deps.db, user.id))!.version).toBe(user.version);
    expect(await backfillSearchKeys(deps.db)).toBe(0);
  });
});
