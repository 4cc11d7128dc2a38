/**
 * Archived items are DynamoDB's typed JSON (the backup format, see src/backups/item-json.ts). The
 * same item must always give the same line, so that its SHA-256 identifies it across runs:
 * attribute names are sorted, and so are set members.
 */
import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { toAppointment, type Appointment } from '../appointments';
import { itemToLine, type Item } from '../backups';
import type { ArchivedRecord } from './layout';

function sorted(value: AttributeValue): AttributeValue {
  if (value.M !== undefined) return { M: sortedItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(sorted) };
  if (value.SS !== undefined) return { SS: [...value.SS].sort() };
  if (value.NS !== undefined) return { NS: [...value.NS].sort() };
  return value;
}

const sortedItem = (item: Item): Item => Object.fromEntries(Object.keys(item).sort().map((name) => [name, sorted(item[name])]));

export const sha256Of = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/** The line an item is archived as. */
export const archiveLine = (item: Item): string => itemToLine(sortedItem(item));

export function recordOf(item: Item): ArchivedRecord {
  return { id: item.id?.S ?? '', version: Number(item.version?.N ?? 0), sha256: sha256Of(archiveLine(item)) };
}

function plain(value: AttributeValue): unknown {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return Number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.M !== undefined) return plainItem(value.M);
  if (value.L !== undefined) return value.L.map(plain);
  if (value.SS !== undefined) return value.SS;
  if (value.NS !== undefined) return value.NS.map(Number);
  // NULL, and binary, which appointments never hold.
  return undefined;
}

const plainItem = (item: Item): Record<string, unknown> => Object.fromEntries(Object.entries(item).map(([name, value]) => [name, plain(value)]));

/** The appointment a typed item holds (as the document client would have read it). */
export const appointmentOf = (item: Item): Appointment => toAppointment(plainItem(item));
