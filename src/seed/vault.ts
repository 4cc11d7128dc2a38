/**
 * The featured patient's medical vault: a lab report (read for flags like any upload) and a
 * discharge summary, both PDFs she added herself, dated a few weeks before the seed's "now".
 * Stored through the vault's own storing function: S3 object, metadata, lab reading.
 */
import { DateTime } from 'luxon';
import type { Deps } from '../deps';
import { storeFile } from '../records';
import type { User } from '../users';
import { ASTHMA_STAY, dischargeSummaryPdf } from './discharge-summary';
import { CHECK_UP_ROWS, labReportPdf } from './lab-report';

type Ctx = Pick<Deps, 'db' | 'config' | 'storage' | 'logger'>;

const printed = (day: DateTime) => day.toFormat('d LLL yyyy');

export async function seedVault(ctx: Ctx, patient: User, now: Date): Promise<void> {
  const today = DateTime.fromJSDate(now).setZone(ctx.config.timeZone).startOf('day');
  const age = patient.dateOfBirth ? Math.floor(today.diff(DateTime.fromISO(patient.dateOfBirth), 'years').years) : undefined;
  const ageAndSex = `${age ?? '-'} years / ${patient.gender === 'female' ? 'Female' : patient.gender === 'male' ? 'Male' : '-'}`;
  const patientName = `${patient.firstName} ${patient.lastName}`;
  const [collected, admitted, discharged] = [today.minus({ weeks: 3 }), today.minus({ weeks: 6, days: 2 }), today.minus({ weeks: 6 })];
  const [labReport, summary] = await Promise.all([
    labReportPdf({ labName: 'Sunrise Diagnostics', patientName, ageAndSex, collectedOn: printed(collected), rows: CHECK_UP_ROWS }),
    dischargeSummaryPdf({ hospitalName: 'Lakeview Hospital', patientName, ageAndSex, admittedOn: printed(admitted), dischargedOn: printed(discharged), sections: ASTHMA_STAY }),
  ]);
  // One after the other, the lab report last: the vault lists newest upload first, so the order is fixed.
  await storeFile(ctx, patient, patient, { title: 'Discharge summary, asthma', kind: 'discharge-summary', date: discharged.toISODate()! }, { buffer: summary, originalname: 'lakeview-discharge-summary.pdf' });
  await storeFile(ctx, patient, patient, { title: 'Yearly check-up blood tests', kind: 'lab-report', date: collected.toISODate()! }, { buffer: labReport, originalname: 'sunrise-diagnostics-report.pdf' });
}
