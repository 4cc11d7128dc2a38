/**
 * Issue 10, defect 1: text nobody could type. A hospital name of NUL, a right-to-left override and
 * a mathematical letter answered 500 (its slug came out empty and became an empty DynamoDB key).
 * Every form now reads text normalised (NFC, trimmed), refuses control and bidi characters with a
 * field message, and a name that leaves nothing for its key is a 422 on the name, never a write.
 */
import { buildTestApp } from '../../helpers/app';
import { uniqueLetters } from '../../helpers/accounts';
import { signedInAdmin } from '../../helpers/admin';
import { $, submit, type Agent } from '../../helpers/http';
import { listHospitals, listSpecialties } from '../../../src/directory';

const { app, deps } = buildTestApp();
let admin: Agent;

beforeAll(async () => {
  admin = await signedInAdmin(app, deps);
});

const hospital = (name: string) => ({ name, city: 'Pune', address: '12 Lake Road', phone: '+912012345678' });
const addHospital = (fields: Record<string, string>) => submit(admin, '/admin/hospitals', '/admin/hospitals', fields);
const addSpecialty = (fields: Record<string, string>) => submit(admin, '/admin/specialties', '/admin/specialties', fields);
const fieldError = (html: string, field: string) => $(html)(`#f-${field}-error`).text();

describe('a hospital name made only of control and formatting characters', () => {
  it('is refused with 422 and a message on the name, and nothing is written', async () => {
    const name = '\u0000\u202E𝐀';

    const response = await addHospital(hospital(name));

    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'name')).toBe('Remove invisible or control characters');
    expect($(response.text)('#f-city').val()).toBe('Pune');
    const after = await listHospitals(deps.db);
    // eslint-disable-next-line no-control-regex -- a NUL is one of the hostile characters planted
    expect(after.filter((h) => /[\u0000\u202E𝐀]/u.test(h.name))).toEqual([]);
    expect(after.every((h) => h.id)).toBe(true);
    expect((await admin.get('/admin/hospitals')).text).not.toContain('𝐀');
  });
});

describe('a name that leaves nothing for its key', () => {
  it.each([
    ['only symbols', '✚ ✚ ✚'],
    ['only Devanagari letters (the key is A–Z and 0–9)', 'अस्पताल'],
  ])('is refused for a hospital (%s) with 422 on the name, not written', async (_case, name) => {
    const response = await addHospital(hospital(name));

    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'name')).toBe('The name must contain letters or digits (A–Z or 0–9)');
    expect($(response.text)('#f-name').val()).toBe(name);
    expect((await listHospitals(deps.db)).filter((h) => h.name === name)).toEqual([]);
  });
});

describe('text is stored normalised', () => {
  it('composes a decomposed accent (NFC), trims, and keys the hospital by its folded name', async () => {
    const letters = uniqueLetters();
    const typed = `  Clinica Sao Jose\u0301 ${letters}  `;

    expect((await addHospital(hospital(typed))).status).toBe(303);

    const [saved] = (await listHospitals(deps.db)).filter((h) => h.name.endsWith(letters));
    expect(saved).toEqual(expect.objectContaining({ id: `clinica-sao-jose-${letters}`, name: `Clinica Sao Jos\u00e9 ${letters}` }));
  });

  it('keeps line breaks in a multi-line field (as LF) and refuses them in a single-line one', async () => {
    const name = `Dermatology ${uniqueLetters()}`;
    const lines = await addSpecialty({ name, description: 'Skin, hair\r\nand nails' });
    expect(lines.status).toBe(303);
    expect((await listSpecialties(deps.db)).find((s) => s.name === name)?.description).toBe('Skin, hair\nand nails');

    const broken = await addHospital({ ...hospital(`Riverside ${uniqueLetters()}`), city: 'Pu\nne', address: '12\tLake Road' });
    expect(broken.status).toBe(422);
    expect(fieldError(broken.text, 'city')).toBe('Remove invisible or control characters');
    expect(fieldError(broken.text, 'address')).toBe('Remove invisible or control characters');
  });

  it('refuses a bidi override even in a multi-line field', async () => {
    const name = `Oncology ${uniqueLetters()}`;
    const response = await addSpecialty({ name, description: 'Cancer care \u202Eenilno' });

    expect(response.status).toBe(422);
    expect(fieldError(response.text, 'description')).toBe('Remove invisible or control characters');
    expect((await listSpecialties(deps.db)).filter((s) => s.name === name)).toEqual([]);
  });
});
