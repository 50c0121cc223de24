import { raw, type RawQueryFragment } from '@mikro-orm/core';
import type { SqlStatement } from '../database/sql-runner';
import { customerColumnExpressions } from './customer-select.sql';
import { CustomerRow } from './customer.entity';
import { compileStatement, quoteIdentifier, statementBuilder } from './entity-metadata';
import { columnOf } from './customer-entity-table';
import type { CustomerProperty } from './customer-table-shape';
import { presenceBit, UPSERT_FIELDS } from './upsert-fields';

/** The alias both upsert statements give the stored row. */
export const STORED = 'c';

/** The name the statements give the one "did a value change" test (see assignBookkeepingOnce). */
const CHANGED = '"changed"';

const stored = (property: CustomerProperty) => `${STORED}.${quoteIdentifier(columnOf(property))}`;
const proposed = (property: CustomerProperty) => `excluded.${quoteIdentifier(columnOf(property))}`;

/**
 * Whether the request changes a value: some field it sent differs from the stored one.
 * An absent field keeps the stored value, so it cannot differ; written per field, the test
 * compares only what was sent and stops at the first difference (statement.bench.js: about
 * twice the rate of one row comparison of the merged CASEs against the stored row).
 */
function changedTest(sent: (bit: number) => string): string {
  const differs = UPSERT_FIELDS.map((field) => `(${sent(presenceBit(field))} AND ${proposed(field)} IS DISTINCT FROM ${stored(field)})`);
  return `(${differs.join(' OR ')})`;
}

/**
 * What ON CONFLICT … DO UPDATE sets, property by property, for both statements; `sent`
 * is the SQL that tells whether the request carried a field, given its presence bit.
 *
 * Only the sent fields change; id, merchant_id, kind, business_key and created_at are
 * never set. version and updated_at move only when a value really changed, and
 * change_token records which statement changed the row last, so that a statement can
 * tell UPDATED from UNCHANGED exactly. The three read one test, "changed", which
 * assignBookkeepingOnce puts in place once the statement is built.
 */
function upsertMerge(sent: (bit: number) => string): Partial<Record<CustomerProperty, RawQueryFragment>> {
  const chosen = (property: CustomerProperty, bit: number) => `CASE WHEN ${sent(bit)} THEN ${proposed(property)} ELSE ${stored(property)} END`;
  const merge: Partial<Record<CustomerProperty, RawQueryFragment>> = {};
  for (const field of UPSERT_FIELDS) merge[field] = raw(chosen(field, presenceBit(field)));
  // email_key follows the email: it is derived from it by the caller.
  merge.emailKey = raw(chosen('emailKey', presenceBit('emailAddress')));
  // Last, and in this order: assignBookkeepingOnce finds them together.
  for (const [property, value] of bookkeeping()) merge[property] = raw(value);
  return merge;
}

function bookkeeping(): [CustomerProperty, string][] {
  return [
    ['version', `${stored('version')} + ${CHANGED}::int`],
    ['changeToken', `CASE WHEN ${CHANGED} THEN ${proposed('changeToken')} ELSE ${stored('changeToken')} END`],
    ['updatedAt', `CASE WHEN ${CHANGED} THEN now() ELSE ${stored('updatedAt')} END`],
  ];
}

/**
 * The QueryBuilder (knex) writes SET as `"col" = value` pairs only, so the three
 * bookkeeping columns come out as three assignments that each name "changed". This turns
 * them into one multi-column assignment whose sub-select computes the test once:
 * `("version", "change_token", "updated_at") = (SELECT …, …, … FROM (SELECT <test> AS
 * "changed" OFFSET 0) AS "t")`. OFFSET 0 keeps PostgreSQL from folding the inner select
 * into the outer one, which would copy the test back into all three. It refuses to compile
 * if the three assignments are not in the built text exactly once.
 */
function assignBookkeepingOnce(text: string, sent: (bit: number) => string): string {
  const pairs = bookkeeping().map(([property, value]) => [quoteIdentifier(columnOf(property)), value] as const);
  const built = pairs.map(([column, value]) => `${column} = ${value}`).join(',');
  const at = text.indexOf(built);
  if (at < 0 || text.indexOf(built, at + 1) >= 0) {
    throw new Error('the upsert statement: the built SET has no single run of the version, change_token and updated_at assignments');
  }
  const once = `(${pairs.map(([column]) => column).join(', ')}) = (SELECT ${pairs.map(([, value]) => value).join(', ')} FROM (SELECT ${changedTest(sent)} AS ${CHANGED} OFFSET 0) AS "t")`;
  return text.slice(0, at) + once + text.slice(at + built.length);
}
/** The conflict target: the business key's unique constraint (merchant, kind, business key). */
const BUSINESS_KEY: CustomerProperty[] = ['merchant', 'kind', 'businessKey'];

/**
 * Both upsert statements: insert `values`, and on a conflict of the business key merge
 * the sent fields (`sent(bit)` says how a statement reads its presence mask) with the
 * bookkeeping computed once; RETURNING the customer's columns plus `extraReturning`.
 */
export function compileUpsert(
  name: string,
  values: Partial<Record<CustomerProperty, RawQueryFragment>>,
  sent: (bit: number) => string,
  extraReturning: readonly string[],
): SqlStatement {
  const builder = statementBuilder(CustomerRow, STORED)
    .insert(values as never)
    .onConflict(BUSINESS_KEY)
    .merge(upsertMerge(sent) as never)
    .returning([...customerColumnExpressions(STORED), ...extraReturning].map((expression) => raw(expression)));
  const compiled = compileStatement(name, builder);
  return { name: compiled.name, text: assignBookkeepingOnce(compiled.text, sent) };
}
