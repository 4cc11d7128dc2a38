/** The account page's form: the SMS checkbox, sent only when ticked, and the version the page showed. */
import { z } from 'zod';

export const notificationPreferencesSchema = z
  .object({
    version: z.coerce.number().int().positive(),
    sms: z.literal('yes').optional(),
  })
  .transform(({ version, sms }) => ({ version, smsNotifications: sms === 'yes' }));

export type NotificationPreferencesInput = z.infer<typeof notificationPreferencesSchema>;
