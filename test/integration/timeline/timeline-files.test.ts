/**
 * The medical vault's files on the health timeline: by the date on the report (not the upload day),
 * merged newest first among visits and prescriptions, paged with no gap and no duplicate; a deleted
 * file never shows; a hidden file shows to the patient but not to their doctor; "Files" alone.
 * Own tables: a timeline of its own patient.
 */
import { DateTime } from 'luxon';
import type { Appointment } from '../../../src/appointments/types';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import type { Prescription } from '../../../src/prescriptions/types';
import { changeFile } from '../../../src/records/vault/changes';
import { getFile, listFilesByDate } from '../../../src/records/vault/repository';
import type { VaultFile } from '../../../src/records/vault/types';
import { addFile, checkedUpload } from '../../../src/records/vault/upload';
import type { User } from '../../../src/users';
import { ensureCityGeneralCardiology } from '../../helpers/accounts';
import { buildTestApp } from '../../helpers/app';
import { $, signIn, type Agent } from '../../helpers/http';
import { aDoctor, aPatient } from '../../helpers/users';
import { tinyPdf, uploadVia } from '../../helpers/vault';
import { daysAgoAt } from '../archive/visits';
import { aPrescription, aVisit } from './builders';

const PREFIX = `${process.env.MEDTRACK_TABLE_PREFIX ?? 'test-'}timeline-files-`;
const { app, deps } = buildTestApp({ MEDTRACK_TABLE_PREFIX: PREFIX });

/** Days ago of the completed visits (3 entries each), and of the files' report dates (some on a visit's day). */
const VISIT_DAYS = [3, 10, 30, 60, 90];
const FILE_DAYS = [1, 3, 7, 14, 21, 30, 45, 70, 100, 130, 160, 200];

let patient: User;
let doctor: User;
let visits: Appointment[];
let prescriptions: Prescription[];
let files: VaultFile[];
let hidden: VaultFile;
let deleted: VaultFile;
let patientAgent: Agent;
let doctorAgent: Agent;

const dayOf = (days: number) => daysAgoAt(deps, days).toISODate()!;

async function aFile(days: number, title: string): Promise<VaultFile> {
  const upload = await checkedUpload(deps, { buffer: tinyPdf(title), originalname: `${days}.pdf` }, undefined);
  return addFile(deps, patient, patient, { title, kind: 'other', date: dayOf(days) }, upload);
}

beforeAll(async () => {
  await ensureTables(deps.db.client, PREFIX);
  await ensureCityGeneralCardiology(deps);
  [patient, doctor] = await Promise.all([aPatient(deps, { firstName: 'Meera' }), aDoctor(deps, { lastName: 'Iyer' })]);
  const ofPair = { patientId: patient.id, doctorId: doctor.id };
  visits = await Promise.all([
    ...VISIT_DAYS.map((days) => aVisit(deps, { ...ofPair, start: daysAgoAt(deps, days, '09:00'), status: 'completed', consultation: { diagnosis: `Review ${days}`, vitals: { pulse: 70 }, prescription: [] } })),
    // Today, booked: the doctor cares for the patient.
    aVisit(deps, { ...ofPair, start: DateTime.now().minus({ minutes: 10 }), status: 'booked' }),
  ]);
  prescriptions = await Promise.all(visits.slice(1, 3).map((v) => aPrescription(deps, v, DateTime.fromISO(v.start).plus({ minutes: 40 }).toUTC().toISO()!)));
  files = await Promise.all(FILE_DAYS.map((days) => aFile(days, `Report ${days}`)));
  [hidden, deleted] = await Promise.all([aFile(50, 'Private letter'), aFile(40, 'Deleted scan')]);
  await changeFile(deps, patient, hidden.id, 'hide');
  await changeFile(deps, patient, deleted.id, 'delete');
  patientAgent = await signIn(app, patient.email);
  doctorAgent = await signIn(app, doctor.email);
});

interface Expected {
  key: string;
  kind: string;
  id: string;
}

/** What the timeline must hold, newest first; files sort by the start of their report's day in the hospital zone. */
function expectedEntries(withFiles: VaultFile[]): Expected[] {
  const entries: Expected[] = [];
  for (const v of visits) {
    const of = (kind: string, suffix: string) => ({ key: `${v.start}#${v.id}#${suffix}`, kind, id: `${v.id}#${suffix}` });
    entries.push(of('visit', '3-visit'));
    if (v.status === 'completed') entries.push(of('diagnosis', '2-diagnosis'), of('vitals', '1-vitals'));
  }
  for (const p of prescriptions) entries.push({ key: `${p.issuedAt}#${p.id}`, kind: 'prescription', id: p.id });
  for (const f of withFiles) {
    const at = DateTime.fromISO(f.date, { zone: deps.config.timeZone }).startOf('day').toUTC().toISO()!;
    entries.push({ key: `${at}#${f.id}`, kind: 'file', id: f.id });
  }
  return entries.sort((a, b) => (a.key < b.key ? 1 : -1));
}

