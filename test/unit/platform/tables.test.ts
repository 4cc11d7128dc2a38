import { createTableInput } from '../../../src/platform/db/create-table';
import { allTables, tableNames, usersTable } from '../../../src/platform/db/tables';

describe('table declarations', () => {
  it('declares every key attribute of the table and its indexes exactly once', () => {
    const input = createTableInput(usersTable, 'p-');
    expect(input.TableName).toBe('p-users');
    expect(input.BillingMode).toBe('PAY_PER_REQUEST');
    expect(input.AttributeDefinitions!.map((a) => a.AttributeName).sort()).toEqual(
      ['gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk', 'gsi3pk', 'gsi3sk', 'gsi4pk', 'gsi4sk', 'gsi5pk', 'gsi5sk', 'gsi6pk', 'gsi6sk', 'gsi7pk', 'gsi7sk', 'pk', 'sk'],
    );
    expect(input.GlobalSecondaryIndexes!.map((i) => i.IndexName)).toEqual(['byRole', 'byDoctorStatus', 'bySpecialty', 'searchByEmail', 'searchByPhone', 'searchByName', 'searchBySurname']);
  });

  it('names a table for every declaration', () => {
    const names = Object.values(tableNames('x-'));
    expect(names.sort()).toEqual(allTables.map((t) => `x-${t.name}`).sort());
  });

  it('omits GSIs for a table without indexes (DynamoDB rejects an empty list)', () => {
    const sessions = allTables.find((t) => t.name === 'sessions')!;
    expect(createTableInput(sessions, '').GlobalSecondaryIndexes).toBeUndefined();
  });
});
