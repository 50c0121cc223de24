import { createHash } from 'node:crypto';
import type { SqlStatement } from '../database/sql-runner';
import { CUSTOMER_FIELDS } from './customer-columns';
import { CUSTOMER_SELECT_LIST } from './customer-statements.generated';
import { isTimeSortField, type CustomerListQuery, type ReadScope, type SortField } from './customer-query';
import { rfc3339ToMicros } from './rfc3339';

/**
 * How each sort key is ordered and compared. The expressions are exactly those of
 * the indexes in customer.entity.ts, so that each key is an index range after
 * `merchant_id = …`. Text keys compare in code-point order (COLLATE "C"): a
 * case-insensitive prefix is then a plain range, and the order does not depend on
 * the server's locale.
 */
const SORT_EXPRESSIONS: Readonly<Record<SortField, string>> = {
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
  emailAddress: `(coalesce(c.email_key, '') COLLATE "C")`,
  familyName: `(lower(coalesce(c.family_name, '')) COLLATE "C")`,
  organisationName: `(lower(coalesce(c.organisation_name, '')) COLLATE "C")`,
};

const NAME_EXPRESSIONS = [
  `(lower(coalesce(c.given_name, '')) COLLATE "C")`,
  SORT_EXPRESSIONS.familyName,
  SORT_EXPRESSIONS.organisationName,
];

// Whole microseconds: a JS Date would round to milliseconds and repeat rows across pages.
const micros = (expression: string) => `(extract(epoch FROM ${expression}) * 1000000)::bigint`;
const fromMicros = (param: string) => `('epoch'::timestamptz + ${param}::bigint * interval '1 microsecond')`;

class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

interface Key {
  readonly expression: string;
  readonly descending: boolean;
  /** The cursor value as a query parameter, typed like the expression. */
  readonly at: string;
}

/** Rows after `keys`' values in their order: a row comparison when all run one way, else spelled out. */
function afterPosition(keys: readonly Key[]): string {
  if (keys.every((key) => key.descending === keys[0]!.descending)) {
    const op = keys[0]!.descending ? '<' : '>';
    return `(${keys.map((key) => key.expression).join(', ')}) ${op} (${keys.map((key) => key.at).join(', ')})`;
  }
  const strictly = (key: Key) => `${key.expression} ${key.descending ? '<' : '>'} ${key.at}`;
  let condition = strictly(keys.at(-1)!);
  for (const key of keys.slice(0, -1).reverse()) {
    condition = `(${strictly(key)} OR (${key.expression} = ${key.at} AND ${condition}))`;
  }
  // Redundant, but it gives the index a range to start from.
  const lead = keys[0]!;
  return `${condition} AND ${lead.expression} ${lead.descending ? '<=' : '>='} ${lead.at}`;
}

function filterConditions(query: CustomerListQuery, p: Parameters): string[] {
  const { filter } = query;
  const conditions: string[] = [];
  if (filter.emailAddress != null) conditions.push(`${SORT_EXPRESSIONS.emailAddress} = (${p.add(filter.emailAddress, '::text')} COLLATE "C")`);
  if (filter.emailAddresses) conditions.push(`${SORT_EXPRESSIONS.emailAddress} = ANY(${p.add(filter.emailAddresses, '::text[]')})`);
  if (filter.customerIds) conditions.push(`c.id = ANY(${p.add(filter.customerIds.map((id) => id.trim()), '::text[]')})`);
  if (filter.referenceCustomerId != null) conditions.push(`c.reference_customer_id = ${p.add(filter.referenceCustomerId.trim())}`);
  if (filter.name != null) {
    // [prefix, prefix + U+10FFFF): every string that starts with the prefix, bar the
    // noncharacter U+10FFFF itself right after it.
    const prefix = p.add(filter.name.trim(), '::text');
    const from = `(lower(${prefix}) COLLATE "C")`;
    const to = `((lower(${prefix}) || chr(1114111)) COLLATE "C")`;
    conditions.push(`(${NAME_EXPRESSIONS.map((e) => `(${e} >= ${from} AND ${e} < ${to})`).join(' OR ')})`);
  }
  if (filter.createdAfter != null) conditions.push(`c.created_at >= ${fromMicros(p.add(String(rfc3339ToMicros(filter.createdAfter, 'ceil'))))}`);
  if (filter.createdBefore != null) conditions.push(`c.created_at <= ${fromMicros(p.add(String(rfc3339ToMicros(filter.createdBefore))))}`);
  return conditions;
}

/** The select list's marketplace, looked up for each row (customer-select.sql.ts). */
const PER_ROW_MARKETPLACE = '(SELECT m.marketplace_id FROM merchants m WHERE m.id = c."merchant_id")';
if (!CUSTOMER_SELECT_LIST.includes(PER_ROW_MARKETPLACE)) throw new Error('customer-list.sql.ts: the select list no longer looks up the marketplace as it expects');

