import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import pino from 'pino';
import { loadConfig } from '../../../src/config';
import { createStaffAlerts } from '../../../src/notifications/staff-alerts';

const sns = mockClient(SNSClient);
const logger = pino({ level: 'silent' });
const AWS_ENV = {
  NODE_ENV: 'test',
  MEDTRACK_MODE: 'aws',
  AWS_REGION: 'ap-south-1',
  MEDTRACK_BUCKET: 'medtrack-test-bucket',
  MEDTRACK_SES_FROM: 'no-reply@hospital.example',
  MEDTRACK_PUBLIC_URL: 'https://portal.hospital.example',
  MEDTRACK_SESSION_SECRET: 's'.repeat(48),
  MEDTRACK_ADMIN_PASSWORD: 'a-real-admin-password',
};
const TOPIC = 'arn:aws:sns:ap-south-1:123456789012:medtrack-alerts';

beforeEach(() => sns.reset());

describe('staff alerts', () => {
  it('publishes to the configured topic with a short subject and a link to the portal', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'alert-1' });
    await createStaffAlerts(loadConfig({ ...AWS_ENV, MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'Run r1 of the backup job failed.');

    expect(sns.commandCalls(PublishCommand).map((call) => call.args[0].input)).toEqual([
      { TopicArn: TOPIC, Subject: 'MedTrack: Job failed: backup', Message: 'Run r1 of the backup job failed.\n\nhttps://portal.hospital.example' },
    ]);
  });

  it('keeps the subject within the 100 characters SNS allows', async () => {
    sns.on(PublishCommand).resolves({});
    await createStaffAlerts(loadConfig({ ...AWS_ENV, MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('x'.repeat(150), 'body');
    expect(sns.commandCalls(PublishCommand)[0].args[0].input.Subject).toHaveLength(100);
  });

  it('only logs without a topic, and in local mode', async () => {
    await createStaffAlerts(loadConfig({ ...AWS_ENV }), logger).raise('Job failed: backup', 'body');
    await createStaffAlerts(loadConfig({ MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'body');
    expect(sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  it('never fails its caller when SNS is down', async () => {
    sns.on(PublishCommand).rejects(new Error('SNS is down'));
    await expect(createStaffAlerts(loadConfig({ ...AWS_ENV, MEDTRACK_SNS_TOPIC_ARN: TOPIC }), logger).raise('Job failed: backup', 'body')).resolves.toBeUndefined();
  });
});
