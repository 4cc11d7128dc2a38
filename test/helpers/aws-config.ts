/** A valid aws-mode Config for unit tests of the AWS senders (their clients are mocked). */
import { loadConfig, type Config } from '../../src/config';

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

export const awsConfig = (extra: Record<string, string> = {}): Readonly<Config> => loadConfig({ ...AWS_ENV, ...extra });
