/**
 * The manifest: written last, so a backup folder without one is incomplete. It lists every part
 * with its item count, size and SHA-256, which restore checks before it writes anything.
 */
import { z } from 'zod';

export const MANIFEST_FILE = 'manifest.json';
export const FORMAT = 'medtrack-backup/1';

const count = z.number().int().min(0);

const partSchema = z.object({
  /** Relative to the backup folder, so a copied folder still restores. */
  file: z.string().regex(/^[a-z0-9-]+\/part-\d{4,}\.jsonl\.gz$/),
  items: count,
  bytes: count,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

const tableSchema = z.object({ name: z.string(), items: count, bytes: count, parts: z.array(partSchema) });

export const manifestSchema = z.object({
  format: z.literal(FORMAT),
  tablePrefix: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime(),
  tables: z.array(tableSchema),
  totals: z.object({ tables: count, parts: count, items: count, bytes: count }),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type TableBackup = z.infer<typeof tableSchema>;
export type PartEntry = z.infer<typeof partSchema>;

/** Why a backup cannot be made or restored; its message is meant for the operator. */
export class BackupError extends Error {}

export const partFile = (table: string, index: number) => `${table}/part-${String(index).padStart(4, '0')}.jsonl.gz`;

export function totalsOf(tables: TableBackup[]): Manifest['totals'] {
  return {
    tables: tables.length,
    parts: tables.reduce((sum, t) => sum + t.parts.length, 0),
    items: tables.reduce((sum, t) => sum + t.items, 0),
    bytes: tables.reduce((sum, t) => sum + t.bytes, 0),
  };
}
