/** Notifications: the door other features use. */
export { createSesMailer } from './email';
export { PermanentDeliveryError, type EmailMessage, type Mailer, type SmsMessage, type SmsSender } from './channels';
export { createSmsSender, fitSms, listRecordedSms, SMS_MAX_LENGTH } from './sms';
export { createDispatcher, type Dispatcher } from './dispatcher';
export { newNotification, type InboxMessage, type Notification } from './outbox';
export { notify, stageNotifications, type NotifyContext } from './notify';
export { exposeUnreadCount, inboxRoutes } from './inbox-routes';
export { adminOutboxRoutes } from './admin-routes';
export { countBacklog } from './admin-outbox';
export { createStaffAlerts, type StaffAlerts } from './staff-alerts';
export { createTopicSender, listRecordedTopicMessages, type TopicMessage, type TopicSender } from './topic';
