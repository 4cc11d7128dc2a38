/**
 * The prescriptions source of the health timeline (platform/timeline.ts): the patient's issued
 * prescriptions, newest first, from byPatient. A prescription is issued from a completed visit the
 * first time its patient or doctor opens it; the visit's diagnosis entry lists the medicines before that.
 */
import type { Deps } from '../deps';
import { lowerBound, upperBound, type TimelineSource, type TimelineViewer } from '../platform/timeline';
import { listPrescriptionsForPatient } from './repository';
import type { Prescription } from './types';
import { stateOf } from './verify';

const STATE_WORDS: Record<ReturnType<typeof stateOf>, string> = { valid: 'Can be dispensed', expired: 'Expired', revoked: 'Revoked', dispensed: 'Dispensed' };

/** The prescription page answers its patient and the doctor who issued it, and nobody else. */
const mayOpen = (p: Prescription, viewer: TimelineViewer) => (viewer.role === 'patient' && viewer.userId === p.patientId) || viewer.userId === p.doctorId;

export function prescriptionTimeline(deps: Pick<Deps, 'db' | 'config'>): TimelineSource {
  return {
    kinds: ['prescription'],
    async read(patientId, window) {
      const found = await listPrescriptionsForPatient(deps.db, patientId, { from: lowerBound(window), below: upperBound(window), limit: window.limit });
      return found.map((p) => ({
        at: p.issuedAt,
        kind: 'prescription' as const,
        id: p.id,
        title: `Prescription from ${p.doctorName}`,
        summary: `${STATE_WORDS[stateOf(deps, p)]} · ${p.lines.length === 1 ? '1 medicine' : `${p.lines.length} medicines`}`,
        link: mayOpen(p, window.viewer) ? `/prescriptions/${p.id}` : undefined,
        details: [{ label: 'Medicines', value: p.lines.map((line) => [line.drug, line.strength, line.dose].filter(Boolean).join(' ')).join('; ') }],
      }));
    },
  };
}
