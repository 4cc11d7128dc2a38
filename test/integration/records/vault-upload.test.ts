/**
 * T-FILE-01, the medical vault's uploads and downloads: a PDF, PNG or JPEG is typed by its bytes,
 * stored under a key the server chose, encrypted and checksummed; every bad file (wrong type,
 * polyglot, empty, too large, a name with a path or control characters) is a 4xx with a message
 * and leaves nothing in S3 or DynamoDB. Downloads and previews are never served as a page.
 */
import { createHash } from 'node:crypto';
import { getFile } from '../../../src/records/vault/repository';
import { addFile } from '../../../src/records/vault/upload';
import { buildTestApp } from '../../helpers/app';
import { $, signIn } from '../../helpers/http';
import { TINY_PNG } from '../../helpers/images';
import { labPdf } from '../../helpers/lab-pdfs';
import { aPatient } from '../../helpers/users';
import { BAD_FILES, binary, headObject, itemsOf, objectsOf, tinyPdf, TINY_JPEG, uploadVia } from '../../helpers/vault';

const { app, deps } = buildTestApp({ MEDTRACK_VAULT_MAX_MB: '1' });

async function aSignedInPatient(overrides = {}) {
  const patient = await aPatient(deps, overrides);
  return { patient, agent: await signIn(app, patient.email) };
}

const fileIdOf = (location: string) => /^\/patients\/[0-9a-f-]{36}\/files\/([0-9a-f-]{36})$/.exec(location)![1];

describe('adding a file to the vault', () => {
  it.each([
    ['a PDF', tinyPdf(), 'report.pdf', 'application/pdf'],
    ['a PNG', TINY_PNG, 'scan.png', 'image/png'],
    ['a JPEG', TINY_JPEG, 'photo.jpeg', 'image/jpeg'],
    // Browsers send a name's UTF-8 bytes as they are: read as latin1 it would be garbled or refused.
    ['a PDF named in Hindi', tinyPdf(), 'रक्त जाँच रिपोर्ट.pdf', 'application/pdf'],
  ])('keeps %s under a server-made key, encrypted, with its checksum and metadata', async (_name, bytes, filename, type) => {
    const { patient, agent } = await aSignedInPatient();

    const response = await uploadVia(agent, { bytes, filename, contentType: 'application/octet-stream' }, { title: 'My report', kind: 'imaging', date: '2026-01-15' });

    expect(response.status).toBe(303);
    const fileId = fileIdOf(response.headers.location);
    const file = (await getFile(deps.db, patient.id, fileId))!;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(file).toMatchObject({ title: 'My report', kind: 'imaging', date: '2026-01-15', contentType: type, size: bytes.length, sha256, displayName: filename, hidden: false, shares: [], version: 1 });
    expect(file.uploadedBy).toEqual({ userId: patient.id, role: 'patient' });
    expect(await objectsOf(deps, patient.id)).toEqual([`vault/${patient.id}/${fileId}`]);
    const head = await headObject(deps, `vault/${patient.id}/${fileId}`);
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ETag).toBe(`"${createHash('md5').update(bytes).digest('hex')}"`);
    const page = $((await agent.get(response.headers.location)).text);
    expect(page('h1').text()).toBe('My report');
    expect(page('.flash-success').text()).toBe('The file is added to the records.');
  });

  it.each(BAD_FILES)('refuses $name with a message, leaving nothing behind', async ({ bytes, filename, filepath, status, message }) => {
    const { patient, agent } = await aSignedInPatient();

    const response = await uploadVia(agent, { bytes, filename, filepath });

    expect(response.status).toBe(status);
    expect($(response.text)('#f-file-error').text()).toMatch(message);
    expect($(response.text)('#f-title').val()).toBe('Blood test, March');
    expect(await objectsOf(deps, patient.id)).toEqual([]);
    expect(await itemsOf(deps, patient.id)).toEqual([]);
  });

  it('refuses a file over the limit with 413 and a message, leaving nothing behind', async () => {
    const { patient, agent } = await aSignedInPatient();

    const response = await uploadVia(agent, { bytes: Buffer.concat([tinyPdf(), Buffer.alloc(1024 * 1024)]), filename: 'big.pdf' });

    expect(response.status).toBe(413);
    expect($(response.text)('#f-file-error').text()).toBe('This file is larger than 1 MB. Choose a smaller file.');
    expect(await objectsOf(deps, patient.id)).toEqual([]);
    expect(await itemsOf(deps, patient.id)).toEqual([]);
  });

  it('refuses a missing title, kind or date with field messages, and stores nothing', async () => {
    const { patient, agent } = await aSignedInPatient();

    const response = await uploadVia(agent, { bytes: tinyPdf(), filename: 'a.pdf' }, { title: '', kind: 'spaceship', date: '2999-01-01' });

    expect(response.status).toBe(422);
    const page = $(response.text);
    expect(page('#f-title-error').text()).toMatch(/Give the file a title/);
    expect(page('#f-kind-error').text()).toBe('Choose what kind of file this is');
    expect(page('#f-date-error').text()).toBe('The date cannot be in the future');
    expect(await objectsOf(deps, patient.id)).toEqual([]);
  });

  it('deletes the object again when its metadata cannot be written', async () => {
    const patient = await aPatient(deps);
    const broken = { ...deps, db: { ...deps.db, tables: { ...deps.db.tables, records: 'no-such-table' } } };
    const input = { title: 'Report', kind: 'other' as const, date: '2026-01-01' };

    await expect(addFile(broken, patient, patient, input, { bytes: TINY_PNG, displayName: 'a.png', contentType: 'image/png' })).rejects.toThrow();

    expect(await objectsOf(deps, patient.id)).toEqual([]);
  });

  it('reads a lab report and shows its flags to the patient', async () => {
    const { patient, agent } = await aSignedInPatient({ gender: 'female' });
    const pdf = await labPdf({ lines: ['Haemoglobin: 10.1 g/dL'] });

    const response = await uploadVia(agent, { bytes: pdf, filename: 'lab.pdf' }, { kind: 'lab-report' });

    expect(response.status).toBe(303);
    const file = (await getFile(deps.db, patient.id, fileIdOf(response.headers.location)))!;
    expect(file.reading).toMatchObject({ kind: 'read', results: [expect.objectContaining({ analyte: 'haemoglobin', flag: 'low' })] });
    const page = $((await agent.get(response.headers.location)).text);
    expect(page('#lab-insights-title').text()).toBe('Automated reading of your report: check with your doctor');
    expect(page('[data-testid=insight-haemoglobin]').text()).toContain('Below range');
  });
});