async function allPages(agent: Agent, url: string): Promise<{ kind: string; id: string; link?: string }[][]> {
  const pages: { kind: string; id: string; link?: string }[][] = [];
  let next: string | undefined = url;
  while (next && pages.length < 10) {
    const page = $((await agent.get(next).expect(200)).text);
    pages.push(page('[data-testid=timeline-entry]').map((_i, el) => ({ kind: page(el).attr('data-kind')!, id: page(el).attr('data-id')!, link: page(el).find('.timeline-title a').attr('href') })).get());
    next = page('[data-testid=timeline-older]').attr('href');
  }
  return pages;
}

const idsOf = (entries: { kind: string; id: string }[]) => entries.map(({ kind, id }) => ({ kind, id }));

describe('files on the health timeline', () => {
  it('merges the files, by the date on the report, among visits and prescriptions, paged with no gap and no duplicate', async () => {
    const expected = expectedEntries([...files, hidden]);
    expect(expected).toHaveLength(VISIT_DAYS.length * 3 + 1 + prescriptions.length + FILE_DAYS.length + 1);

    const pages = await allPages(patientAgent, '/timeline');

    expect(pages.map((p) => p.length)).toEqual([20, expected.length - 20]);
    expect(idsOf(pages.flat())).toEqual(idsOf(expected));
    const fileEntries = pages.flat().filter((e) => e.kind === 'file');
    expect(fileEntries.map((e) => e.link)).toEqual(fileEntries.map((e) => `/patients/${patient.id}/files/${e.id}`));
  });

  it('leaves out a deleted file, and shows it again once restored', async () => {
    expect(idsOf((await allPages(patientAgent, '/timeline?kind=file')).flat()).map((e) => e.id)).not.toContain(deleted.id);
    await changeFile(deps, patient, deleted.id, 'restore');
    try {
      expect((await allPages(patientAgent, '/timeline?kind=file')).flat().map((e) => e.id)).toContain(deleted.id);
    } finally {
      await changeFile(deps, patient, deleted.id, 'delete');
    }
  });

  it('filters "Files" alone: every live file the patient may see, newest report date first, across pages', async () => {
    const pages = await allPages(patientAgent, '/timeline?kind=file');
    expect(idsOf(pages.flat())).toEqual(idsOf(expectedEntries([...files, hidden]).filter((e) => e.kind === 'file')));
    const page = $((await patientAgent.get('/timeline').expect(200)).text);
    expect(page('input[name=kind][value=file]').length).toBe(1);
  });

  it('shows a hidden file to the patient but not to their doctor, whose pages still have no gap', async () => {
    const pages = await allPages(doctorAgent, `/patients/${patient.id}/timeline`);
    const expected = expectedEntries(files);
    expect(pages.map((p) => p.length)).toEqual([20, expected.length - 20]);
    expect(idsOf(pages.flat())).toEqual(idsOf(expected));
    const onlyFiles = (await allPages(doctorAgent, `/patients/${patient.id}/timeline?kind=file`)).flat();
    expect(onlyFiles.map((e) => e.id)).not.toContain(hidden.id);
    expect(onlyFiles).toHaveLength(files.length);
    // The link opens for the doctor: the vault's file page.
    expect((await doctorAgent.get(onlyFiles[0].link!)).status).toBe(200);
  });

  it('reads on past hidden files, so a short page for a doctor never looks like the end', async () => {
    const [first, second, third] = files;
    await Promise.all([first, second].map((f) => changeFile(deps, patient, f.id, 'hide')));
    try {
      // Limit 1 reads two items per Query: both hidden, so it must read on to the third.
      const found = await listFilesByDate(deps.db, patient.id, { from: '0', below: '~', limit: 1, withoutHidden: true });
      expect(found.map((f) => f.title)).toEqual([third.title]);
    } finally {
      await Promise.all([first, second].map((f) => changeFile(deps, patient, f.id, 'unhide')));
    }
  });

  it('dates an uploaded file by the date on the report, with no time of day', async () => {
    const date = dayOf(400);
    const response = await uploadVia(patientAgent, { bytes: tinyPdf('Old'), filename: 'old.pdf' }, { title: 'Old x-ray report', date });
    expect(response.status).toBe(303);
    const fileId = /files\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1];
    const stored = await getFile(deps.db, patient.id, fileId!);
    expect(stored?.dateAt).toBe(DateTime.fromISO(date, { zone: deps.config.timeZone }).startOf('day').toUTC().toISO());
    const page = $((await patientAgent.get(`/timeline?kind=file&from=${date}&to=${date}`).expect(200)).text);
    expect(page('[data-testid=timeline-entry]').map((_i, el) => page(el).attr('data-id')).get()).toEqual([fileId]);
    expect(page('.timeline-summary').text()).toBe('Other, added by you');
    await changeFile(deps, patient, fileId!, 'delete');
  });
});
