import { describe, expect, it } from 'vitest';
import { ReadyForQueryReader } from '../../../src/db/ready-for-query-reader.js';

function backendMessage(type: string, body: number[]): number[] {
  const length = 4 + body.length;
  return [type.charCodeAt(0), (length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff, ...body];
}

const readyForQuery = (status: string) => backendMessage('Z', [status.charCodeAt(0)]);
const parseComplete = backendMessage('1', []);
// A data row whose one text column is `Z\0\0\0\5T`: the bytes of a ReadyForQuery, inside a message.
const rowLookingLikeReadyForQuery = backendMessage('D', [0, 1, 0, 0, 0, 6, ...readyForQuery('T')]);

describe('reading ReadyForQuery statuses from a backend reply stream', () => {
  it('reports the status of the last ReadyForQuery in a chunk', () => {
    const reader = new ReadyForQueryReader();
    expect(reader.read(new Uint8Array([...parseComplete, ...readyForQuery('T')]))).toBe('T');
    expect(reader.read(new Uint8Array([...readyForQuery('E'), ...readyForQuery('I')]))).toBe('I');
  });

  it('reports nothing for a chunk without a ReadyForQuery', () => {
    expect(new ReadyForQueryReader().read(new Uint8Array(parseComplete))).toBeUndefined();
  });

  it('does not take the bytes of a ReadyForQuery inside another message for one', () => {
    expect(new ReadyForQueryReader().read(new Uint8Array(rowLookingLikeReadyForQuery))).toBeUndefined();
  });

  it('follows messages split across chunks at any byte', () => {
    const stream = [...parseComplete, ...rowLookingLikeReadyForQuery, ...readyForQuery('I')];
    for (let cut = 1; cut < stream.length; cut += 1) {
      const reader = new ReadyForQueryReader();
      const statuses = [reader.read(new Uint8Array(stream.slice(0, cut))), reader.read(new Uint8Array(stream.slice(cut)))];
      expect(statuses.filter((status) => status !== undefined)).toEqual(['I']);
    }
  });
});
