/** What createApp needs: built once by server.ts (or a test), shared by every feature. */
import type { Config } from './config';
import type { Db } from './platform/db/client';
import type { Background } from './platform/background';
import type { Logger } from './platform/logger';
import type { Metrics } from './platform/metrics';
import type { Storage } from './platform/s3';
import type { DayBoard } from './appointments';
import type { ArchiveReader } from './archive';
import type { BloodBankReads } from './donation-booking';
import type { Dispatcher, StaffAlerts } from './notifications';

export interface Deps {
  config: Config;
  db: Db;
  logger: Logger;
  /** The outbox dispatcher of this process (the only sender of e-mail and SMS): kicked after a commit that enqueued notifications. */
  outbox: Dispatcher;
  /** For the people who run MedTrack: dead letters, failed jobs. */
  alerts: StaffAlerts;
  /** Work started by a request that its answer must not wait for. */
  background: Background;
  /** This process's Prometheus counters and timers (served on its own port by server.ts). */
  metrics: Metrics;
  /** The S3 bucket (s3rver locally) that backups and the archive write to. */
  storage: Storage;
  /** This process's view of doctors' days for "any doctor" booking (appointments/booking/day-board.ts). */
  dayBoard: DayBoard;
  /** Reads archived visits back from the bucket, keeping the parts it read. */
  archive: ArchiveReader;
  /** The blood bank's reads for donation booking; unset: the real ones (donation-booking/ports.ts). Tests pass fakes. */
  bloodBankReads?: BloodBankReads;
}
