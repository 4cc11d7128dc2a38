import { guessKind } from '../../../src/admin/users/service';
import { normaliseSearchText, phoneSearchPrefix, searchAttributes, searchPartition } from '../../../src/users/search-keys';

describe('search keys', () => {
  it('normalise case, composition and spacing the same way for what is stored and what is typed', () => {
    expect(normaliseSearchText('  ZOË   Müller ')).toBe('zoë müller');
    expect(normaliseSearchText('Zoe\u0308')).toBe(normaliseSearchText('Zoë'));
    expect(normaliseSearchText('राहुल  शर्मा')).toBe('राहुल शर्मा');
  });

  it('partition by the first character, a whole code point', () => {
    expect(searchPartition('name', 'राहुल')).toBe('SEARCH#NAME#र');
    expect(searchPartition('email', '𝒶lice@example.com')).toBe('SEARCH#EMAIL#𝒶');
  });

  it('give a user both name orders, the e-mail and the number as digits', () => {
    expect(searchAttributes({ firstName: 'Asha', lastName: 'Rao', email: 'Asha.Rao@Example.com', phone: '+919845000010' })).toEqual({
      gsi4pk: 'SEARCH#EMAIL#a', gsi4sk: 'asha.rao@example.com',
      gsi5pk: 'SEARCH#PHONE#9', gsi5sk: '919845000010',
      gsi6pk: 'SEARCH#NAME#a', gsi6sk: 'asha rao',
      gsi7pk: 'SEARCH#SURNAME#r', gsi7sk: 'rao asha',
    });
  });

  it('leave a user out of an index whose value is empty, never writing an empty key', () => {
    const keys = searchAttributes({ firstName: '', lastName: '', email: 'a@b.c', phone: '' });
    expect([keys.gsi5pk, keys.gsi5sk]).toEqual([undefined, undefined]);
    expect(keys.gsi6sk).toBeUndefined();
  });

  it.each([
    ['98450 00010', '919845000010'],
    ['098450', '9198450'],
    ['+44 20 7946', '44207946'],
    ['0044 (20) 7946', '44207946'],
    ['+-', ''],
  ])('read the mobile prefix %s as %s', (typed, digits) => {
    expect(phoneSearchPrefix(typed, 'IN')).toBe(digits);
  });

  it.each([
    ['asha@', 'email'],
    ['+91 98', 'phone'],
    ['98450', 'phone'],
    ['Asha', 'name'],
    ['राहु', 'name'],
    ['R2D2', 'name'],
  ])('guess %s is a %s search', (text, kind) => {
    expect(guessKind(text)).toBe(kind);
  });
});
