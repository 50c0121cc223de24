import { Client } from 'pg';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (value: unknown) => unknown };
import { buildListStatement } from '../../src/customers/customer-list.sql';
import { DEFAULT_SORT, SORT_FIELDS, type CustomerFilter, type CustomerListQuery, type SortKey } from '../../src/customers/customer-query';
import type { ReadScope } from '../../src/tenancy/merchant-access';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { seedTenants, type Tenants } from '../helpers/test-app';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { PLANNER_OPTIONS } from '../../src/database/request-pool';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { seedCustomersSql } = require('../../bench/seed-customers.js') as { seedCustomersSql: (merchantId: string, count: number, from?: number) => string };

let database: TestDatabase;
let tenants: Tenants;
let client: Client;
/** Every index on customers whose first column is merchant_id. */
let merchantFirstIndexes: Set<string>;

beforeAll(async () => {
  database = await createTestDatabase();
  tenants = await seedTenants(new TenancyAdmin((await database.db.orm()).em));
  // The request pool's planner settings: the plans checked are the ones requests get.
  client = new Client({ connectionString: database.url, options: PLANNER_OPTIONS });
  await client.connect();
  // Enough rows that a sequential scan would be the planner's own choice if an index were missing.
  await client.query(seedCustomersSql(tenants.merchantA, 40_000));
  await client.query(seedCustomersSql(tenants.merchantB, 4_000, 50_000));
  await client.query('ANALYZE customers');
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customers'`,
  );
  merchantFirstIndexes = new Set(rows.filter((row) => /USING btree \(merchant_id,/.test(row.indexdef)).map((row) => row.indexname));
});
afterAll(async () => {
  await client.end();
  await database.drop();
});

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function nodesOf(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodesOf)];
}

const customerNodes = (plan: PlanNode) => nodesOf(plan).filter((node) => node['Relation Name'] === 'customers');

async function customerScans(text: string, values: unknown[]): Promise<PlanNode[]> {
  const { rows } = await client.query(`EXPLAIN (FORMAT JSON) ${text}`, values);
  return customerNodes(rows[0]['QUERY PLAN'][0].Plan);
}

/**
 * The plan PostgreSQL keeps for a named statement once it stops planning per value: the
 * statement prepared, plan_cache_mode forced to generic, EXPLAIN EXECUTE with the values as
 * literals (PREPARE has typed each parameter from its use).
 */
async function genericPlanScans(text: string, values: unknown[]): Promise<PlanNode[]> {
  await client.query(`PREPARE generic_shape AS ${text}`);
  try {
    await client.query('SET plan_cache_mode = force_generic_plan');
    const literals = values.map((value) => client.escapeLiteral(String(prepareValue(value))));
    const { rows } = await client.query(`EXPLAIN (FORMAT JSON) EXECUTE generic_shape(${literals.join(', ')})`);
    const plan = rows[0]['QUERY PLAN'][0];
    // A generic plan compares with the parameters themselves, not with their values.
    expect(JSON.stringify(plan)).toContain('$1');
    return customerNodes(plan.Plan);
  } finally {
    await client.query('RESET plan_cache_mode');
    await client.query('DEALLOCATE generic_shape');
  }
}

const FILTERS: [string, CustomerFilter][] = [
  ['no filter', {}],
  ['emailAddress', { emailAddress: 'user123@example.com' }],
  ['emailAddresses', { emailAddresses: ['user123@example.com', 'user77@example.com'] }],
  ['customerIds', { customerIds: ['cust_AAAAAAAAAAAAAAAA', 'cust_BBBBBBBBBBBBBBBB'] }],
  ['referenceCustomerId', { referenceCustomerId: 'REF-77' }],
  ['name, a common prefix', { name: 'smi' }],
  ['name, a rare prefix', { name: 'Org 1234' }],
  ['createdAfter', { createdAfter: '2024-01-10T00:00:00Z' }],
  ['createdBefore', { createdBefore: '2024-01-02T00:00:00Z' }],
  ['created range', { createdAfter: '2024-01-03T00:00:00Z', createdBefore: '2024-01-04T00:00:00Z' }],
  ['merchantIds', { merchantIds: ['mcht_x'] }],
];

const SORTS: [string, SortKey[]][] = [
  ['default', [...DEFAULT_SORT]],
  ...SORT_FIELDS.flatMap((field): [string, SortKey[]][] => [
    [field, [{ field, descending: false }]],
    [`-${field}`, [{ field, descending: true }]],
  ]),
  ['familyName,-createdAt', [{ field: 'familyName', descending: false }, { field: 'createdAt', descending: true }]],
];

type Scope = 'merchant' | 'marketplace';

