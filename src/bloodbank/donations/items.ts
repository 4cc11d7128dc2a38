/** The Puts that write a donor (with the phone claim of a walk-in). */
import type { Db } from '../../platform/db/client';
import type { TransactItem } from '../../platform/db/unit-of-work';
import { donorKey, donorPhoneKey } from '../keys';
import type { Donor } from '../types';

export { donationItem } from '../keys';

export function donorItemKeys(db: Db, donor: Donor): TransactItem[] {
  const table = db.tables.bloodbank;
  const puts: TransactItem[] = [{ Put: { TableName: table, Item: { ...donorKey(donor.id), ...donor }, ConditionExpression: 'attribute_not_exists(pk)' } }];
  if (donor.kind === 'walk-in') puts.push({ Put: { TableName: table, Item: { ...donorPhoneKey(donor.phone), donorId: donor.id }, ConditionExpression: 'attribute_not_exists(pk)' } });
  return puts;
}
