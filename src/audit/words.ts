/** Audit events in plain words for the pages: what was done, by whom, with what result. */
import type { AuditEvent } from './event';

const THINGS: Record<string, string> = {
  visit: 'a visit record',
  'archived-day': 'a day of archived visits',
  file: 'a file in the medical vault',
  prescription: 'a prescription',
  timeline: 'the health timeline',
  'audit-day': 'a day of this log to long-term storage',
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
};

export const ROLE_WORDS: Record<string, string> = { patient: 'Patient', doctor: 'Doctor', admin: 'Administrator', public: 'Pharmacy', system: 'MedTrack itself' };

export const OUTCOME_WORDS: Record<AuditEvent['outcome'], string> = { allowed: 'Allowed', denied: 'Refused', failed: 'Failed' };

export function describeAction(event: Pick<AuditEvent, 'action' | 'resourceType'>): string {
  return `${DOINGS[event.action] ?? 'Used'} ${THINGS[event.resourceType] ?? 'a record'}`;
}

/** The choices of the admin page's action filter. */
export const ACTION_CHOICES = Object.entries(DOINGS).map(([value, label]) => ({ value, label }));
