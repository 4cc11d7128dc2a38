/** What every blood-bank page renders with: the names of groups, components and statuses. */
import type { Request } from 'express';
import { actorOf, recordAccess } from '../../audit';
import type { Deps } from '../../deps';
import { BLOOD_GROUPS, COMPONENT_NAMES, COMPONENTS, LOT_STATUSES, TEST_NAMES, URGENCIES } from '../types';

export const BASE = '/admin/blood-bank';

export const words = {
  BASE,
  BLOOD_GROUPS,
  COMPONENTS,
  COMPONENT_NAMES,
  LOT_STATUSES,
  TEST_NAMES,
  URGENCIES,
  /** "O-" as people read it: "O−". */
  groupName: (g: string) => g.replace('-', '−'),
  groupOptions: BLOOD_GROUPS.map((g) => ({ value: g, label: g.replace('-', '−') })),
  componentOptions: COMPONENTS.map((c) => ({ value: c, label: COMPONENT_NAMES[c] })),
};

/** One audit event for a read of a patient's (or donor's) blood-bank data that the page shows. */
export async function auditRead(deps: Deps, req: Request, resourceType: string, resourceId: string, patientId?: string, action = 'view'): Promise<void> {
  await recordAccess(deps, { action, resourceType, resourceId, patientId, ...actorOf(req), outcome: 'allowed' });
}
