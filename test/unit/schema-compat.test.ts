import { readFileSync } from 'node:fs';
import path from 'node:path';

// Plain JS run by `npm run schema:check` in CI; required here to test its judgement.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { breakingChanges } = require('../../scripts/schema-compat.js') as { breakingChanges(before: string, after: string): Promise<string[]> };

const schema = readFileSync(path.join(__dirname, '../../schema.graphql'), 'utf8');

describe('the schema breaking-change check (npm run schema:check)', () => {
  it('passes the committed schema against itself', async () => {
    expect(await breakingChanges(schema, schema)).toEqual([]);
  });

  it('passes an addition: a new optional argument and a new type', async () => {
    const after = `${schema.replace('upsertCustomer(input: CustomerInput!', 'upsertCustomer(dryRun: Boolean, input: CustomerInput!')}\ntype Extra { id: ID! }\n`;
    expect(after).not.toBe(schema);
    expect(await breakingChanges(schema, after)).toEqual([]);
  });

  it('fails a removed field and an argument made required', async () => {
    const removed = schema.replace(/^\s+outcome: UpsertOutcome!\n/m, '');
    expect(removed).not.toBe(schema);
    expect((await breakingChanges(schema, removed)).join('\n')).toMatch(/outcome/);
    const required = schema.replace('upsertCustomer(input: CustomerInput!', 'upsertCustomer(reason: String!, input: CustomerInput!');
    expect((await breakingChanges(schema, required)).join('\n')).toMatch(/reason/);
  });
});
