/**
 * The audit pages: a patient sees who opened their visit (name and role, newest first, paged), and
 * an admin finds events by user, patient, action and dates; a bad filter is a 422 with a message.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { recordAccess, type AccessEvent, type AuditEvent } from '../../../src/audit';
import { appendEvent } from '../../../src/audit/repository';
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
    // Sent twice, it is no cursor: the first page, not an error.
    await agent.get('/account/record-access?cursor=a&cursor=b').expect(200);
  });
});

describe('the admin audit log', () => {
  it('finds events by user (e-mail), by patient, by action, and within dates', async () => {
    const someone = await aDoctor(deps);
    const event = await recordAccess(deps, access(someone, { action: 'download', resourceType: 'file' }));
    const agent = await signIn(app, admin.email);
    const rows = async (query: string) => $((await agent.get(`/admin/audit?${query}`).expect(200)).text)('[data-testid=audit-event]');

    expect((await rows(`user=${encodeURIComponent(someone.email)}`)).find('[data-testid=what]').text()).toBe('Downloaded a medical file');
    expect((await rows(`patient=${patient.id}`)).text()).toContain(event.resourceId);
    expect((await rows('action=download')).text()).toContain(event.resourceId);
    const today = DateTime.fromISO(event.ts).setZone(deps.config.timeZone).toISODate()!;
    expect(await rows(`user=${someone.id}&from=2000-01-01&to=2000-01-02`)).toHaveLength(0);
    expect(await rows(`user=${someone.id}&from=${today}&to=${today}`)).toHaveLength(1);
  });

  it('finds events by dates alone, newest first, paged across days (one Query per day)', async () => {
    // A random day of a past year no other test writes to.
    const first = DateTime.utc(1980 + Math.floor(Math.random() * 20), 1 + Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 25), 12);
    const written: AuditEvent[] = [];
    for (let i = 0; i < 27; i++) {
      const ts = first.plus({ days: i % 3, minutes: i }).toISO()!;
      written.push(await appendEvent(deps.db, { eventId: randomUUID(), ts, actorUserId: doctor.id, actorRole: 'doctor', action: 'view', resourceType: 'visit', resourceId: randomUUID(), patientId: randomUUID(), outcome: 'allowed', requestId: 'r', clientIp: '127.0.0.1' }));
    }
    const newestFirst = written.sort((a, b) => (a.ts < b.ts ? 1 : -1)).map((e) => e.resourceId);
    const agent = await signIn(app, admin.email);
    const local = (days: number) => first.plus({ days }).setZone(deps.config.timeZone).toISODate()!;

    const page1 = $((await agent.get(`/admin/audit?from=${local(0)}&to=${local(2)}`).expect(200)).text);
    const ids = (page: typeof page1) => page('[data-testid=audit-event] [data-label=What] .muted').map((_, el) => page(el).text().replace('Record ', '')).get();
    expect(ids(page1)).toEqual(newestFirst.slice(0, 25));
    const page2 = $((await agent.get(String(page1('a:contains("Older")').attr('href'))).expect(200)).text);
    expect(ids(page2)).toEqual(newestFirst.slice(25));
    const middleDay = written.filter((e) => e.ts.startsWith(first.plus({ days: 1 }).toISODate()!)).map((e) => e.resourceId);
    expect(ids($((await agent.get(`/admin/audit?from=${local(1)}&to=${local(1)}`).expect(200)).text))).toEqual(middleDay);
  });

  it('asks for a start date, and at most 31 days, when searching by dates alone', async () => {
    const agent = await signIn(app, admin.email);
    expect($((await agent.get('/admin/audit?to=2026-03-31').expect(422)).text)('.field-error').text()).toContain('Choose a start date');
    expect($((await agent.get('/admin/audit?from=2026-01-01&to=2026-03-31').expect(422)).text)('.field-error').text()).toContain('at most 31 days');
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
