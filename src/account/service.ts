/** A user's own account settings, and a patient's profile. */
import type { Db } from '../platform/db/client';
import { ConflictError } from '../platform/http/errors';
import { ACCOUNT_CHANGED, updateUser, type User } from '../users';
import type { ProfileInput } from './profile-schema';
import type { NotificationPreferencesInput } from './schemas';

/**
 * Turns appointment texts on or off: an update of that one field, guarded by the version this
 * request read, so a request that read the user before another change (a new password, a
 * deactivation) fails with ConflictError instead of writing back what it read.
 */
export function setNotificationPreferences(db: Db, user: User, input: NotificationPreferencesInput): Promise<User> {
  return updateUser(db, user, { smsNotifications: input.smsNotifications });
}

/**
 * Saves the patient's profile. The form names the account version it was drawn from: if the
 * account changed since (another tab, the hospital), the save is refused with ACCOUNT_CHANGED
 * rather than writing back what the person saw; the write itself is guarded by the version this
 * request read, as every user update is.
 */
export function saveProfile(db: Db, user: User, input: ProfileInput): Promise<User> {
  if (input.version !== user.version) throw new ConflictError(ACCOUNT_CHANGED);
  return updateUser(db, user, input.changes);
}

/** The profile form's boxes as the account holds them now. */
export function profileValues(user: User): Record<string, string> {
  const lines = (list: string[] | undefined) => (list ?? []).join('\n');
  return {
    version: String(user.version),
    firstName: user.firstName,
    lastName: user.lastName,
    dateOfBirth: user.dateOfBirth ?? '',
    gender: user.gender ?? '',
    bloodGroup: user.bloodGroup ?? '',
    address: user.address ?? '',
    allergies: lines(user.health?.allergies),
    conditions: lines(user.health?.conditions),
    medicines: lines(user.health?.medicines),
    emergencyName: user.emergencyContact?.name ?? '',
    emergencyRelationship: user.emergencyContact?.relationship ?? '',
    emergencyPhone: user.emergencyContact?.phone ?? '',
  };
}
