/**
 * Editing a hospital: address, phone, ranking, beds and departments, shown to patients; bad input
 * is refused with messages and nothing saved; of two admins saving the same version, one wins.
 */
import { createHospital, createSpecialty, getHospital, type Hospital } from '../../../src/directory';
import { uniqueLetters } from '../../helpers/accounts';
import { signedInAdmin } from '../../helpers/admin';
import { buildTestApp } from '../../helpers/app';
import { $, csrfFrom, messages, type Agent } from '../../helpers/http';

const { app, deps } = buildTestApp();
let admin: Agent;
const specialty = { slug: `neph-${uniqueLetters(6)}`, name: `Nephrology ${uniqueLetters(6)}`, description: 'Kidneys and their care' };

beforeAll(async () => {
  admin = await signedInAdmin(app, deps);
  await createSpecialty(deps.db, specialty);
});

async function aHospital(): Promise<Hospital> {
  const hospital = { id: `h-${uniqueLetters(10)}`, name: `Lakeview ${uniqueLetters(6)} Hospital`, city: 'Nagpur', address: '3 Lake Road, Nagpur', phone: '+917122345678' };
  await createHospital(deps.db, hospital);
  return hospital;
}

const editPage = (h: Hospital) => `/admin/hospitals/${h.id}/edit`;
const valid = (h: Hospital, extra: Record<string, string | string[]> = {}) => ({
  name: h.name, city: 'Nagpur', address: '9 New Lake Road, Nagpur 440001', phone: '0712 234 5679', ranking: '42', beds: '320', departments: [specialty.slug, 'cardiology'], version: '0', ...extra,
});
/** Posts the edit form with a token from its page; `departments` as repeated fields, as a browser sends ticked boxes. */
async function save(h: Hospital, fields: Record<string, string | string[]>) {
  const _csrf = await csrfFrom(admin, editPage(h));
  const body = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...fields, _csrf })) for (const v of [value].flat()) body.append(name, v);
  return admin.post(`/admin/hospitals/${h.id}`).type('form').send(body.toString());
}

beforeAll(async () => {
  await createSpecialty(deps.db, { slug: 'cardiology', name: 'Cardiology', description: 'Heart and blood vessels' }).catch(() => undefined);
});

describe('editing a hospital', () => {
  it('fills the form with what is stored, saves the details, and shows them to patients', async () => {
    const hospital = await aHospital();
    const form = $((await admin.get(editPage(hospital)).expect(200)).text);
    expect(form('#f-address').val()).toBe('3 Lake Road, Nagpur');
    expect(form('input[name=version]').val()).toBe('0');
    expect(form(`input[name=departments][value="${specialty.slug}"]`).is(':checked')).toBe(false);

    const response = await save(hospital, valid(hospital));
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/admin/hospitals');
    expect(await getHospital(deps.db, hospital.id)).toEqual({
      ...hospital, address: '9 New Lake Road, Nagpur 440001', city: 'Nagpur', phone: '+917122345679', ranking: 42, beds: 320, departments: [specialty.slug, 'cardiology'], version: 1,
    });

    const list = $((await admin.get('/admin/hospitals')).text);
    expect(list(`[data-testid="hospital-${hospital.id}"]`).text()).toContain('Ranked #42 · 320 beds · 2 departments');
    const again = $((await admin.get(editPage(hospital))).text);
    expect(again('input[name=version]').val()).toBe('1');
    expect(again(`input[name=departments][value="${specialty.slug}"]`).is(':checked')).toBe(true);

    const page = $((await admin.get('/hospitals')).text);
    const card = page('li').filter((_i, li) => page(li).find('h2, h3').text() === hospital.name);
    expect(card.text()).toContain('9 New Lake Road, Nagpur 440001');
    expect(card.find('a[href="tel:+917122345679"]').text()).toBe('+91 712 234 5679');
    expect(card.find('[data-testid="hospital-size"]').text()).toBe('Ranked #42 nationally · 320 beds');
    expect(card.find('[data-testid="hospital-departments"]').text()).toBe(`Departments: ${['Cardiology', specialty.name].sort().join(', ')}`);
  });

  it('clears the optional ranking and beds when left empty', async () => {
    const hospital = await aHospital();
    expect((await save(hospital, valid(hospital))).status).toBe(303);
    expect((await save(hospital, valid(hospital, { ranking: '', beds: '', departments: [], version: '1' }))).status).toBe(303);
    const stored = (await getHospital(deps.db, hospital.id))!;
    expect([stored.ranking, stored.beds, stored.departments, stored.version]).toEqual([undefined, undefined, [], 2]);
  });
});

describe('two admins editing the same hospital', () => {
  it('refuses the save made on a version already replaced, keeping the first', async () => {
    const hospital = await aHospital();
    expect((await save(hospital, valid(hospital, { beds: '100' }))).status).toBe(303);
    const stale = await save(hospital, valid(hospital, { beds: '999' }));
    expect(stale.status).toBe(409);
    expect(messages(stale.text)).toContain('Someone else changed this while you were editing.');
    expect($(stale.text)('#f-beds').val()).toBe('999');
    expect((await getHospital(deps.db, hospital.id))!.beds).toBe(100);
  });

  it('lets exactly one of two saves racing on one version through', async () => {
    const hospital = await aHospital();
    const results = await Promise.all(['111', '222'].map((beds) => save(hospital, valid(hospital, { beds }))));
    expect(results.map((r) => r.status).sort()).toEqual([303, 409]);
    const winner = results.find((r) => r.status === 303) === results[0] ? 111 : 222;
    expect(await getHospital(deps.db, hospital.id)).toMatchObject({ beds: winner, version: 1 });
  });
});

describe('bad input', () => {
  it.each([
    ['a ranking that is no number', { ranking: 'first' }, 'ranking', 'Enter the ranking as a number'],
    ['a ranking of zero', { ranking: '0' }, 'ranking', 'The ranking must be at least 1'],
    ['a fractional number of beds', { beds: '12.5' }, 'beds', 'Enter the number of beds as a whole number'],
    ['a negative number of beds', { beds: '-3' }, 'beds', 'The number of beds must be at least 0'],
    ['an implausible number of beds', { beds: '1000000' }, 'beds', 'The number of beds must be at most 1,00,000'],
    ['a phone number that is not one', { phone: '12' }, 'phone', 'Enter a phone number patients can call'],
    ['an empty address', { address: '' }, 'address', 'Enter the full address'],
    ['a department that is no specialty', { departments: ['astrology'] }, 'departments', 'Choose departments from the list'],
    ['a missing version', { version: '' }, 'version', 'Reload the page and try again'],
  ])('refuses %s with 422 and a message, saving nothing', async (_case, extra, field, message) => {
    const hospital = await aHospital();
    const response = await save(hospital, valid(hospital, extra));
    expect(response.status).toBe(422);
    expect(messages(response.text)).toContain(message);
    if (field !== 'version' && field !== 'departments') expect($(response.text)(`#f-${field}`).attr('aria-invalid')).toBe('true');
    expect(await getHospital(deps.db, hospital.id)).toEqual(hospital);
  });

  it('answers 404 for a hospital that does not exist', async () => {
    expect((await admin.get('/admin/hospitals/no-such-hospital/edit')).status).toBe(404);
    const hospital = await aHospital();
    const _csrf = await csrfFrom(admin, editPage(hospital));
    const response = await admin.post('/admin/hospitals/no-such-hospital').type('form').send({ ...valid(hospital), departments: 'cardiology', _csrf });
    expect(response.status).toBe(404);
    expect(messages(response.text)).toContain('There is no hospital with that id.');
  });
});