function shapes(): [string, Scope, CustomerListQuery][] {
  const merchant = (): Scope => 'merchant';
  const cases: [string, Scope, CustomerListQuery][] = [];
  for (const [filterName, filter] of FILTERS) {
    for (const [sortName, sort] of SORTS) {
      cases.push([`${filterName}, sort ${sortName}`, merchant(), { filter, sort, first: 20 }]);
    }
  }
  const after = { values: ['1704067200000000'], customerId: 'cust_AAAAAAAAAAAAAAAA' };
  cases.push(['a cursor', merchant(), { filter: {}, sort: [...DEFAULT_SORT], first: 20, after }]);
  cases.push(['a cursor, mixed directions', merchant(), {
    filter: {}, sort: [{ field: 'familyName', descending: false }, { field: 'createdAt', descending: true }], first: 20,
    after: { values: ['smith 1', '1704067200000000'], customerId: 'cust_AAAAAAAAAAAAAAAA' },
  }]);
  cases.push(['page 50', merchant(), { filter: {}, sort: [...DEFAULT_SORT], first: 20, page: 50 }]);
  cases.push(['page 50, two sort keys', merchant(), { filter: {}, sort: [{ field: 'familyName', descending: true }, { field: 'createdAt', descending: false }], first: 20, page: 50 }]);
  cases.push(['page 50, a name', merchant(), { filter: { name: 'smi' }, sort: [{ field: 'updatedAt', descending: true }], first: 20, page: 50 }]);
  cases.push(['a marketplace, page 50', 'marketplace', { filter: {}, sort: [...DEFAULT_SORT], first: 20, page: 50 }]);
  cases.push(['a marketplace, no filter', 'marketplace', { filter: {}, sort: [...DEFAULT_SORT], first: 20 }]);
  cases.push(['a marketplace, name', 'marketplace', { filter: { name: 'jo' }, sort: [...DEFAULT_SORT], first: 20 }]);
  return cases;
}

describe('EXPLAIN: no listing scans customers sequentially, and every index it uses leads with merchant_id', () => {
  it.each(shapes())('%s', async (_name, scopeKind, query) => {
    const scope: ReadScope = scopeKind === 'merchant' ? { merchantId: tenants.merchantA } : { marketplaceId: tenants.marketplace1 };
    const { statement, values } = buildListStatement(scope, query);
    // A named shape may come to run on a generic plan, made without its values: that plan too.
    const plans = [await customerScans(statement.text, values), ...(statement.name ? [await genericPlanScans(statement.text, values)] : [])];
    // Named: a first page on one sort key, without a name prefix (customer-list.sql.ts says why).
    expect(statement.name !== '').toBe(query.filter.name == null && !query.page && query.sort.length === 1);
    for (const scans of plans) {
      expect(scans.length).toBeGreaterThan(0);
      expect(scans.filter((node) => node['Node Type'] === 'Seq Scan')).toEqual([]);
      for (const node of scans) {
        if (node['Index Name']) expect(merchantFirstIndexes).toContain(node['Index Name']);
      }
    }
  });
});

// A deep page or a sort on several keys picks the page's ids first and then fetches their
// rows; a first page on one key reads the rows at once. Either way a page is exactly the
// rows a plain ORDER BY … OFFSET … LIMIT over the whole table gives.
describe('a page holds the rows of a plain OFFSET query, whichever way the statement reads them', () => {
  const REFERENCE_ORDER: [string, SortKey[], string][] = [
    ['createdAt', [...DEFAULT_SORT], 'created_at, id'],
    ['-updatedAt', [{ field: 'updatedAt', descending: true }], 'updated_at DESC, id DESC'],
    ['-familyName,createdAt', [{ field: 'familyName', descending: true }, { field: 'createdAt', descending: false }],
      `lower(coalesce(family_name, '')) COLLATE "C" DESC, created_at, id`],
    ['organisationName,-emailAddress', [{ field: 'organisationName', descending: false }, { field: 'emailAddress', descending: true }],
      `lower(coalesce(organisation_name, '')) COLLATE "C", coalesce(email_key, '') COLLATE "C" DESC, id DESC`],
  ];
  it.each(REFERENCE_ORDER)('sort %s, pages 1, 2 and 60', async (_name, sort, orderBy) => {
    for (const page of [1, 2, 60]) {
      const { statement, values } = buildListStatement({ merchantId: tenants.merchantA }, { filter: {}, sort, first: 20, page });
      const { rows } = await client.query(statement.text, values);
      const reference = await client.query(
        `SELECT id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "createdAt", family_name, organisation_name
         FROM customers WHERE merchant_id = $1 ORDER BY ${orderBy} OFFSET $2 LIMIT 21`,
        [tenants.merchantA, (page - 1) * 20],
      );
      expect(rows.map((row) => [row.customerId, row.createdAt, row.familyName, row.organisationName])).toEqual(
        reference.rows.map((row) => [row.id, row.createdAt, row.family_name, row.organisation_name]),
      );
      expect(rows.every((row) => row.merchantId === tenants.merchantA && row.marketplaceId === tenants.marketplace1)).toBe(true);
    }
  });
});

it('the three name keys are estimated from a 1,000-bucket histogram, so a prefix of some thousand rows is walked, not sorted', async () => {
  const { rows } = await client.query<{ relname: string; attstattarget: number }>(
    `SELECT c.relname, a.attstattarget FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relname = ANY($1) AND a.attnum = 2 ORDER BY c.relname`,
    [['customers_given_name_index', 'customers_family_name_index', 'customers_organisation_name_index']],
  );
  expect(rows).toEqual(['customers_family_name_index', 'customers_given_name_index', 'customers_organisation_name_index'].map((relname) => ({ relname, attstattarget: 1000 })));
});