describe('downloading and previewing a file', () => {
  it('streams the stored bytes as an attachment of the type read at upload, never sniffed', async () => {
    const { agent } = await aSignedInPatient();
    const location = (await uploadVia(agent, { bytes: TINY_PNG, filename: 'x.html', contentType: 'text/html' }, { title: 'Knee "scan"; filename=x.html' })).headers.location;

    const download = await agent.get(`${location}/download`).buffer(true).parse(binary);

    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-disposition']).toBe('attachment; filename="Knee scan filenamex.html.png"');
    expect(download.headers['content-security-policy']).toContain('sandbox');
    expect(Buffer.compare(download.body as Buffer, TINY_PNG)).toBe(0);
  });

  it('previews an image inline in a sandbox, and a PDF inline only inside our own pages', async () => {
    const { agent } = await aSignedInPatient();
    const image = (await uploadVia(agent, { bytes: TINY_PNG, filename: 'a.png' })).headers.location;
    const pdf = (await uploadVia(agent, { bytes: tinyPdf(), filename: 'a.pdf' })).headers.location;

    const imagePreview = await agent.get(`${image}/preview`).buffer(true).parse(binary);
    const pdfPreview = await agent.get(`${pdf}/preview`).buffer(true).parse(binary);

    expect(imagePreview.headers).toMatchObject({ 'content-type': 'image/png', 'content-disposition': 'inline', 'x-content-type-options': 'nosniff' });
    expect(imagePreview.headers['content-security-policy']).toMatch(/default-src 'none'.*; sandbox$/);
    expect(pdfPreview.headers).toMatchObject({ 'content-type': 'application/pdf', 'content-disposition': 'inline', 'x-frame-options': 'SAMEORIGIN' });
    expect(pdfPreview.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect($((await agent.get(pdf)).text)('iframe[data-testid=preview]').attr('src')).toBe(`${pdf}/preview`);
    expect($((await agent.get(image)).text)('img[data-testid=preview]').attr('src')).toBe(`${image}/preview`);
  });
});
