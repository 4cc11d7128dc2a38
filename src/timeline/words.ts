/** The kinds of entry in plain words: the filter's boxes and each entry's tag. */
import type { TimelineKind } from '../platform/timeline';

export const KIND_WORDS: Record<TimelineKind, { filter: string; tag: string }> = {
  visit: { filter: 'Visits', tag: 'Visit' },
  diagnosis: { filter: 'Diagnoses', tag: 'Diagnosis' },
  vitals: { filter: 'Vitals', tag: 'Vitals' },
  prescription: { filter: 'Prescriptions', tag: 'Prescription' },
  file: { filter: 'Files', tag: 'File' },
};
