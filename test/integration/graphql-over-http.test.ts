import { serverAudits } from 'graphql-http';
import { startTestApp, type TestApp } from '../helpers/test-app';

/**
 * The GraphQL-over-HTTP audit's warnings we keep, each with its reason. The three are one choice:
 * a document that cannot run (unparsable, invalid, or with variables that do not coerce) is a 400,
 * whatever the Accept header. That is Apollo Server's behaviour, the README's (`400
 * GRAPHQL_PARSE_FAILED` / `GRAPHQL_VALIDATION_FAILED`), and what the spec REQUIRES for
 * application/graphql-response+json. The 200 the spec only RECOMMENDS for application/json is for
 * legacy clients that drop the body of a non-2xx answer; the clients of this API read it, and a 400
 * lets HTTP metrics and logs count a caller's broken request as the caller's error.
 */
const EXPLAINED_WARNINGS: Readonly<Record<string, string>> = {
  '572B': 'SHOULD use 200 status code on document parsing failure when accepting application/json',
  FDE2: 'SHOULD use 200 status code on document validation failure when accepting application/json',
  '7B9B': 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
};

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

describe('the GraphQL-over-HTTP audit (graphql-http serverAudits) on /graphql', () => {
  it('finds no error, and no warning other than the three explained above', async () => {
    const results = [];
    for (const audit of serverAudits({ url: `${t.baseUrl}/graphql` })) {
      const result = await audit.fn();
      results.push({ id: audit.id, name: audit.name, status: result.status, reason: result.status === 'ok' ? undefined : result.reason });
    }
    const errors = results.filter((result) => result.status === 'error');
    const warnings = results.filter((result) => result.status === 'warn');
    expect(errors).toEqual([]);
    expect(Object.fromEntries(warnings.map((warning) => [warning.id, warning.name]))).toEqual(EXPLAINED_WARNINGS);
    console.log(`graphql-http audit: ${results.length - errors.length - warnings.length} ok, ${warnings.length} warnings (explained), ${errors.length} errors`);
  });
});
