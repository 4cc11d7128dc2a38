/** The CreateTable request for a table spec (tables.ts), shared by the local bootstrap, the tests and the deploy kit. */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { TableSpec } from './tables';

/** The CreateTable request for a spec: on-demand billing, string keys, all-attribute GSIs. */
export function createTableInput(spec: TableSpec, prefix: string): CreateTableCommandInput {
  const keyNames = new Set<string>([spec.partitionKey]);
  if (spec.sortKey) keyNames.add(spec.sortKey);
  for (const index of spec.indexes) {
    keyNames.add(index.partitionKey);
    if (index.sortKey) keyNames.add(index.sortKey);
  }
  return {
    TableName: prefix + spec.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...keyNames].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: keySchema(spec.partitionKey, spec.sortKey),
    GlobalSecondaryIndexes: spec.indexes.length
      ? spec.indexes.map((index) => ({
          IndexName: index.name,
          KeySchema: keySchema(index.partitionKey, index.sortKey),
          Projection: { ProjectionType: 'ALL' },
        }))
      : undefined,
  };
}

function keySchema(partitionKey: string, sortKey?: string) {
  return [
    { AttributeName: partitionKey, KeyType: 'HASH' as const },
    ...(sortKey ? [{ AttributeName: sortKey, KeyType: 'RANGE' as const }] : []),
  ];
}
