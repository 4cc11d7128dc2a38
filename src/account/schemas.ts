/** The account page's form: the SMS checkbox, sent only when ticked. */
import { z } from 'zod';

export const notificationPreferencesSchema = z
  .object({ sms: z.literal('yes').optional() })
  .transform(({ sms }) => ({ smsNotifications: sms === 'yes' }));

export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;
