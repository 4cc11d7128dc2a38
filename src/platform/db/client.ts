/** One DynamoDB client per process, shared by repositories, the session store and the rate limiter. */
import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../../config';
import { localEndpoint } from '../local/endpoints';
import { pageCursors, type PageCursors } from './cursor';
import { tableNames, type TableNames } from './tables';

export interface Db {
  /** The low-level client (the aggregated class, which rate-limiter-flexible needs). */
  client: DynamoDB;
  doc: DynamoDBDocumentClient;
  tables: TableNames;
  /** Seals the page cursors a paged list hands to the browser (cursor.ts). */
  cursors: PageCursors;
}

/** Local endpoints accept any credentials; these never reach AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Timeouts and socket pool; tests and benchmarks that queue on purpose may wait longer. */
export type RequestHandlerSettings = NonNullable<ConstructorParameters<typeof DynamoDB>[0]>['requestHandler'];

export function createDb(config: Config, requestHandler?: RequestHandlerSettings): Db {
  const endpoint = localEndpoint(config, 'dynamodb');
  const client = new DynamoDB({
    region: config.region,
    endpoint,
    credentials: endpoint ? LOCAL_CREDENTIALS : undefined,
    // Fail fast when DynamoDB is unreachable, so pages answer 503 within about 2 s instead of
    // hanging: two attempts, each bounded by config.dynamodbTimeouts. The SDK's connection timeout
    // also runs while a request waits for a free socket, so the pool must be large enough that a
    // burst of bookings does not time out queueing.
    maxAttempts: 2,
    requestHandler: requestHandler ?? {
      connectionTimeout: config.dynamodbTimeouts.connectMs,
      requestTimeout: config.dynamodbTimeouts.requestMs,
      // Without this the SDK only logs a warning and the request waits on, however long.
      throwOnRequestTimeout: true,
      httpAgent: { keepAlive: true, maxSockets: 256 },
      httpsAgent: { keepAlive: true, maxSockets: 256 },
    },
  });
  const doc = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
  });
  return { client, doc, tables: tableNames(config.tablePrefix), cursors: pageCursors(config.session.secrets) };
}

/**
 * A client for one-off bulk loads at start-up (the demo seed): a JVM that has just started may
 * take seconds over a batch, which the request path's fail-fast timeouts would turn into a crash.
 */
export function createBulkLoadDb(config: Config): Db {
  return createDb({ ...config, dynamodbTimeouts: { connectMs: 10_000, requestMs: 30_000 } });
}
