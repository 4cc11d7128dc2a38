import { linkify } from '../../../src/dev/linkify';

describe('linkify', () => {
  it('splits text around links and keeps every character', () => {
    const text = 'Open http://localhost:3000/verify-email?token=abc_123 now.\nOr https://x.test/a';
    const segments = linkify(text);
    expect(segments).toEqual([
      { text: 'Open ' },
      { text: 'http://localhost:3000/verify-email?token=abc_123', href: 'http://localhost:3000/verify-email?token=abc_123' },
      { text: ' now.\nOr ' },
      { text: 'https://x.test/a', href: 'https://x.test/a' },
    ]);
    expect(segments.map((s) => s.text).join('')).toBe(text);
  });

  it('does not turn javascript: or markup into links', () => {
    expect(linkify('javascript:alert(1) <a href="x">')).toEqual([{ text: 'javascript:alert(1) <a href="x">' }]);
  });
});
