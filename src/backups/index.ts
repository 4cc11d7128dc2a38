/** Backups of the tables to S3 (all but sessions and rate limits) and restore from them: the door scripts and the jobs use. */
export { backupAllTables, backupFolder, type BackupContext, type BackupOptions, type BackupSummary } from './backup';
export { restoreBackup, type RestoreContext, type RestoreObserver, type RestoreOptions } from './restore';
export { BackupError, type Manifest } from './manifest';
export { restoreArgsSchema, type RestoreArgs } from './schemas';
/** The part format, shared with the archive (src/archive): one typed item per gzip JSON line. */
export { itemToLine, lineToItem, type Item } from './item-json';
export { downloadPart, readItems } from './parts';
