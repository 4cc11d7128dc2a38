/**
 * Alerts for the people who run MedTrack (a dead-lettered notification, a failed job), published to
 * the SNS topic of MEDTRACK_SNS_TOPIC_ARN; without one (local mode) they are only logged. An alert
 * names what failed and where to look, never a patient's details, and never fails its caller.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Config } from '../config';
import type { Logger } from '../platform/logger';

export interface StaffAlerts {
  raise(subject: string, message: string): Promise<void>;
}

/** SNS caps e-mail subjects at 100 characters. */
const SUBJECT_MAX = 100;

export function createStaffAlerts(config: Pick<Config, 'mode' | 'region' | 'sns' | 'hospitalName' | 'publicUrl'>, logger: Logger): StaffAlerts {
  const topicArn = config.mode === 'aws' ? config.sns.topicArn : undefined;
  const sns = topicArn ? new SNSClient({ region: config.region, requestHandler: { connectionTimeout: 1000, requestTimeout: 5000, throwOnRequestTimeout: true } }) : undefined;
  return {
    async raise(subject, message) {
      logger.warn({ alert: subject }, 'staff alert');
      if (!sns) return;
      try {
        await sns.send(
          new PublishCommand({
            TopicArn: topicArn,
            Subject: `${config.hospitalName}: ${subject}`.slice(0, SUBJECT_MAX),
            Message: `${message}\n\n${config.publicUrl}`,
          }),
        );
      } catch (error) {
        logger.error({ err: error, alert: subject }, 'staff alert not published');
      }
    },
  };
}
