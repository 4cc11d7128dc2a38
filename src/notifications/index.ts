/** Notifications: the door other features use. */
export { createSesMailer, sesEndpoint, type Mailer, type EmailMessage } from './email';
