/** How a table is declared in tables.ts: its keys, indexes, expiry, and what backups and IAM may do with it. */
export interface IndexSpec {
  name: string;
  partitionKey: string;
  sortKey?: string;
}

export interface TableSpec {
  /** Name without the deployment prefix. */
  name: string;
  partitionKey: string;
  sortKey?: string;
  indexes: IndexSpec[];
  ttlAttribute?: string;
  /**
   * false: left out of the daily backup to S3 (src/backups), and out of a restore. For short-lived
   * items a restore has no use for, above all credentials: a session id copied to S3 would outlive
   * its session, its logout and the 90 days the backups are kept.
   */
  backup?: false;
  /** true: the app's IAM role may put, get and query items, never update or delete them (the audit trail). */
  appendOnly?: true;
}
