import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import pino from 'pino';
import { loadConfig } from '../../../src/config';
import { createStaffAlerts } from '../../../src/notifications/staff-alerts';
import { awsConfig } from '../../helpers/aws-config';

const sns = mockClient(SNSClient);
const logger = pino({ level: 'silent' });
const TOPIC = 'arn:aws:sns:ap-south-1:123456789012:medtrack-alerts';

beforeEach(() => sns.reset());

describe('staff alerts', () => {
  it('publishes to the configured topic with a short subject and a link to the portal', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'alert-1' });
    await createStaffAlerts(awsConfig({ MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'Run r1 of the backup job failed.');

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: TOPIC, Subject: 'MedTrack: Job failed: backup', Message: 'Run r1 of the backup job failed.\n\nhttps://portal.hospital.example' },
    ]);
  });

  it('keeps the subject within the 100 characters SNS allows', async () => {
    sns.on(PublishCommand).resolves({});
    await createStaffAlerts(awsConfig({ MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('x'.repeat(150), 'body');
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toHaveLength(100);
  });

  it('only logs without a topic, and in local mode', async () => {
    await createStaffAlerts(awsConfig(), logger).raise('Job failed: backup', 'body');
    await createStaffAlerts(loadConfig({ MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'body');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('never fails its caller when SNS is down', async () => {
    sns.on(PublishCommand).rejects(new Error('SNS is down'));
    await expect(createStaffAlerts(awsConfig({ MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'body')).resolves.toBeUndefined();
  });
});
