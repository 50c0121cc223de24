import { newId, randomBytesPooled } from '../../src/ids';

describe('ids', () => {
  it('are the prefix and 16 URL-safe characters', () => {
    expect(newId('cust_')).toMatch(/^cust_[A-Za-z0-9_-]{16}$/);
  });

  it('do not repeat, across many refills of the random pool', () => {
    const ids = new Set(Array.from({ length: 5000 }, () => newId('cust_'))); // 60 KB: several refills
    expect(ids.size).toBe(5000);
  });

  it('hand out each pooled byte once, even across a refill boundary', () => {
    const chunks = Array.from({ length: 700 }, () => randomBytesPooled(13).toString('hex'));
    expect(new Set(chunks).size).toBe(700);
    expect(chunks.every((chunk) => chunk.length === 26)).toBe(true);
  });
});
