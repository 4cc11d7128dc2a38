/**
 * Alerts for the people who run MedTrack (a dead-lettered notification, a failed job), published to
 * the SNS topic of MEDTRACK_SNS_TOPIC_ARN; without one (local mode) they are only logged. An alert
 * names what failed and where to look, never a patient's details, and never fails its caller.
 */
import type { Config } from '../config';
import type { Logger } from '../platform/logger';
import { snsTopicPublisher } from './topic';

export interface StaffAlerts {
  raise(subject: string, message: string): Promise<void>;
}

export function createStaffAlerts(config: Pick<Config, 'mode' | 'region' | 'sns' | 'hospitalName' | 'publicUrl'>, logger: Logger): StaffAlerts {
  const publish = snsTopicPublisher(config);
  return {
    async raise(subject, message) {
      logger.warn({ alert: subject }, 'staff alert');
      if (!publish) return;
      try {
        await publish({ subject, message: `${message}\n\n${config.publicUrl}` });
      } catch (error) {
        logger.error({ err: error, alert: subject }, 'staff alert not published');
      }
    },
  };
}
