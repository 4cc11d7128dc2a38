/** A user's own account settings. */
import type { Db } from '../platform/db/client';
import { updateUser, type User } from '../users';
import type { NotificationPreferencesInput } from './schemas';

/**
 * Turns appointment texts on or off: an update of that one field, guarded by the version this
 * request read, so a request that read the user before another change (a new password, a
 * deactivation) fails with ConflictError instead of writing back what it read.
 */
export function setNotificationPreferences(db: Db, user: User, input: NotificationPreferencesInput): Promise<User> {
  return updateUser(db, user, { smsNotifications: input.smsNotifications });
}