/** A sort key's value as a cursor holds it: microseconds for a time, the compared text otherwise. */
const cursorValue = (field: SortField) => (isTimeSortField(field) ? micros(SORT_EXPRESSIONS[field]) : SORT_EXPRESSIONS[field]);

/**
 * Names for listing statements, by a hash of their text (node-pg refuses one name for two
 * texts). Named, PostgreSQL parses a shape once per connection and, after five executions,
 * may keep one generic plan for all its values: at 1M rows the default listing's round trip
 * fell from 440 to 140 µs (pgbench, one client). The EXPLAIN test checks that generic plans,
 * too, read only indexes that lead with merchant_id.
 *
 * At most `limit` shapes are named: each is a prepared statement, with its plan, on every
 * pooled connection, and sort keys, directions and filters combine into millions of texts.
 * Past it a new shape runs unnamed: planned each time, slower, never wrong.
 */
export class ListStatementNames {
  private readonly names = new Map<string, string>();
  constructor(private readonly limit: number) {}

  /** `planPerValue`: the shape's best plan depends on its values, so it is never named. */
  statement(text: string, planPerValue: boolean): SqlStatement {
    if (planPerValue) return { name: '', text };
    let name = this.names.get(text);
    if (name === undefined && this.names.size < this.limit) {
      name = `list_${createHash('sha256').update(text).digest('base64url').slice(0, 24)}`;
      this.names.set(text, name);
    }
    return { name: name ?? '', text };
  }
}

/** Behind a transaction pooler, PgSqlRunner sends every statement unnamed whatever it is called. */
const names = new ListStatementNames(200);

/**
 * Whether a listing is planned for its values each time rather than named:
 * - a `name` prefix: how many rows it matches ('k' or 'Smith 123') decides between walking
 *   the sort index and sorting the prefix's rows, and one plan is wrong for one or the other;
 * - a statement that reads keys first (a deep page, two sort keys): a generic plan cannot
 *   see the LIMIT and OFFSET values, takes each for a tenth of the table, and then may sort
 *   the merchant's whole table (the EXPLAIN test caught it doing so).
 */
const plannedPerValue = (query: CustomerListQuery, keysFirst: boolean) => keysFirst || query.filter.name != null;

/**
 * One listing as one statement, no sequential scan. One merchant's listing reads one index
 * range in its order and stops after the rows the page needs; its sort values become
 * cursor text only for the rows returned, and its marketplace is looked up once. A whole
 * marketplace reads each merchant through its own range (a LATERAL subquery) and merges,
 * sorts and cuts the results to the page. Against the earlier form, which merged even one
 * merchant, a round trip at 1M rows (one client, medians of three rounds): first page
 * 752 → 538 µs, 100 rows 2131 → 1246 µs, page 50 1808 → 1236 µs.
 *
 * When the statement reads rows it does not return (a deep `page` skips its OFFSET
 * rows; a sort on two or more keys reads whole groups of the first key for PostgreSQL's
 * incremental sort), it reads keys first: the merge selects only the id and the sort
 * values (on the time sorts an index-only scan), and only the page's rows are then
 * fetched by primary key, their timestamps formatted and marketplace looked up. A
 * first page on one key returns every row it reads, so it selects the columns at once:
 * the extra primary-key lookup per row measured slower there (EXPLAIN ANALYZE at 1M rows).
 *
 * A shape whose best plan does not depend on its values is named by its text
 * (ListStatementNames, plannedPerValue), so that PostgreSQL parses and plans it once per
 * connection rather than on every request.
 *
 * The email filters arrive already normalised (customer-reads.ts): this file only compares.
 */
