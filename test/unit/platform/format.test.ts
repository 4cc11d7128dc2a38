import { formatPhone } from '../../../src/platform/format';

describe('formatPhone', () => {
  it('groups an E.164 number the way people read it', () => {
    expect(formatPhone('+919845000011')).toBe('+91 98450 00011');
    expect(formatPhone('+442079460958')).toBe('+44 20 7946 0958');
  });

  it('shows anything it cannot read as it was stored', () => {
    expect(formatPhone('not a number')).toBe('not a number');
  });
});
