/**
 * Job run records in the jobs table: one item per run that took the lease, written when it starts
 * ('running') and completed when it ends, kept 90 days. Newest first per job, by sort key.
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';

const KEEP_DAYS = 90;
const MAX_ERROR_LENGTH = 500;

export type RunOutcome = 'running' | 'ok' | 'failed';
export type RunTrigger = 'schedule' | 'manual';
/** Counts and the like a job returns: small, flat, and never patient data. */
export type RunSummary = Record<string, string | number | boolean>;

export interface JobRun {
  job: string;
  runId: string;
  startedAt: string;
  finishedAt?: string;
  outcome: RunOutcome;
  trigger: RunTrigger;
  /** The admin who pressed "Run now". */
  requestedBy?: string;
  summary?: RunSummary;
  error?: string;
  host: string;
  pid: number;
}

export type RunResult = { outcome: 'ok'; summary?: RunSummary } | { outcome: 'failed'; error: string };

const runsOf = (job: string) => `RUN#${job}`;
const runKey = (run: Pick<JobRun, 'job' | 'startedAt' | 'runId'>) => ({ pk: runsOf(run.job), sk: `${run.startedAt}#${run.runId}` });

/** Records that a run started (it holds the lease now). */
export async function recordRunStart(db: Db, job: string, trigger: RunTrigger, requestedBy?: string, now = new Date()): Promise<JobRun> {
  const run: JobRun = { job, runId: randomUUID(), startedAt: now.toISOString(), outcome: 'running', trigger, requestedBy, host: os.hostname(), pid: process.pid };
  await db.doc.send(
    new PutCommand({
      TableName: db.tables.jobs,
      Item: { ...runKey(run), ...run, expiresAt: Math.floor(now.getTime() / 1000) + KEEP_DAYS * 86_400 },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return run;
}

/** Completes a run's record with its outcome and what it returned or the error it failed with. */
export async function recordRunEnd(db: Db, run: JobRun, result: RunResult, now = new Date()): Promise<JobRun> {
  const finished: JobRun = { ...run, ...result, finishedAt: now.toISOString() };
  const [field, detail] = result.outcome === 'ok' ? ['summary', result.summary ?? {}] : ['error', result.error.slice(0, MAX_ERROR_LENGTH)];
  await db.doc.send(
    new UpdateCommand({
      TableName: db.tables.jobs,
      Key: runKey(run),
      UpdateExpression: 'SET outcome = :outcome, finishedAt = :finishedAt, #detail = :detail',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#detail': field },
      ExpressionAttributeValues: { ':outcome': result.outcome, ':finishedAt': finished.finishedAt, ':detail': detail },
    }),
  );
  return finished;
}

/** The job's latest runs, newest first. */
export async function listRecentRuns(db: Db, job: string, limit = 10): Promise<JobRun[]> {
  const result = await db.doc.send(
    new QueryCommand({
      TableName: db.tables.jobs,
      KeyConditionExpression: 'pk = :runs',
      ExpressionAttributeValues: { ':runs': runsOf(job) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (result.Items ?? []).map(({ pk: _pk, sk: _sk, expiresAt: _expires, ...run }) => run as JobRun);
}

/** What a job returned, as a summary worth keeping: flat scalar fields only. */
export function summaryOf(result: unknown): RunSummary | undefined {
  if (typeof result === 'string' || typeof result === 'number' || typeof result === 'boolean') return { result };
  if (!result || typeof result !== 'object') return undefined;
  const fields = Object.entries(result).filter((entry): entry is [string, string | number | boolean] => ['string', 'number', 'boolean'].includes(typeof entry[1]));
  return fields.length ? Object.fromEntries(fields) : undefined;
}

export function errorMessage(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, MAX_ERROR_LENGTH) || 'failed without a message';
}
