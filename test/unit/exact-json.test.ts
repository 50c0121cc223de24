import { findInexactJson, isExactJsonNumber } from '../../src/json/exact-json';

describe('JSON numbers that survive parsing exactly', () => {
  it.each(['0', '1', '-1', '0.1', '1.50', '1e2', '1E-7', '9007199254740991', '-9007199254740991', '1.5e300', '0.30000000000000004', '0e10'])(
    'keeps %s',
    (literal) => expect(isExactJsonNumber(literal)).toBe(true),
  );

  it.each(['1e400', '-1e400', '18446744073709551617', '9007199254740993', '9007199254740992', '-0', '-0.0', '1e-400', '0.1000000000000000000000001'])(
    'refuses %s',
    (literal) => expect(isExactJsonNumber(literal)).toBe(false),
  );
});

describe('finding what JSON.parse would change', () => {
  it('names the path of an inexact number, in objects and arrays', () => {
    expect(findInexactJson('{"a":{"b":[1,2,1e400]}}')).toEqual({ path: 'a.b.2', problem: 'inexact_number' });
    expect(findInexactJson('{"a":"1e400","b":{"c":-0}}')).toEqual({ path: 'b.c', problem: 'inexact_number' });
  });

  it('names a key written twice, escapes decoded, and not keys of sibling objects', () => {
    expect(findInexactJson('{"m":{"x":1,"\\u0078":2}}')).toEqual({ path: 'm.x', problem: 'duplicate_key' });
    expect(findInexactJson('{"a":{"x":1},"b":{"x":1}}')).toBeNull();
    expect(findInexactJson('[{"x":1},{"x":1}]')).toBeNull();
  });

  it('is not fooled by brackets, commas and quotes inside strings', () => {
    expect(findInexactJson(JSON.stringify({ a: '{"a":1,"a":2}', b: 'x\\"y', c: [1, '1e400'] }))).toBeNull();
  });
});
