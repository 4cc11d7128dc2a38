/** Builds the real app against the run's local stack, with settings a test may override. */
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { createDayBoard } from '../../src/appointments';
import { createArchiveReader } from '../../src/archive';
import { loadConfig, type Config } from '../../src/config';
import type { Deps } from '../../src/deps';
import type { BloodBankReads } from '../../src/donation-booking';
import { createDispatcher, createSesMailer, createSmsSender, createStaffAlerts, type Dispatcher, type Mailer, type SmsSender } from '../../src/notifications';
import { createBackground, type Background } from '../../src/platform/background';
import { createDb } from '../../src/platform/db/client';
import { createLogger, type Logger } from '../../src/platform/logger';
import { createMetrics } from '../../src/platform/metrics';
import { createS3 } from '../../src/platform/s3';

export const TEST_DEFAULTS = {
  NODE_ENV: 'test',
  // Cost 10 is the floor the config allows; tests that check the production cost set 12.
  MEDTRACK_BCRYPT_COST: '10',
  // Every test request comes from 127.0.0.1; the rate-limit tests use their own IPs and limits.
  MEDTRACK_RATE_LIMIT_PER_IP: '1000000',
  MEDTRACK_PUBLIC_URL: 'http://medtrack.test',
  // Two test workers, Chromium and the DynamoDB Local JVM share two cores here: a call can wait
  // seconds where DynamoDB answers in milliseconds. The outage test uses the production timeouts.
  MEDTRACK_DYNAMODB_CONNECT_TIMEOUT_MS: '5000',
  MEDTRACK_DYNAMODB_REQUEST_TIMEOUT_MS: '5000',
};

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ ...process.env, ...TEST_DEFAULTS, ...overrides });
}

export interface TestApp {
  app: Express;
  deps: Deps;
}

const outboxes: Dispatcher[] = [];
const backgrounds: Background[] = [];

/** Lets the work that requests started without waiting (see platform/background.ts) finish. */
export async function settleBackground(): Promise<void> {
  await Promise.all(backgrounds.map((background) => background.idle()));
}

/** Lets the rounds that commits kicked finish before a test file ends (see slow-tests.ts). */
export async function settleOutboxes(): Promise<void> {
  await settleBackground();
  await Promise.all(outboxes.map((outbox) => outbox.idle()));
}

/**
 * `senders` replace the real SES mailer and SMS sender, e.g. to make a channel fail on demand, and
 * may bring a logger, for a test that reads what was logged.
 */
export function buildTestApp(overrides: Record<string, string> = {}, senders: { mailer?: Mailer; sms?: SmsSender; logger?: Logger; bloodBankReads?: BloodBankReads } = {}): TestApp {
  const config = testConfig(overrides);
  const db = createDb(config);
  const [mailer, logger] = [senders.mailer ?? createSesMailer(config), senders.logger ?? createLogger(config)];
  const alerts = createStaffAlerts(config, logger);
  const outbox = createDispatcher({ db, mailer, sms: senders.sms ?? createSmsSender(config, db), logger, alerts });
  outboxes.push(outbox);
  const background = createBackground(logger);
  backgrounds.push(background);
  const storage = createS3(config);
  const deps: Deps = { config, db, logger, outbox, alerts, background, metrics: createMetrics(), storage, dayBoard: createDayBoard({ db, config }), archive: createArchiveReader(storage), bloodBankReads: senders.bloodBankReads };
  return { app: createApp(deps), deps };
}
