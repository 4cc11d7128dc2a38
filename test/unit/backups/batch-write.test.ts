import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { writeBatch } from '../../../src/backups/batch-write';

const ddb = mockClient(DynamoDBClient);
const client = new DynamoDBClient({ region: 'ap-south-1' });
const FAST = { attempts: 4, baseMs: 1, maxMs: 2 };
const items = ['a', 'b', 'c'].map((id) => ({ pk: { S: id } }));
const put = (id: string) => ({ PutRequest: { Item: { pk: { S: id } } } });
const sentKeys = () => ddb.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input.RequestItems!.t.map((r) => r.PutRequest!.Item!.pk.S));

beforeEach(() => ddb.reset());

describe('writeBatch', () => {
  it('sends the unprocessed items again until DynamoDB has taken all of them', async () => {
    ddb.on(BatchWriteItemCommand).resolvesOnce({ UnprocessedItems: { t: [put('b'), put('c')] } }).resolvesOnce({ UnprocessedItems: { t: [put('c')] } }).resolves({});

    await writeBatch(client, 't', items, FAST);

    expect(sentKeys()).toEqual([['a', 'b', 'c'], ['b', 'c'], ['c']]);
  });

  it('backs off and retries when the whole batch is throttled', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' });
    ddb.on(BatchWriteItemCommand).rejectsOnce(throttled).resolves({});

    await writeBatch(client, 't', items, FAST);

    expect(sentKeys()).toEqual([['a', 'b', 'c'], ['a', 'b', 'c']]);
  });

  it('gives up after its attempts with a message that says how to finish', async () => {
    ddb.on(BatchWriteItemCommand).resolves({ UnprocessedItems: { t: [put('c')] } });

    await expect(writeBatch(client, 't', items, FAST)).rejects.toThrow('DynamoDB still had 1 unwritten items for t after 4 attempts. Run the restore again with --force to finish it.');
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(4);
  });

  it('does not retry a request DynamoDB refuses outright', async () => {
    ddb.on(BatchWriteItemCommand).rejects(Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' }));

    await expect(writeBatch(client, 't', items, FAST)).rejects.toThrow('Item size has exceeded');
    expect(ddb.commandCalls(BatchWriteItemCommand)).toHaveLength(1);
  });
});
