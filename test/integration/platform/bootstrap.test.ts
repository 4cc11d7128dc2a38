import { CreateTableCommand, DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { createTableInput } from '../../../src/platform/db/create-table';
import { allTables, appointmentsTable } from '../../../src/platform/db/tables';
import { createDb } from '../../../src/platform/db/client';
import { startDynamoDbLocal } from '../../../src/platform/local/dynamodb-local';
import { buildTestApp, testConfig } from '../../helpers/app';
import { freePort } from '../../helpers/ports';

const { deps } = buildTestApp();
const client = deps.db.client;

describe('creating tables (npm run create-tables, local start-up)', () => {
  const prefix = `boot${Date.now().toString(36)}-`;

  it('creates every declared table with its indexes and TTL, then does nothing on a rerun', async () => {
    const created = await ensureTables(client, prefix);
    expect(created.sort()).toEqual(allTables.map((t) => prefix + t.name).sort());

    for (const spec of allTables) {
      const { Table } = await client.send(new DescribeTableCommand({ TableName: prefix + spec.name }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(spec.indexes.map((i) => i.name).sort());
      const ttl = await client.send(new DescribeTimeToLiveCommand({ TableName: prefix + spec.name }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe(spec.ttlAttribute);
    }

    await expect(ensureTables(client, prefix)).resolves.toEqual([]);
  });

  it('survives two processes creating the same tables at once', async () => {
    const racePrefix = `race${Date.now().toString(36)}-`;
    const [a, b] = await Promise.all([ensureTables(client, racePrefix), ensureTables(client, racePrefix)]);
    expect([...a, ...b].sort()).toEqual(allTables.map((t) => racePrefix + t.name).sort());
  });

  it('adds an index declared after the table was created (data kept from an older version)', async () => {
    // A private DynamoDB Local: the shared one, busy with every other test file, builds indexes slowly.
    const port = await freePort();
    const dynamodb = await startDynamoDbLocal({ port });
    try {
      const own = createDb(testConfig({ MEDTRACK_DYNAMODB_ENDPOINT: `http://127.0.0.1:${port}` })).client;
      const older = { ...appointmentsTable, indexes: appointmentsTable.indexes.slice(0, -1) };
      await own.send(new CreateTableCommand(createTableInput(older, prefix)));

      await ensureTables(own, prefix);

      const { Table } = await own.send(new DescribeTableCommand({ TableName: prefix + appointmentsTable.name }));
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => [i.IndexName, i.IndexStatus]).sort()).toEqual(
        appointmentsTable.indexes.map((i) => [i.name, 'ACTIVE']).sort(),
      );
    } finally {
      await dynamodb.stop();
    }
  }, 90_000);
});
