import { nestingDepth, parseJson, TooDeepError } from '../src/providers/json.js';
import { providerText } from '../src/clients/provider-text.js';
import { secretsOf, withoutSecrets } from '../src/providers/scrub.js';

describe('the secrets of a call: the values of the headers its module names as credentials', () => {
  const CREDENTIAL_HEADERS = ['authorization', 'apikey', 'api_key'];
  test.each<[Record<string, string>, string[]]>([
    [{ authorization: 'Bearer abc.def.ghi' }, ['abc.def.ghi']],
    [{ apikey: 'k-123456' }, ['k-123456']],
    [{ api_key: 'key-1234567', authorization: 'bearer tok-123456' }, ['key-1234567', 'tok-123456']],
    [{ authorization: 'Bearer abc' }, []], // too short to search for without mangling text
    // Fatora's required content type is no secret: "application/json" stays in the answers.
    [{ authorization: 'Bearer tok-123456', 'content-type': 'application/json' }, ['tok-123456']],
    [{ 'x-other': 'not-a-credential' }, []],
    [{}, []],
  ])('%j → %j', (headers, expected) => {
    expect(secretsOf(headers, CREDENTIAL_HEADERS)).toEqual(expected);
  });
});

describe('exact secrets are cut out of a body', () => {
  test.each<[string, string[], string]>([
    ['{"error":"bad token Bearer tok-123456"}', ['tok-123456'], '{"error":"bad token Bearer [redacted]"}'],
    ['tok-123456 and tok-123456 again', ['tok-123456'], '[redacted] and [redacted] again'],
    ['nothing here', ['tok-123456'], 'nothing here'],
    ['a k-999999 b tok-123456', ['tok-123456', 'k-999999'], 'a [redacted] b [redacted]'],
    // JSON-escaped forms, which parsing would turn back into the secret (review finding).
    ['{"e":"bad abc\\/DEF+ghi\\/123"}', ['abc/DEF+ghi/123'], '{"e":"bad [redacted]"}'],
    ['{"e":"\\u0061bc/DEF\\u002Bghi\\u002f123 \\u0061bc/DEF\\u002bghi/123"}', ['abc/DEF+ghi/123'], '{"e":"[redacted] [redacted]"}'],
    ['{"e":"q\\"uote\\\\d1"}', ['q"uote\\d1'], '{"e":"[redacted]"}'],
    // A backslash elsewhere, and text that only looks alike, are left alone.
    ['{"e":"line\\none abc/DEF+ghi/12"}', ['abc/DEF+ghi/123'], '{"e":"line\\none abc/DEF+ghi/12"}'],
  ])('%s', (text, secrets, expected) => {
    expect(withoutSecrets(text, secrets)).toBe(expected);
  });
});

describe('provider text as a caller sees it', () => {
  test.each<[string, string]>([
    ['bad token Bearer eyJhbGciOi.x.y', 'bad token Bearer [redacted]'],
    ['Authorization: bearer abc123', 'Authorization: bearer [redacted]'],
    ['invalid apikey k-1234567', 'invalid apikey [redacted]'],
    ['api_key=abcdef123 rejected', 'api_key=[redacted] rejected'],
    ['{"token": "abcdef123"}', '{"token": "[redacted]"}'],
    ['token expired', 'token expired'],
    ['Name is required', 'Name is required'],
  ])('%s → %s', (text, expected) => {
    expect(providerText(text)).toBe(expected);
  });

  test('long text is cut to 300 characters, ending in an ellipsis', () => {
    const text = providerText('x'.repeat(1000));
    expect(text).toHaveLength(300);
    expect(text.endsWith('…')).toBe(true);
  });
});

describe('JSON nesting', () => {
  test.each<[string, number]>([
    ['{}', 1],
    ['{"a":[1,{"b":2}]}', 3],
    ['"[[[[["', 0],
    ['{"a":"\\\\"}', 1],
    ['{"a":"\\"[["}', 1],
    ['[[[]],[]]', 3],
  ])('%s is %d deep', (text, depth) => {
    expect(nestingDepth(text)).toBe(depth);
  });

  test('beyond the limit parsing refuses it; malformed or empty text is undefined', () => {
    expect(() => parseJson('['.repeat(65) + ']'.repeat(65))).toThrow(TooDeepError);
    expect(parseJson('['.repeat(64) + ']'.repeat(64))).toBeDefined();
    expect(parseJson('{"a":')).toBeUndefined();
    expect(parseJson('')).toBeUndefined();
  });
});
