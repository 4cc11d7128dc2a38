/** Creates missing tables (with GSIs and TTL) and waits until they are usable. Idempotent. */
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
  type DynamoDB,
} from '@aws-sdk/client-dynamodb';
import { allTables, createTableInput, type TableSpec } from './tables';

export async function ensureTables(client: DynamoDB, prefix: string): Promise<string[]> {
  const created: string[] = [];
  for (const spec of allTables) {
    if (await createIfMissing(client, spec, prefix)) created.push(prefix + spec.name);
    await ensureTtl(client, spec, prefix);
  }
  return created;
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
