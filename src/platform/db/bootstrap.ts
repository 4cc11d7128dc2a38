/**
 * Creates missing tables (with GSIs and TTL), adds indexes declared since a table was created,
 * and waits until everything is usable. Idempotent, and safe with several processes at once.
 */
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDB,
} from '@aws-sdk/client-dynamodb';
import { createTableInput } from './create-table';
import { allTables, type TableSpec } from './tables';

export async function ensureTables(client: DynamoDB, prefix: string): Promise<string[]> {
  const created: string[] = [];
  for (const spec of allTables) {
    if (await createIfMissing(client, spec, prefix)) created.push(prefix + spec.name);
    else await addMissingIndexes(client, spec, prefix);
    await ensureTtl(client, spec, prefix);
  }
  return created;
}

/** DynamoDB builds one new index per table at a time, so they are added one after another. */
async function addMissingIndexes(client: DynamoDB, spec: TableSpec, prefix: string): Promise<void> {
  const TableName = prefix + spec.name;
  const full = createTableInput(spec, prefix);
  for (const index of full.GlobalSecondaryIndexes ?? []) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.GlobalSecondaryIndexes?.some((existing) => existing.IndexName === index.IndexName)) continue;
    try {
      await client.send(
        new UpdateTableCommand({ TableName, AttributeDefinitions: full.AttributeDefinitions, GlobalSecondaryIndexUpdates: [{ Create: index }] }),
      );
    } catch (error) {
      // Another process is adding it (or another index) right now; wait for that instead.
      if ((error as Error).name !== 'ResourceInUseException' && !/already exists/i.test((error as Error).message)) throw error;
    }
    await waitUntilIndexActive(client, TableName, index.IndexName!);
  }
}

async function waitUntilIndexActive(client: DynamoDB, TableName: string, IndexName: string): Promise<void> {
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    if (Table?.GlobalSecondaryIndexes?.find((i) => i.IndexName === IndexName)?.IndexStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`index ${IndexName} of ${TableName} is not active after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function createIfMissing(client: DynamoDB, spec: TableSpec, prefix: string): Promise<boolean> {
  const TableName = prefix + spec.name;
  try {
    await client.send(new DescribeTableCommand({ TableName }));
    return false;
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
  }
  let createdHere = true;
  try {
    await client.createTable(createTableInput(spec, prefix));
  } catch (error) {
    // Another process created it between our describe and create.
    if ((error as Error).name !== 'ResourceInUseException') throw error;
    createdHere = false;
  }
  await waitUntilTableExists({ client, maxWaitTime: 120 }, { TableName });
  return createdHere;
}

async function ensureTtl(client: DynamoDB, spec: TableSpec, prefix: string): Promise<void> {
  if (!spec.ttlAttribute) return;
  const TableName = prefix + spec.name;
  const current = await client.send(new DescribeTimeToLiveCommand({ TableName }));
  const status = current.TimeToLiveDescription?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') return;
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName,
        TimeToLiveSpecification: { AttributeName: spec.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    // Another process enabled it between our describe and update.
    if (!/already enabled/i.test((error as Error).message)) throw error;
  }
}
