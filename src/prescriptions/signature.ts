/**
 * The signature on a prescription's link and QR code: HMAC-SHA256 over a canonical serialization
 * of its content and content version, under the newest configured key; every configured key still
 * verifies (rotation). The one-time dispense code is derived the same way, so it can be printed
 * again on every download while only its hash is stored.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Config } from '../config';
import type { PrescriptionContent } from './types';

type Keys = Config['prescriptions']['signingKeys'];

/** One fixed order of fields, arrays not objects: the same content always gives the same bytes. */
export function canonicalContent(p: PrescriptionContent): string {
  const lines = p.lines.map((l) => [l.drug, l.strength ?? '', l.dose, l.frequency, l.duration, l.instructions ?? '']);
  return JSON.stringify([
    'medtrack-prescription/1', p.id, p.contentVersion, p.appointmentId, p.patientId, p.doctorId, p.hospitalId,
    p.patientName, p.patientDateOfBirth ?? '', p.doctorName, p.doctorRegistration ?? '', p.issuedAt, p.advice ?? '', lines,
  ]);
}

const mac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest();

/** "<key id>.<base64url HMAC>", signed with the newest key. */
export function signPrescription(keys: Keys, p: PrescriptionContent): string {
  const [newest] = keys;
  return `${newest.id}.${mac(newest.secret, canonicalContent(p)).toString('base64url')}`;
}

/** Whether `sig` is a signature of this content under any configured key. */
export function signatureValid(keys: Keys, p: PrescriptionContent, sig: string | undefined): boolean {
  const [keyId, value] = (sig ?? '').split('.');
  const key = keys.find((k) => k.id === keyId);
  if (!key || !value) return false;
  const given = Buffer.from(value, 'base64url');
  const expected = mac(key.secret, canonicalContent(p));
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Letters and digits a person reads off paper without mixing up (no 0/O, 1/I/L). */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/**
 * The one-time code printed on the PDF: 8 characters (about 39 bits) under the key `keyId` (the
 * newest at issue, recorded on the prescription, so a rotation does not change a printed code).
 */
export function dispenseCode(keys: Keys, keyId: string, p: Pick<PrescriptionContent, 'id' | 'contentVersion'>): string | undefined {
  const key = keys.find((k) => k.id === keyId);
  if (!key) return undefined;
  const bytes = mac(key.secret, `dispense|${p.id}|${p.contentVersion}`);
  return Array.from(bytes.subarray(0, 8), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');
}

/** How a typed code is compared: case and spaces or dashes do not matter. */
export const normaliseCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');

export const hashCode = (code: string) => createHash('sha256').update(normaliseCode(code)).digest('hex');

/** Whether the typed code is the one whose hash is stored (constant time). */
export function codeMatches(typed: string, storedHash: string): boolean {
  const [given, stored] = [Buffer.from(hashCode(typed), 'hex'), Buffer.from(storedHash, 'hex')];
  return given.length === stored.length && timingSafeEqual(given, stored);
}
