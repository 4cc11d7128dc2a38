/** The patient's health timeline: the door app.ts uses. Sources come from the features that own the data. */
import { archivedRecordOf } from '../archive';
import { visitTimeline } from '../appointments';
import type { Deps } from '../deps';
import { prescriptionTimeline } from '../prescriptions';
import { fileTimeline } from '../records';
import { timelineRoutes } from './routes';
import type { Timeline } from './service';

/** Every source of the timeline, by name (the name keys each source's bound in the page cursor). */
export function timelineOf(deps: Deps): Timeline {
  const readArchived = (patientId: string, appointmentId: string) => archivedRecordOf(deps, patientId, appointmentId);
  return {
    readArchived,
    sources: {
      visits: visitTimeline(deps, readArchived),
      prescriptions: prescriptionTimeline(deps),
      files: fileTimeline(deps),
    },
  };
}

export const healthTimelineRoutes = (deps: Deps) => timelineRoutes(deps, timelineOf(deps));
