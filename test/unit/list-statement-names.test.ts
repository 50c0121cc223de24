import { ListStatementNames } from '../../src/customers/customer-list.sql';

describe('listing statements are named by their text, a bounded number of them', () => {
  it('gives one text one name, every time, and different texts different names', () => {
    const names = new ListStatementNames(10);
    const a = names.statement('SELECT 1', false);
    expect(a.name).toMatch(/^list_[\w-]{24}$/);
    expect(names.statement('SELECT 1', false).name).toBe(a.name);
    expect(names.statement('SELECT 2', false).name).not.toBe(a.name);
    // The name is the text's own, not an order of arrival: a second process names it alike.
    expect(new ListStatementNames(10).statement('SELECT 1', false).name).toBe(a.name);
  });

  it('leaves a shape that is planned for its values unnamed', () => {
    const names = new ListStatementNames(10);
    expect(names.statement('SELECT 1', true)).toEqual({ name: '', text: 'SELECT 1' });
    expect(names.statement('SELECT 1', false).name).not.toBe('');
  });

  it('names no more than its limit; later shapes run unnamed, the named ones stay named', () => {
    const names = new ListStatementNames(3);
    const first = ['a', 'b', 'c'].map((text) => names.statement(text, false).name);
    expect(first.every((name) => name !== '')).toBe(true);
    expect(names.statement('d', false)).toEqual({ name: '', text: 'd' });
    expect(['a', 'b', 'c'].map((text) => names.statement(text, false).name)).toEqual(first);
  });
});
