/**
 * One DynamoDB item as one line of JSON, in DynamoDB's own typed form (`{"Item":{"pk":{"S":"…"}}}`,
 * the format of DynamoDB's S3 exports). The document client's plain JSON would turn numbers into
 * floats and drop sets and binary; the typed form keeps all of them exact. Binary becomes base64.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';

export type Item = Record<string, AttributeValue>;

type JsonValue = Record<string, unknown>;

function toJson(value: AttributeValue): JsonValue {
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: mapValues(value.M, toJson) };
  if (value.L !== undefined) return { L: value.L.map(toJson) };
  return { ...value };
}

function fromJson(value: JsonValue): AttributeValue {
  if (typeof value.B === 'string') return { B: Buffer.from(value.B, 'base64') };
  if (Array.isArray(value.BS)) return { BS: (value.BS as string[]).map((b) => Buffer.from(b, 'base64')) };
  if (value.M && typeof value.M === 'object') return { M: mapValues(value.M as Record<string, JsonValue>, fromJson) };
  if (Array.isArray(value.L)) return { L: (value.L as JsonValue[]).map(fromJson) };
  // S, N, SS, NS, BOOL and NULL are plain JSON already.
  return value as unknown as AttributeValue;
}

function mapValues<A, B>(record: Record<string, A>, convert: (value: A) => B): Record<string, B> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, convert(value)]));
}

export function itemToLine(item: Item): string {
  return `${JSON.stringify({ Item: mapValues(item, toJson) })}\n`;
}

/** Throws on a line that is not a typed item: the part is damaged. */
export function lineToItem(line: string): Item {
  const parsed = JSON.parse(line) as { Item?: unknown };
  if (!parsed.Item || typeof parsed.Item !== 'object' || Array.isArray(parsed.Item)) throw new Error('a line without an item');
  return mapValues(parsed.Item as Record<string, JsonValue>, fromJson);
}
