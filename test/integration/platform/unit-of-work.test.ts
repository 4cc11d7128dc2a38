import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { UnitOfWork } from '../../../src/platform/db/unit-of-work';
import { buildTestApp } from '../../helpers/app';

const { deps } = buildTestApp();
const table = () => deps.db.tables.users;
const key = () => ({ pk: `UOW#${randomUUID()}`, sk: 'ITEM' });
const putNew = (item: object) => ({ Put: { TableName: table(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } });
const stored = async (k: object) => (await deps.db.doc.send(new GetCommand({ TableName: table(), Key: k, ConsistentRead: true }))).Item;

class TakenError extends Error {}

describe('a unit of work', () => {
  it('writes every staged item together', async () => {
    const [a, b] = [key(), key()];
    const work = new UnitOfWork(deps.db);
    work.stage(putNew(a));
    work.stage(putNew(b));
    await work.commit();
    expect(await stored(a)).toEqual(a);
    expect(await stored(b)).toEqual(b);
  });

  it('throws the error the failed write names, and writes nothing', async () => {
    const [existing, fresh] = [key(), key()];
    await new UnitOfWork(deps.db).commit(); // nothing staged: no request, no error
    const first = new UnitOfWork(deps.db);
    first.stage(putNew(existing));
    await first.commit();

    const work = new UnitOfWork(deps.db);
    work.stage(putNew(fresh), () => new Error('not this one'));
    work.stage(putNew(existing), () => new TakenError('taken'));
    await expect(work.commit()).rejects.toBeInstanceOf(TakenError);
    expect(await stored(fresh)).toBeUndefined();
  });

  it('throws the cancellation itself when the failed write names no error', async () => {
    const existing = key();
    const first = new UnitOfWork(deps.db);
    first.stage(putNew(existing));
    await first.commit();
    const again = new UnitOfWork(deps.db);
    again.stage(putNew(existing));
    await expect(again.commit()).rejects.toMatchObject({ name: 'TransactionCanceledException' });
  });
});
