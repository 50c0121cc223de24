import { ListStatementNames } from '../../src/customers/customer-list.sql';
import { DEFAULT_SORT, type CustomerListQuery } from '../../src/customers/customer-query';

const query = (filter: CustomerListQuery['filter'] = {}): CustomerListQuery => ({ filter, sort: [...DEFAULT_SORT], first: 20 });

describe('listing statements are named by their text, a bounded number of them', () => {
  it('gives one text one name, every time, and different texts different names', () => {
    const names = new ListStatementNames(10);
    const a = names.statement('SELECT 1', query());
    expect(a.name).toMatch(/^list_[\w-]{24}$/);
    expect(names.statement('SELECT 1', query()).name).toBe(a.name);
    expect(names.statement('SELECT 2', query()).name).not.toBe(a.name);
    // The name is the text's own, not an order of arrival: a second process names it alike.
    expect(new ListStatementNames(10).statement('SELECT 1', query()).name).toBe(a.name);
  });

  it('leaves a name prefix unnamed, to be planned for its value', () => {
    const names = new ListStatementNames(10);
    expect(names.statement('SELECT 1', query({ name: 'smi' }))).toEqual({ name: '', text: 'SELECT 1' });
    expect(names.statement('SELECT 1', query({ name: null })).name).not.toBe('');
  });

  it('names no more than its limit; later shapes run unnamed, the named ones stay named', () => {
    const names = new ListStatementNames(3);
    const first = ['a', 'b', 'c'].map((text) => names.statement(text, query()).name);
    expect(first.every((name) => name !== '')).toBe(true);
    expect(names.statement('d', query())).toEqual({ name: '', text: 'd' });
    expect(['a', 'b', 'c'].map((text) => names.statement(text, query()).name)).toEqual(first);
  });
});
