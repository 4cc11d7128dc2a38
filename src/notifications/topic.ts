/**
 * The staff topic: an outbox channel that publishes to the SNS topic of MEDTRACK_SNS_TOPIC_ARN
 * (the people who run the hospital's services subscribe to it), for alerts a feature raises in
 * the same transaction as the state that causes them (the blood bank's low stock). SNS has no
 * local server: local mode records each message in the notifications table, and /dev/mailbox
 * shows them as SNS records, as it shows text messages. Messages name no patient.
 */
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import type { Db } from '../platform/db/client';
import { queryAll } from '../platform/db/query';
import { PermanentDeliveryError } from './channels';

export interface TopicMessage {
  subject: string;
  message: string;
}

export interface TopicSender {
  publish(message: TopicMessage): Promise<string | undefined>;
}

export interface RecordedTopicMessage extends TopicMessage {
  id: string;
  at: string;
}

const TOPIC_LOG_PK = 'SNSTOPICLOG';
const TOPIC_LOG_DAYS = 7;
/** SNS caps e-mail subjects at 100 characters. */
const SUBJECT_MAX = 100;

/**
 * Publishes to the staff topic through SNS (aws mode with MEDTRACK_SNS_TOPIC_ARN), the subject
 * prefixed with the hospital's name; undefined otherwise. Staff alerts (staff-alerts.ts) use it too.
 */
export function snsTopicPublisher(config: Pick<Config, 'mode' | 'region' | 'sns' | 'hospitalName'>): ((message: TopicMessage) => Promise<string | undefined>) | undefined {
  const topicArn = config.mode === 'aws' ? config.sns.topicArn : undefined;
  if (!topicArn) return undefined;
  const sns = new SNSClient({ region: config.region, requestHandler: { connectionTimeout: 1000, requestTimeout: 5000, throwOnRequestTimeout: true } });
  return async ({ subject, message }) =>
    (await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: `${config.hospitalName}: ${subject}`.slice(0, SUBJECT_MAX), Message: message }))).MessageId;
}

/** SNS in aws mode (refused without a topic), the recording sender in local mode. */
export function createTopicSender(config: Pick<Config, 'mode' | 'region' | 'sns' | 'hospitalName'>, db: Db): TopicSender {
  if (config.mode === 'local') return createRecordingTopicSender(db);
  const publish = snsTopicPublisher(config);
  return {
    async publish(message) {
      if (!publish) throw new PermanentDeliveryError('No staff topic: set MEDTRACK_SNS_TOPIC_ARN');
      return publish(message);
    },
  };
}

/** Local mode: stores each message (kept 7 days) for /dev/mailbox. */
export function createRecordingTopicSender(db: Db): TopicSender {
  return {
    async publish({ subject, message }) {
      const id = randomUUID();
      const at = new Date();
      await db.doc.send(
        new PutCommand({
          TableName: db.tables.notifications,
          Item: { pk: TOPIC_LOG_PK, sk: `${at.toISOString()}#${id}`, id, subject, message, at: at.toISOString(), expiresAt: Math.floor(at.getTime() / 1000) + TOPIC_LOG_DAYS * 86_400 },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return id;
    },
  };
}

/** The recorded staff-topic messages, newest first. */
export async function listRecordedTopicMessages(db: Db, limit = 50): Promise<RecordedTopicMessage[]> {
  const items = await queryAll(db, { TableName: db.tables.notifications, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': TOPIC_LOG_PK }, ScanIndexForward: false, Limit: limit }, limit);
  return items.map((item) => ({ id: String(item.id), subject: String(item.subject), message: String(item.message), at: String(item.at) }));
}
