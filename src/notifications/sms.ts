/**
 * SMS: SNS `Publish` to a phone number in aws mode. SNS has no local server, so local mode records
 * each SMS in the notifications table instead, and /dev/mailbox shows them.
 */
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient, type MessageAttributeValue } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import { PermanentDeliveryError, type SmsSender } from './channels';

export type { SmsMessage, SmsSender } from './channels';

/** One GSM-7 segment. Text with characters outside GSM-7 (UCS-2) gets 70 per segment; not handled. */
export const SMS_MAX_LENGTH = 160;
/** Three dots, not '…': U+2026 is not in the GSM-7 alphabet and would turn the SMS into UCS-2. */
const ELLIPSIS = '...';

const SMS_LOG_PK = 'SMSLOG';
const SMS_LOG_DAYS = 7;

/** SNS error names (and their query-protocol codes) that no retry can fix. */
const PERMANENT_SNS_ERRORS = new Set(['InvalidParameterException', 'InvalidParameterValueException', 'InvalidParameter', 'InvalidParameterValue']);

/** An SMS as the recording sender stored it. */
export interface RecordedSms {
  id: string;
  to: string;
  text: string;
  /** ISO instant */
  at: string;
}

/** The recording sender in local mode, SNS in aws mode. */
export function createSmsSender(config: Config, db: Db): SmsSender {
  return config.mode === 'local' ? createRecordingSmsSender(db) : createSnsSmsSender(config);
}

/** Sends through SNS Publish as a Transactional SMS; returns SNS's MessageId. */
export function createSnsSmsSender(config: Config): SmsSender {
  const sns = new SNSClient({ region: config.region, requestHandler: { connectionTimeout: 1000, requestTimeout: 5000, throwOnRequestTimeout: true } });
  const attribute = (StringValue: string): MessageAttributeValue => ({ DataType: 'String', StringValue });
  const attributes: Record<string, MessageAttributeValue> = { 'AWS.SNS.SMS.SMSType': attribute('Transactional') };
  if (config.sns.senderId) attributes['AWS.SNS.SMS.SenderID'] = attribute(config.sns.senderId);
  const { dlt } = config.sns;
  /** India: carriers drop an SMS whose entity and template were not registered with DLT. */
  const dltAttributes = (template: string | undefined): Record<string, MessageAttributeValue> => {
    if (!dlt) return {};
    const templateId = template && dlt.templateIds[template];
    if (!templateId) throw new PermanentDeliveryError(`No DLT template id for the "${template ?? 'untyped'}" SMS: add it to MEDTRACK_SNS_DLT_TEMPLATE_IDS`);
    return { 'AWS.MM.SMS.EntityId': attribute(dlt.entityId), 'AWS.MM.SMS.TemplateId': attribute(templateId) };
  };
  return {
    async send({ to, text, template }) {
      assertE164(to);
      const MessageAttributes = { ...attributes, ...dltAttributes(template) };
      try {
        const result = await sns.send(new PublishCommand({ PhoneNumber: to, Message: text, MessageAttributes }));
        return result.MessageId;
      } catch (error) {
        // Throttling, 5xx and timeouts are rethrown as they are: the dispatcher retries those.
        if (error instanceof Error && PERMANENT_SNS_ERRORS.has(error.name)) {
          throw new PermanentDeliveryError(`SNS rejected the SMS (${error.name})`, { cause: error });
        }
        throw error;
      }
    },
  };
}

/** Local mode: stores each SMS (kept 7 days) for /dev/mailbox; returns the generated id. */
export function createRecordingSmsSender(db: Db, now: () => Date = () => new Date()): SmsSender {
  return {
    async send({ to, text }) {
      assertE164(to);
      const id = randomUUID();
      const at = now();
      const expiresAt = Math.floor(at.getTime() / 1000) + SMS_LOG_DAYS * 24 * 60 * 60;
      await db.doc.send(
        new PutCommand({
          TableName: db.tables.notifications,
          Item: { pk: SMS_LOG_PK, sk: `${at.toISOString()}#${id}`, id, to, text, at: at.toISOString(), expiresAt },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return id;
    },
  };
}

/**
 * The recorded SMS, newest first. `to` matches the whole number or a part of it (spaces, dashes,
 * brackets and the + are ignored); anything else, such as an e-mail address, matches nothing.
 */
export async function listRecordedSms(db: Db, { to, limit = 50 }: { to?: string; limit?: number } = {}): Promise<RecordedSms[]> {
  if (to !== undefined && !/^[\d\s()+.-]*\d[\d\s()+.-]*$/.test(to)) return [];
  const digits = to?.replace(/\D/g, '');
  const items = await queryAll(
    db,
    {
      TableName: db.tables.notifications,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': SMS_LOG_PK, ...(digits ? { ':digits': digits } : {}) },
      ...(digits ? { FilterExpression: 'contains(#to, :digits)', ExpressionAttributeNames: { '#to': 'to' } } : { Limit: limit }),
      ScanIndexForward: false,
    },
    limit,
  );
  return items.map((item) => ({ id: String(item.id), to: String(item.to), text: String(item.text), at: String(item.at) }));
}

/**
 * Fits a text into one SMS segment: whitespace collapsed, and past 160 characters cut at the last
 * whole word that leaves room for "...". A `link` goes last and is never cut; the text gives way.
 */
export function fitSms(text: string, link?: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!link) return shorten(flat, SMS_MAX_LENGTH);
  return [shorten(flat, SMS_MAX_LENGTH - link.length - 1), link].filter(Boolean).join(' ');
}

function shorten(flat: string, max: number): string {
  if (flat.length <= max) return flat;
  const room = Math.max(0, max - ELLIPSIS.length);
  const space = flat.lastIndexOf(' ', room);
  // One word longer than the whole message cannot be cut at a boundary.
  const kept = space > 0 ? flat.slice(0, space) : flat.slice(0, room);
  return kept.replace(/[\s,;:.-]+$/, '') + ELLIPSIS;
}

function assertE164(to: string): void {
  const phone = parsePhoneNumberFromString(to);
  // The number itself stays out of the message: errors end up in logs and dead letters.
  if (!phone?.isValid() || phone.number !== to) throw new PermanentDeliveryError('SMS recipient is not a valid E.164 phone number');
}
