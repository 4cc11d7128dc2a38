/**
 * What an uploaded file is, from its bytes only (file-type reads the signature), and whether it is
 * only that. A polyglot (one file that is also another format) is refused, by this rule:
 *  - PDF must begin with `%PDF-` at byte 0 and end with `%%EOF` (trailing white space allowed), and
 *    may hold no active content (/JavaScript, /JS, /Launch, /EmbeddedFile, /RichMedia, /XFA);
 *  - PNG must end with its IEND chunk; JPEG with its end-of-image marker (FF D9): nothing after;
 *  - no file may hold markup a browser would run (<script, <html, <iframe, <svg, <?php, ...) or a
 *    ZIP archive's end record anywhere in it.
 * Markers are long enough that compressed image or PDF data does not hold them by chance.
 */
import { fromBuffer } from 'file-type';
import { VAULT_TYPES, type VaultType } from './types';

const MARKUP = /<(script|html|body|iframe|svg|object|embed|\?php|!doctype)[\s>/]/i;
const PDF_ACTIVE = /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)[\s/<([]/;
/** The ZIP end of central directory record with its two zero disk numbers (every ordinary zip, jar, docx). */
const ZIP_END = Buffer.from([0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0]);
const PNG_END = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);
const JPEG_END = Buffer.from([0xff, 0xd9]);

export type FileVerdict = { ok: true; contentType: VaultType } | { ok: false; reason: 'not-allowed' | 'polyglot' };

/** latin1 keeps one character per byte, so the patterns see the raw bytes. */
const asText = (bytes: Buffer) => bytes.toString('latin1');

function endsWith(bytes: Buffer, end: Buffer): boolean {
  return bytes.length >= end.length && bytes.subarray(bytes.length - end.length).equals(end);
}

function onlyItself(bytes: Buffer, type: VaultType): boolean {
  const text = asText(bytes);
  if (MARKUP.test(text) || bytes.includes(ZIP_END)) return false;
  if (type === 'image/png') return endsWith(bytes, PNG_END);
  if (type === 'image/jpeg') return endsWith(bytes, JPEG_END);
  return text.startsWith('%PDF-') && /%%EOF\s*$/.test(text.slice(-1024)) && !PDF_ACTIVE.test(text);
}

/** The file's type if it is a PDF, PNG or JPEG and nothing else. */
export async function checkFile(bytes: Buffer): Promise<FileVerdict> {
  const mime = (await fromBuffer(bytes))?.mime;
  const type = VAULT_TYPES.find((t) => t === mime);
  if (!type) return { ok: false, reason: 'not-allowed' };
  return onlyItself(bytes, type) ? { ok: true, contentType: type } : { ok: false, reason: 'polyglot' };
}

const TRAVERSAL = /(^|[\\/])\.\.([\\/]|$)|[\\/]/;
const CONTROL = /[\p{Cc}\p{Bidi_Control}]/u;

export type NameVerdict = { ok: true; displayName: string } | { ok: false; reason: 'path' | 'control' };

/** The original name as shown on pages: refused if it names a path or holds control characters. */
export function checkFileName(name: string): NameVerdict {
  if (CONTROL.test(name)) return { ok: false, reason: 'control' };
  if (TRAVERSAL.test(name) || name === '..' || name === '.') return { ok: false, reason: 'path' };
  const displayName = name.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, 120);
  return { ok: true, displayName: displayName || 'file' };
}
