// The records feature: the medical vault and the honest reading of lab reports.
export { recordsRoutes, recordsUploads } from './routes';
export { purgeDeletedFiles } from './vault/purge';
export { fileTimeline } from './vault/timeline';
export { storeFile } from './vault/upload';
export { readLabReport, readLabText, type ReadOptions } from './insights/read-lab-report';
export { HEADLINE, type AnalyteId, type AnalyteResult, type Flag, type FlaggedResult, type LabReading, type Sex, type UnreadResult } from './insights/types';
export { REFERENCE_RANGES } from './insights/reference-ranges';
