/**
 * "Your donation helped a patient today": told to the donor when a unit of their donation is
 * issued, in the same transaction as the issue, at most once per donation per day (a claim item
 * per donation and day). It says nothing else: not the patient, the hospital ward or the unit.
 * A walk-in donor has no account: they get the text message only.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newNotification, stageNotifications, type Notification } from '../../notifications';
import type { Db } from '../../platform/db/client';
import type { UnitOfWork } from '../../platform/db/unit-of-work';
import { getUserById, wantsSms, type User } from '../../users';
import { getDonation, getDonor } from '../donations/repository';
import { helpedKey } from '../keys';
import type { Donor } from '../types';

export const HELPED_TITLE = 'Your donation helped a patient today';
const HELPED_TEXT = 'Thank you: blood you gave helped a patient today.';

/** Raised when another issue told the donor first, between our read and our commit. */
export class AlreadyToldError extends Error {}

export function helpedNotice(donor: Pick<Donor, 'id' | 'kind' | 'firstName' | 'phone'>, hospitalName: string, user?: User): Notification {
  const sms = { to: donor.phone, text: `${hospitalName}: ${HELPED_TEXT}`, template: 'donation-helped' };
  if (donor.kind === 'walk-in' || !user) return newNotification({ event: 'bloodbank.donation-helped', userId: `walk-in:${donor.id}`, sms });
  return newNotification({
    event: 'bloodbank.donation-helped',
    userId: user.id,
    inbox: { title: HELPED_TITLE, body: HELPED_TEXT, link: '/' },
    email: { to: user.email, subject: HELPED_TITLE, template: 'donation-helped', data: { name: user.firstName } },
    ...(wantsSms(user) ? { sms } : {}),
  });
}

/** Stages the notice (and its claim) for each donation not yet thanked today. */
export async function stageHelpedNotices(db: Db, work: UnitOfWork, donationIds: string[], today: string, hospitalName: string): Promise<number> {
  let staged = 0;
  for (const donationId of new Set(donationIds)) {
    const { Item } = await db.doc.send(new GetCommand({ TableName: db.tables.bloodbank, Key: helpedKey(donationId, today), ConsistentRead: true }));
    if (Item) continue;
    const donation = await getDonation(db, donationId);
    const donor = donation && (await getDonor(db, donation.donorId));
    if (!donor) continue;
    const user = donor.kind === 'patient' ? await getUserById(db, donor.id) : undefined;
    work.stage({ Put: { TableName: db.tables.bloodbank, Item: { ...helpedKey(donationId, today), at: new Date().toISOString() }, ConditionExpression: 'attribute_not_exists(pk)' } }, () => new AlreadyToldError());
    stageNotifications(work, [helpedNotice(donor, hospitalName, user)]);
    staged += 1;
  }
  return staged;
}
