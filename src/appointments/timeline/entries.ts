/** One visit as timeline entries: the visit, its diagnosis and treatment, its vitals. */
import type { TimelineEntry, TimelineKind, TimelineViewer } from '../../platform/timeline';
import type { DescribedAppointment } from '../presenter';
import type { Vitals } from '../types';

/** The entries of one visit share its start; these suffixes keep them in reading order (newest first). */
const ORDER: Record<'visit' | 'diagnosis' | 'vitals', string> = { visit: '3-visit', diagnosis: '2-diagnosis', vitals: '1-vitals' };

/** Each measurement with its words and unit, in the order people read them. */
export const VITAL_WORDS: { field: keyof Vitals; label: string; unit: string }[] = [
  { field: 'pulse', label: 'Pulse', unit: 'beats a minute' },
  { field: 'temperatureC', label: 'Temperature', unit: '°C' },
  { field: 'weightKg', label: 'Weight', unit: 'kg' },
  { field: 'heightCm', label: 'Height', unit: 'cm' },
  { field: 'spo2', label: 'Oxygen level', unit: '%' },
];

export function vitalsDetails(vitals: Vitals): { label: string; value: string }[] {
  const details: { label: string; value: string }[] = [];
  if (vitals.bpSystolic !== undefined && vitals.bpDiastolic !== undefined) {
    details.push({ label: 'Blood pressure', value: `${vitals.bpSystolic}/${vitals.bpDiastolic} mmHg` });
  }
  for (const word of VITAL_WORDS) {
    const value = vitals[word.field];
    if (value !== undefined) details.push({ label: word.label, value: `${value} ${word.unit}` });
  }
  return details;
}

/** The visit page, for the people who may open it: the patient, and the doctor who saw them. */
function linkFor(visit: DescribedAppointment, viewer: TimelineViewer): string | undefined {
  const mayOpen = (viewer.role === 'patient' && viewer.userId === visit.patientId) || viewer.userId === visit.doctorId;
  return mayOpen ? `/appointments/${visit.id}` : undefined;
}

/** Whether the visit has entries beyond itself that need its record (an archived one must be read back). */
export const needsRecord = (visit: DescribedAppointment, kinds: readonly TimelineKind[]) =>
  visit.status === 'completed' && kinds.some((kind) => kind === 'diagnosis' || kind === 'vitals');

/** The visit's entries of the kinds asked for, newest first. `visit.consultation` is the record (read back if archived). */
export function visitEntries(visit: DescribedAppointment, kinds: readonly TimelineKind[], viewer: TimelineViewer): TimelineEntry[] {
  const link = linkFor(visit, viewer);
  const base = { at: visit.start, link };
  const entries: TimelineEntry[] = [];
  if (kinds.includes('visit')) {
    entries.push({
      ...base,
      kind: 'visit',
      id: `${visit.id}#${ORDER.visit}`,
      title: `${visit.specialtyName} visit with ${visit.doctorName}`,
      summary: `${visit.hospitalName} · ${visit.statusLabel}${visit.archived ? ' · archived record' : ''}`,
    });
  }
  const record = visit.status === 'completed' ? visit.consultation : undefined;
  if (record && kinds.includes('diagnosis')) {
    const medicines = record.prescription.map((line) => [line.drug, line.dose, line.frequency, line.duration].filter(Boolean).join(' '));
    entries.push({
      ...base,
      kind: 'diagnosis',
      id: `${visit.id}#${ORDER.diagnosis}`,
      title: record.diagnosis,
      summary: record.icd10 ? `${record.icd10.code} · ${record.icd10.title}` : `Diagnosis by ${visit.doctorName}`,
      details: medicines.length ? [{ label: 'Medicines prescribed', value: medicines.join('; ') }] : undefined,
    });
  }
  const vitals = record?.vitals ? vitalsDetails(record.vitals) : [];
  if (vitals.length && kinds.includes('vitals')) {
    entries.push({ ...base, kind: 'vitals', id: `${visit.id}#${ORDER.vitals}`, title: 'Vitals measured', summary: `By ${visit.doctorName}`, details: vitals });
  }
  return entries;
}
