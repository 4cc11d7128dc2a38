/** A user's own account settings. */
import type { Db } from '../platform/db/client';
import { saveUser, type User } from '../users';
import type { NotificationPreferencesInput } from './schemas';

/**
 * Turns appointment texts on or off. The guard is the version the form was shown with, so a change
 * made since (another tab, an admin) is a ConflictError instead of being silently overwritten.
 */
export function setNotificationPreferences(db: Db, user: User, input: NotificationPreferencesInput): Promise<User> {
  return saveUser(db, { ...user, version: input.version, smsNotifications: input.smsNotifications });
}
