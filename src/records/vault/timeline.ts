/**
 * The files source of the health timeline (platform/timeline.ts): the patient's files not deleted,
 * by the date on the report (what a patient expects on a timeline, not the day it was uploaded),
 * newest first, from `filesByDate`. A doctor's view leaves out the files the patient hid, as the
 * vault's own list does (the timeline itself is open only to the patient and a doctor who cares for them).
 */
import type { Deps } from '../../deps';
import { lowerBound, upperBound, type TimelineSource, type TimelineViewer } from '../../platform/timeline';
import { listFilesByDate } from './repository';
import { KIND_WORDS, type VaultFile } from './types';

const isOwner = (viewer: TimelineViewer, patientId: string) => viewer.role === 'patient' && viewer.userId === patientId;

function uploaderWords(file: VaultFile, viewer: TimelineViewer): string {
  if (file.uploadedBy.role === 'doctor') return file.uploadedBy.userId === viewer.userId ? 'added by you' : 'added by a doctor';
  return isOwner(viewer, file.patientId) ? 'added by you' : 'added by the patient';
}

export function fileTimeline(deps: Pick<Deps, 'db'>): TimelineSource {
  return {
    kinds: ['file'],
    async read(patientId, window) {
      const range = { from: lowerBound(window), below: upperBound(window), limit: window.limit, withoutHidden: !isOwner(window.viewer, patientId) };
      const files = await listFilesByDate(deps.db, patientId, range);
      return files.map((file) => ({
        at: file.dateAt,
        dateOnly: true,
        kind: 'file' as const,
        id: file.id,
        title: file.title,
        summary: `${KIND_WORDS[file.kind]}, ${uploaderWords(file, window.viewer)}`,
        link: `/patients/${patientId}/files/${file.id}`,
      }));
    },
  };
}
