/** Notifications: the door other features use. */
export { createSesMailer, sesEndpoint } from './email';
export type { EmailMessage, Mailer, SmsMessage, SmsSender } from './channels';
export { createSmsSender } from './sms';
export { createDispatcher, type Dispatcher } from './dispatcher';
export { outboxPut, newNotification, type Notification } from './outbox';
