/**
 * What a file is, from its first bytes (its signature), by the file-type library. Version 16: the
 * last that loads as CommonJS, which the app and its tests (ts-jest) are compiled to.
 */
import { fromBuffer } from 'file-type';

export async function detectFileType(bytes: Buffer): Promise<string | undefined> {
  return (await fromBuffer(bytes))?.mime;
}
