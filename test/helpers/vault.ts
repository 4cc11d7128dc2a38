/** Files for the medical vault's tests, and ways to see what the vault left in S3 and DynamoDB. */
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import type request from 'supertest';
import type { Deps } from '../../src/deps';
import { listDeletedFiles, listLiveFiles } from '../../src/records/vault/repository';
import type { Agent } from './http';
import { TINY_PNG } from './images';

/** The smallest JPEG file-type knows: start of image, a JFIF header, end of image. */
export const TINY_JPEG = Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex');

/** A one-page PDF with a text layer, written by hand (no generator's quirks). */
export function tinyPdf(text = 'Hello'): Buffer {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

export const ZIP_END_RECORD = Buffer.from('504b0506000000000000000000000000000000000000', 'hex');

/** Files that must be refused, each with what the patient is told. */
/** `filepath`: sent as the name with its folders (form-data would cut `filename` to its last part). */
export const BAD_FILES: { name: string; bytes: Buffer; filename: string; filepath?: string; status: number; message: RegExp }[] = [
  { name: 'an HTML page named .pdf', bytes: Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), filename: 'evil.pdf', status: 422, message: /Only PDF, PNG and JPEG files/ },
  { name: 'a Windows program named .pdf', bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]), filename: 'x.exe.pdf', status: 422, message: /Only PDF, PNG and JPEG files/ },
  { name: 'a PHP script named .php.pdf', bytes: Buffer.from('<?php system($_GET["c"]); ?>'), filename: 'x.php.pdf', status: 422, message: /Only PDF, PNG and JPEG files/ },
  { name: 'a PDF whose signature is not at byte 0', bytes: Buffer.concat([Buffer.from('  '), tinyPdf()]), filename: 'late.pdf', status: 422, message: /Only PDF, PNG and JPEG files/ },
  { name: 'a PNG with a script inside', bytes: Buffer.concat([TINY_PNG.subarray(0, 33), Buffer.from('<script>alert(1)</script>'), TINY_PNG.subarray(33)]), filename: 'a.png', status: 422, message: /more than a PDF or picture/ },
  { name: 'a PNG with data after its end', bytes: Buffer.concat([TINY_PNG, Buffer.from('trailing')]), filename: 'b.png', status: 422, message: /more than a PDF or picture/ },
  { name: 'a JPEG with a zip appended', bytes: Buffer.concat([TINY_JPEG, ZIP_END_RECORD]), filename: 'c.jpg', status: 422, message: /more than a PDF or picture/ },
  { name: 'a PDF carrying HTML', bytes: Buffer.from(tinyPdf().toString('latin1').replace('%PDF-1.4\n', '%PDF-1.4\n%<html><body>hi</body></html>\n'), 'latin1'), filename: 'd.pdf', status: 422, message: /more than a PDF or picture/ },
  { name: 'a PDF with JavaScript in it', bytes: Buffer.from(tinyPdf().toString('latin1').replace('/Type /Catalog', '/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>'), 'latin1'), filename: 'e.pdf', status: 422, message: /more than a PDF or picture/ },
  { name: 'a PDF with a zip after its end', bytes: Buffer.concat([tinyPdf(), ZIP_END_RECORD, Buffer.from('%%EOF\n')]), filename: 'f.pdf', status: 422, message: /more than a PDF or picture/ },
  { name: 'an empty file', bytes: Buffer.alloc(0), filename: 'empty.pdf', status: 422, message: /This file is empty/ },
  { name: 'a name with a path going up', bytes: tinyPdf(), filename: '', filepath: '../../etc/passwd.pdf', status: 422, message: /looks like a folder path/ },
  { name: 'a name with a folder', bytes: tinyPdf(), filename: '', filepath: 'reports/a.pdf', status: 422, message: /looks like a folder path/ },
  { name: 'a name with a backslash', bytes: tinyPdf(), filename: '..\\a.pdf', status: 422, message: /looks like a folder path/ },
  // A raw control byte breaks the part's header: refused as unreadable, which is as good.
  { name: 'a name with a control character', bytes: tinyPdf(), filename: 'a\u0007b.pdf', status: 422, message: /invisible characters|could not be read/ },
  { name: 'a name that reads backwards (bidi override)', bytes: tinyPdf(), filename: 'report\u202Efdp.exe', status: 422, message: /invisible characters/ },
];

/** The object keys under the patient's vault prefix. */
export async function objectsOf(deps: Deps, patientId: string): Promise<string[]> {
  const listed = await deps.storage.client.send(new ListObjectsV2Command({ Bucket: deps.storage.bucket, Prefix: `vault/${patientId}/` }));
  return (listed.Contents ?? []).map((o) => o.Key!);
}

/** Every item the patient's vault holds, live or deleted (two Queries). */
export async function itemsOf(deps: Deps, patientId: string) {
  return [...(await listLiveFiles(deps.db, patientId)).files, ...(await listDeletedFiles(deps.db, patientId)).files];
}

export const headObject = (deps: Deps, key: string) =>
  deps.storage.client.send(new HeadObjectCommand({ Bucket: deps.storage.bucket, Key: key, ChecksumMode: 'ENABLED' }));

/** Posts the upload form as a browser does: the token and fields first, then the file. */
export async function uploadVia(agent: Agent, file: { bytes: Buffer; filename: string; filepath?: string; contentType?: string }, fields: Record<string, string> = {}, formPage = '/records/upload') {
  const page = await agent.get(formPage);
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  const call = agent.post('/records/upload').field('_csrf', token);
  for (const [k, v] of Object.entries({ title: 'Blood test, March', kind: 'other', date: '2026-03-01', ...fields })) call.field(k, v);
  const name = file.filepath ? { filepath: file.filepath } : { filename: file.filename };
  return call.attach('file', file.bytes, { ...name, contentType: file.contentType ?? 'application/pdf' } as unknown as { filename: string; contentType: string });
}

export const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};
