/** Archival of finished appointments to S3 and reading them back: the door other features use. */
export { archiveAppointments, type ArchiveContext, type ArchiveOptions, type ArchiveStep, type ArchiveSummary } from './archiver';
export { archivedAppointmentFor, archivedRecordOf, createArchiveReader, type ArchiveReader } from './read-back';
export { archiveRoutes } from './routes';
export { ArchiveError } from './layout';
