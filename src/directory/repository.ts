/** Hospitals and specialties: small lists, each one partition, read with a Query. */
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../platform/db/client';
import { withConflict } from '../platform/db/errors';
import { queryAll } from '../platform/db/query';
import { hospitalKey, specialtyKey } from './keys';
import { isOffered, type Hospital, type Specialty } from './types';

async function listPartition<T>(db: Db, pk: string): Promise<T[]> {
  const items = await queryAll(db, { TableName: db.tables.directory, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } });
  return items.map(({ pk: _pk, sk: _sk, ...rest }) => rest) as T[];
}

export async function listHospitals(db: Db): Promise<Hospital[]> {
  return (await listPartition<Hospital>(db, 'HOSPITAL')).sort((a, b) => a.name.localeCompare(b.name));
}

/** Every specialty, retired ones too: for names of what was booked before. */
export async function listSpecialties(db: Db): Promise<Specialty[]> {
  return (await listPartition<Specialty>(db, 'SPECIALTY')).sort((a, b) => a.name.localeCompare(b.name));
}

/** The specialties patients may book and doctors register in: not retired. */
export async function listOfferedSpecialties(db: Db): Promise<Specialty[]> {
  return (await listSpecialties(db)).filter(isOffered);
}

/** An empty id names nothing (DynamoDB would refuse it as a key). */
export async function getHospital(db: Db, id: string): Promise<Hospital | undefined> {
  if (!id) return undefined;
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.directory, Key: hospitalKey(id), ConsistentRead: true }));
  if (!result.Item) return undefined;
  const { pk: _pk, sk: _sk, ...hospital } = result.Item;
  return hospital as Hospital;
}

export async function getSpecialty(db: Db, slug: string): Promise<Specialty | undefined> {
  if (!slug) return undefined;
  const result = await db.doc.send(new GetCommand({ TableName: db.tables.directory, Key: specialtyKey(slug), ConsistentRead: true }));
  if (!result.Item) return undefined;
  const { pk: _pk, sk: _sk, ...specialty } = result.Item;
  return specialty as Specialty;
}

export async function createHospital(db: Db, hospital: Hospital): Promise<void> {
  await withConflict('A hospital with this name already exists.', () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tables.directory,
        Item: { ...hospitalKey(hospital.id), ...hospital },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
    'name',
  );
}

export async function createSpecialty(db: Db, specialty: Specialty): Promise<void> {
  await withConflict('This specialty already exists.', () =>
    db.doc.send(
      new PutCommand({
        TableName: db.tables.directory,
        Item: { ...specialtyKey(specialty.slug), ...specialty },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    ),
    'name',
  );
}
