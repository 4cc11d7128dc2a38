import { keyForName, NAME_WITHOUT_KEY, slugify } from '../../../src/directory';
import { ValidationError } from '../../../src/platform/http/errors';

describe('slugify', () => {
  it('makes a readable id, folding accents and compatibility letters', () => {
    expect(slugify('Heart & Lung Care')).toBe('heart-and-lung-care');
    expect(slugify('Clínica São José')).toBe('clinica-sao-jose');
    expect(slugify('𝐀𝐁𝐂 Hospital')).toBe('abc-hospital');
  });
});

describe('keyForName', () => {
  it.each([['\u0000\u202E'], ['✚ ✚'], ['अस्पताल'], ['---']])('refuses %j, whose key would be empty, as a 422 on the name', (name) => {
    const refusal = (() => {
      try {
        return keyForName(name);
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect(refusal).toMatchObject({ status: 422, errors: { name: NAME_WITHOUT_KEY } });
  });

  it('returns the slug when there is one', () => {
    expect(keyForName('City General')).toBe('city-general');
  });
});
