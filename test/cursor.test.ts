import { CursorError, decodeCursor, encodeCursor, filterHash, type ListIdentity } from '../src/clients/cursor.js';

const list: ListIdentity = { provider: 'daftra', filter: filterHash({ email: 'a@b.example' }) };
const raw = (json: unknown) => Buffer.from(JSON.stringify(json)).toString('base64url');
const valid = { v: 2, p: 'daftra', i: 25, f: list.filter };

describe('cursors round-trip', () => {
  test.each([[0], [19], [9_999_999]])('%j', (at) => {
    const cursor = encodeCursor(list, at);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, list)).toEqual(at);
  });

  test('the wire form is base64url of a small versioned JSON', () => {
    expect(JSON.parse(Buffer.from(encodeCursor(list, 25), 'base64url').toString())).toEqual(valid);
  });
});

describe('a cursor of another list, or not ours, is refused with a reason', () => {
  test.each<[string, string, string]>([
    ['another provider', raw({ ...valid, p: 'fatora' }), 'belongs to a list of another provider'],
    ['another filter', raw({ ...valid, f: filterHash({ email: 'c@d.example' }) }), 'belongs to a list with another filter'],
    ['version 1 (page and offset, tied to one page size)', raw({ v: 1, p: 'daftra', g: 2, o: 5, n: 20, f: list.filter }),
      'comes from another version of this API; start the list again without it'],
    ['a negative index', raw({ ...valid, i: -1 }), 'is not a cursor this API issued'],
    ['a fractional index', raw({ ...valid, i: 1.5 }), 'is not a cursor this API issued'],
    ['an index as text', raw({ ...valid, i: '2' }), 'is not a cursor this API issued'],
    ['a JSON array', raw([1, 2]), 'is not a cursor this API issued'],
    ['JSON null', raw(null), 'is not a cursor this API issued'],
    ['not JSON', Buffer.from('hello').toString('base64url'), 'is not a cursor this API issued'],
    ['not base64url', 'abc+/=', 'is not a cursor this API issued'],
    ['empty', '', 'is not a cursor this API issued'],
    ['too long', 'A'.repeat(201), 'is not a cursor this API issued'],
  ])('%s', (_, cursor, message) => {
    expect(() => decodeCursor(cursor, list)).toThrow(new CursorError(message));
  });
});

describe('filterHash', () => {
  test.each<[Record<string, string>, Record<string, string>, boolean]>([
    [{ email: 'a', search: 'b' }, { search: 'b', email: 'a' }, true],
    [{}, {}, true],
    [{ email: 'a' }, { search: 'a' }, false],
    [{ email: 'a' }, { email: 'A' }, false],
    [{}, { email: 'a' }, false],
  ])('%j vs %j: same = %s', (a, b, same) => {
    expect(filterHash(a) === filterHash(b)).toBe(same);
  });
});
