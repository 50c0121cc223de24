import { buildSchema, parse, validate } from 'graphql';
import { queryLimitsRule } from '../../src/graphql/query-limits.rule';

// A schema that can nest without end, as a future one with relations could.
const schema = buildSchema(`type Node { id: ID, child: Node } type Query { node: Node }`);
const limits = { maxDepth: 5, maxFields: 20, maxTokens: 1000 };

function problems(query: string): string[] {
  return validate(schema, parse(query), [queryLimitsRule(limits)]).map((error) => error.message);
}

const nested = (depth: number) => `{ node ${'{ child '.repeat(depth - 2)}{ id }${' }'.repeat(depth - 2)} }`;

describe('query limits', () => {
  it('accepts a query at the depth limit', () => {
    expect(problems(nested(5))).toEqual([]);
  });

  it('refuses one level deeper', () => {
    expect(problems(nested(6))).toEqual(['Query is nested 6 deep; the limit is 5.']);
  });

  it('counts depth through fragments', () => {
    const query = `{ node { ...A } } fragment A on Node { child { child { ...B } } } fragment B on Node { child { child { id } } }`;
    expect(problems(query)).toEqual(['Query is nested 6 deep; the limit is 5.']);
  });

  it('counts every aliased field against the cost bound', () => {
    const query = `{ ${Array.from({ length: 21 }, (_, i) => `n${i}: node { id }`).join(' ')} }`;
    expect(problems(query)).toEqual(['Query selects more than 20 fields; split it up.']);
  });

  it('does not loop on a fragment cycle (graphql-js reports the cycle itself)', () => {
    const query = `{ node { ...A } } fragment A on Node { child { ...A } }`;
    expect(() => problems(query)).not.toThrow();
  });

  it('leaves introspection subtrees to the introspection switch', () => {
    expect(problems(`{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }`)).toEqual([]);
  });
});
