/** Audit events in plain words for the pages: what was done, by whom, with what result. */
import type { AuditEvent } from './event';

const THINGS: Record<string, string> = {
  visit: 'a visit record',
  'archived-day': 'a day of archived visits',
  file: 'a medical file',
  prescription: 'a prescription',
  timeline: 'the health timeline',
  'audit-day': 'a day of this log to long-term storage',
  'blood-donor': 'a blood donor’s record',
  'blood-donation': 'a blood donation and its screening',
  'blood-request': 'a request for blood',
};

const DOINGS: Record<string, string> = {
  view: 'Opened',
  download: 'Downloaded',
  create: 'Added',
  update: 'Changed',
  delete: 'Deleted',
  revoke: 'Revoked',
  verify: 'Checked',
  dispense: 'Dispensed',
  archive: 'Archived',
  list: 'Listed',
  preview: 'Previewed',
  hide: 'Hid from doctors',
  unhide: 'Showed to doctors again',
  share: 'Shared with a doctor',
  unshare: 'Stopped sharing',
  restore: 'Restored',
  search: 'Found',
  issue: 'Issued blood for',
};

export const ROLE_WORDS: Record<string, string> = { patient: 'Patient', doctor: 'Doctor', admin: 'Administrator', public: 'Pharmacy', system: 'MedTrack itself' };

export const OUTCOME_WORDS: Record<AuditEvent['outcome'], string> = { allowed: 'Allowed', denied: 'Refused', failed: 'Failed' };

/** Where "<doing> <thing>" would not read as a sentence. */
const PHRASES: Record<string, string> = {
  'list:file': 'Looked at the list of medical files',
  'create:file': 'Added a file to the medical records',
  'hide:file': 'Hid a file from doctors',
  'unhide:file': 'Let doctors see a file again',
  'share:file': 'Shared a file with a doctor',
  'unshare:file': 'Stopped sharing a file with a doctor',
  'create:visit': 'Wrote a visit record',
  'update:visit': 'Corrected a visit record',
};

export function describeAction(event: Pick<AuditEvent, 'action' | 'resourceType'>): string {
  return PHRASES[`${event.action}:${event.resourceType}`] ?? `${DOINGS[event.action] ?? 'Used'} ${THINGS[event.resourceType] ?? 'a record'}`;
}

/** The choices of the admin page's action filter. */
export const ACTION_CHOICES = Object.entries(DOINGS).map(([value, label]) => ({ value, label }));