export function buildListStatement(scope: ReadScope, query: CustomerListQuery): { statement: SqlStatement; values: unknown[] } {
  const p = new Parameters();
  const merchant = 'merchantId' in scope ? p.add(scope.merchantId) : null;
  const scopeCondition = 'merchantId' in scope ? `m.id = ${merchant}` : `m.marketplace_id = ${p.add(scope.marketplaceId)}`;
  const merchantIds = query.filter.merchantIds ? p.add(query.filter.merchantIds.map((id) => id.trim()), '::text[]') : null;
  const merchantFilter = merchantIds ? ` AND m.id = ANY(${merchantIds})` : '';
  const conditions = [
    ...(merchant ? [`c.merchant_id = ${merchant}`, ...(merchantIds ? [`c.merchant_id = ANY(${merchantIds})`] : [])] : ['c.merchant_id = m.id']),
    ...filterConditions(query, p),
  ];

  const lastDescending = query.sort.at(-1)!.descending;
  const keys: Key[] = query.sort.map(({ field, descending }, i) => {
    const value = query.after?.values[i];
    const at = value === undefined ? '' : isTimeSortField(field) ? fromMicros(p.add(value)) : `(${p.add(value, '::text')} COLLATE "C")`;
    return { expression: SORT_EXPRESSIONS[field], descending, at };
  });
  const idKey: Key = { expression: 'c.id', descending: lastDescending, at: query.after ? p.add(query.after.customerId, '::text') : '' };
  if (query.after) conditions.push(afterPosition([...keys, idKey]));

  const offset = query.page ? (query.page - 1) * query.first : 0;
  const keysFirst = offset > 0 || query.sort.length > 1;
  const direction = (descending: boolean) => (descending ? 'DESC' : 'ASC');
  const innerOrder = [...keys, idKey].map((key) => `${key.expression} ${direction(key.descending)}`);
  /** The page's order over a subquery `alias` whose sort values are s0, s1, …, and whose id is `id`. */
  const pageOrder = (alias: string, id: string) => [
    ...query.sort.map(({ field, descending }, i) => `${alias}."s${i}"${isTimeSortField(field) ? '' : ' COLLATE "C"'} ${direction(descending)}`),
    `${alias}.${id} ${direction(lastDescending)}`,
  ];

  if (merchant) {
    // One merchant: one index range, read in its order; nothing to merge. The sort values
    // become cursor text only for the rows returned, and the marketplace is looked up once.
    const marketplace = `(SELECT m.marketplace_id FROM merchants m WHERE m.id = ${merchant})`;
    const positions = query.sort.map(({ field }, i) => `${cursorValue(field)}::text AS "p${i}"`).join(', ');
    const selectList = `${CUSTOMER_SELECT_LIST.replace(PER_ROW_MARKETPLACE, marketplace)}, ${positions}`;
    const where = conditions.join('\n  AND ');
    // Keys first, then each page row by its primary key: LATERAL with LIMIT 1 keeps that a
    // lookup per row, where a join was once planned as a hash of the merchant's whole table.
    const text = keysFirst
      ? `SELECT ${selectList}
FROM (
  SELECT c.id, ${query.sort.map(({ field }, i) => `${SORT_EXPRESSIONS[field]} AS "s${i}"`).join(', ')}
  FROM customers c
  WHERE ${where}
  ORDER BY ${innerOrder.join(', ')}
  LIMIT ${p.add(query.first + 1, '::bigint')} OFFSET ${p.add(offset, '::bigint')}
) k
CROSS JOIN LATERAL (SELECT * FROM customers c WHERE c.merchant_id = ${merchant} AND c.id = k.id LIMIT 1) c
ORDER BY ${pageOrder('k', 'id').join(', ')}`
      : `SELECT ${selectList}
FROM customers c
WHERE ${where}
ORDER BY ${innerOrder.join(', ')}
LIMIT ${p.add(query.first + 1, '::bigint')}`;
    return { statement: names.statement(text, plannedPerValue(query, keysFirst)), values: p.values };
  }
  const sortValues = query.sort.map(({ field }, i) => `${cursorValue(field)} AS "s${i}"`);
  const sortNames = query.sort.map((_, i) => `"s${i}"`);
  const positions = (alias: string) => sortNames.map((name, i) => `${alias}.${name}::text AS "p${i}"`).join(', ');
  const page = (innerColumns: string, outerColumns: string, id: string) => `SELECT ${outerColumns}
FROM merchants m
CROSS JOIN LATERAL (
  SELECT ${innerColumns}, ${sortValues.join(', ')}
  FROM customers c
  WHERE ${conditions.join('\n    AND ')}
  ORDER BY ${innerOrder.join(', ')}
  LIMIT ${p.add(offset + query.first + 1, '::bigint')}
) x
WHERE ${scopeCondition}${merchantFilter}
ORDER BY ${pageOrder('x', id).join(', ')}
LIMIT ${p.add(query.first + 1, '::bigint')} OFFSET ${p.add(offset, '::bigint')}`;

  const text = keysFirst
    ? `SELECT ${CUSTOMER_SELECT_LIST}, ${positions('k')}
FROM (${page('c.merchant_id, c.id', ['x.merchant_id', 'x.id', ...sortNames.map((name) => `x.${name}`)].join(', '), 'id')}) k
JOIN customers c ON c.merchant_id = k.merchant_id AND c.id = k.id
ORDER BY ${pageOrder('k', 'id').join(', ')}`
    : page(CUSTOMER_SELECT_LIST, `${CUSTOMER_FIELDS.map((field) => `x."${field}"`).join(', ')}, ${positions('x')}`, '"customerId"');
  return { statement: names.statement(text, plannedPerValue(query, keysFirst)), values: p.values };
}
