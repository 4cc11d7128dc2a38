/** Every key of the records table and of the vault's S3 objects, built here and nowhere else. */
export const fileKey = (patientId: string, fileId: string) => ({ pk: `PATIENT#${patientId}`, sk: `FILE#${fileId}` });

/**
 * In `filesByDate` while not deleted: the vault's list and the health timeline's source. Sorted by the date on the report
 * (`dateAt`: the start of that day in the hospital's zone, a UTC instant), not by the upload time.
 */
export const timelineIndexKey = (patientId: string, dateAt: string, fileId: string) => ({ gsi4pk: `DATED#${patientId}`, gsi4sk: `${dateAt}#${fileId}` });

/** In `deletedFiles` while deleted and restorable. */
export const deletedIndexKey = (patientId: string, deletedAt: string, fileId: string) => ({ gsi2pk: `DELETED#${patientId}`, gsi2sk: `${deletedAt}#${fileId}` });

/** One partition, read once a day by the purge up to "now": the sort key starts with the due time. */
export const PURGE_PARTITION = 'PURGE';
export const purgeIndexKey = (purgeAfter: string, fileId: string) => ({ gsi3pk: PURGE_PARTITION, gsi3sk: `${purgeAfter}#${fileId}` });

export const INDEX_ATTRIBUTES = ['gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk'] as const;

/** The object's key: chosen by the server, never from the file's name. */
export const objectKey = (patientId: string, objectId: string) => `vault/${patientId}/${objectId}`;
export const patientPrefix = (patientId: string) => `vault/${patientId}/`;
