import { itemToLine, lineToItem, type Item } from '../../../src/backups/item-json';

describe('one item per JSON line', () => {
  it('keeps every DynamoDB type exact: long numbers, sets, binary, nested maps and lists, booleans, nulls', () => {
    const item: Item = {
      pk: { S: 'USER#1' },
      amount: { N: '12345678901234567890.000000000001' },
      tags: { SS: ['a', 'b'] },
      scores: { NS: ['1', '2.50'] },
      photo: { B: new Uint8Array([0, 1, 2, 254, 255]) },
      thumbnails: { BS: [new Uint8Array([9]), new Uint8Array([8, 7])] },
      profile: { M: { address: { M: { city: { S: 'Pune' }, pins: { L: [{ N: '411001' }, { NULL: true }] } } }, blob: { B: new Uint8Array([42]) } } },
      history: { L: [{ S: 'x' }, { BOOL: false }, { L: [{ B: new Uint8Array([1]) }] }] },
      active: { BOOL: true },
      nothing: { NULL: true },
    };
    const line = itemToLine(item);

    expect(line.endsWith('\n')).toBe(true);
    expect(line.trimEnd()).not.toContain('\n');
    expect(JSON.parse(line).Item.photo).toEqual({ B: 'AAEC/v8=' });
    const back = lineToItem(line.trimEnd());
    expect(Buffer.from(back.photo.B!)).toEqual(Buffer.from([0, 1, 2, 254, 255]));
    expect(back.amount).toEqual({ N: '12345678901234567890.000000000001' });
    expect(itemToLine(back)).toBe(line);
  });

  it('refuses a line that is not an item', () => {
    expect(() => lineToItem('{"pk":{"S":"x"}}')).toThrow('a line without an item');
    expect(() => lineToItem('not json')).toThrow();
  });
});
