import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../../../src/platform/db/bootstrap';
import { allTables } from '../../../src/platform/db/tables';
import { buildTestApp } from '../../helpers/app';

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
});
