/**
 * The audit pages: a patient sees who opened their visit (name and role, newest first, paged), and
 * an admin finds events by user, patient, action and dates; a bad filter is a 422 with a message.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { recordAccess, type AccessEvent } from '../../../src/audit';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, signIn } from '../../helpers/http';
import { aDoctor, anAdmin, aPatient } from '../../helpers/users';
import { aPastVisit, daysAgoAt } from '../archive/visits';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}auditpages-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });

let patient: User;
let doctor: User;
let admin: User;

beforeAll(async () => {
  await ensureTables(deps.db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  [patient, doctor, admin] = await Promise.all([aPatient(deps), aDoctor(deps, { firstName: 'Ishaan', lastName: 'Rao' }), anAdmin(deps)]);
});

const access = (actor: User, overrides: Partial<AccessEvent> = {}): AccessEvent => ({
  action: 'view',
  resourceType: 'visit',
  resourceId: randomUUID(),
  patientId: patient.id,
  actor: { userId: actor.id, role: actor.role },
  origin: { requestId: 'r', clientIp: '127.0.0.1' },
  outcome: 'allowed',
  ...overrides,
});

describe('who looked at my record', () => {
  it("names the doctor who opened the patient's visit, with role, newest first", async () => {
    const visit = await aPastVisit(deps, { start: daysAgoAt(deps, 2), status: 'completed', patientId: patient.id, doctorId: doctor.id });
    await (await signIn(app, doctor.email)).get(`/appointments/${visit.id}`).expect(200);

    const page = $((await (await signIn(app, patient.email)).get('/account/record-access').expect(200)).text);
    const first = page('[data-testid=record-access]').first();
    expect(first.find('[data-testid=who]').text()).toBe('Ishaan Rao');
    expect(first.find('[data-testid=role]').text()).toBe('Doctor');
    expect(first.find('[data-testid=what]').text()).toBe('Opened a visit record');
    expect(first.find('[data-testid=outcome]').text()).toBe('Allowed');
  });

  it('pages with a sealed cursor, and refuses a forged one', async () => {
    const other = await aPatient(deps);
    for (let i = 0; i < 27; i++) await recordAccess(deps, access(doctor, { patientId: other.id }));
    const agent = await signIn(app, other.email);
    const first = $((await agent.get('/account/record-access').expect(200)).text);
    expect(first('[data-testid=record-access]')).toHaveLength(25);
    const next = String(first('a:contains("Older")').attr('href'));
    const second = $((await agent.get(next).expect(200)).text);
    expect(second('[data-testid=record-access]')).toHaveLength(2);
    await agent.get('/account/record-access?cursor=forged').expect(400);
  });
});

describe('the admin audit log', () => {
  it('finds events by user (e-mail), by patient, by action, and within dates', async () => {
    const someone = await aDoctor(deps);
    const event = await recordAccess(deps, access(someone, { action: 'download', resourceType: 'file' }));
    const agent = await signIn(app, admin.email);
    const rows = async (query: string) => $((await agent.get(`/admin/audit?${query}`).expect(200)).text)('[data-testid=audit-event]');

    expect((await rows(`user=${encodeURIComponent(someone.email)}`)).find('[data-testid=what]').text()).toBe('Downloaded a file in the medical vault');
    expect((await rows(`patient=${patient.id}`)).text()).toContain(event.resourceId);
    expect((await rows('action=download')).text()).toContain(event.resourceId);
    const today = DateTime.fromISO(event.ts).setZone(deps.config.timeZone).toISODate()!;
    expect(await rows(`user=${someone.id}&from=2000-01-01&to=2000-01-02`)).toHaveLength(0);
    expect(await rows(`user=${someone.id}&from=${today}&to=${today}`)).toHaveLength(1);
  });

  it('answers a bad filter with 422 and a message, and no filter with a prompt', async () => {
    const agent = await signIn(app, admin.email);
    const bad = await agent.get('/admin/audit?action=steal&from=yesterday').expect(422);
    expect($(bad.text)('.field-error').text()).toContain('Pick an action from the list');
    const unknown = await agent.get('/admin/audit?user=nobody@example.com').expect(422);
    expect($(unknown.text)('.field-error').text()).toContain('There is no account with that e-mail address');
    expect($((await agent.get('/admin/audit').expect(200)).text)('.empty').text()).toContain('Choose a person');
  });
});
