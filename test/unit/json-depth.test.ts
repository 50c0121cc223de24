import { nestsDeeperThan } from '../../src/http/json-body';

describe('JSON nesting check, before parsing', () => {
  it.each([
    ['{"a":{"b":[1]}}', 3, false],
    ['{"a":{"b":[1]}}', 2, true],
    ['[[[]]]', 3, false],
    ['[[[[]]]]', 3, true],
  ])('%s within %i: deeper = %s', (text, limit, deeper) => expect(nestsDeeperThan(text, limit)).toBe(deeper));

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: 'say \\"[[[[\\"' }), 1)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ a: '\\\\' , b: { c: [1] } }), 2)).toBe(true);
  });

  it('counts siblings once, not cumulatively', () => {
    expect(nestsDeeperThan(JSON.stringify(Array.from({ length: 1000 }, () => ({ a: [1] }))), 3)).toBe(false);
  });
});
