import { quoteIdentifier } from './entity-metadata';
import { columnOf, isTimestampColumn, type CustomerProperty } from './customer-metadata';
import { UPSERT_FIELDS } from './upsert-fields';

/**
 * The columns a statement returns, as entity property and the core's field name: rows
 * come back from pg already shaped as a Customer, no mapping per row. The columns
 * themselves come from the entity's metadata.
 */
const RETURNED: readonly (readonly [CustomerProperty, string])[] = [
  ['id', 'customerId'],
  ['merchant', 'merchantId'],
  ['kind', 'kind'],
  ...UPSERT_FIELDS.map((field) => [field, field] as const),
  ['version', 'version'],
  ['createdAt', 'createdAt'],
  ['updatedAt', 'updatedAt'],
];

/** The names a row of selectCustomerColumns carries: what an outer query selects again. */
export const CUSTOMER_FIELDS: readonly string[] = [...RETURNED.map(([, field]) => field), 'marketplaceId'];

/** One select expression per returned field, on the table aliased `alias`. */
export function customerColumnExpressions(alias: string): string[] {
  const columns = RETURNED.map(([property, field]) => {
    const column = `${alias}.${quoteIdentifier(columnOf(property))}`;
    // Timestamps leave PostgreSQL as RFC 3339 text with microseconds: independent of the
    // connection's type parsers (MikroORM installs its own) and of JS Date's milliseconds.
    return isTimestampColumn(property) ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "${field}"` : `${column} AS "${field}"`;
  });
  // April's customer object names its marketplace; the merchant row is found by its primary key.
  columns.push(`(SELECT m.marketplace_id FROM merchants m WHERE m.id = ${alias}.${quoteIdentifier(columnOf('merchant'))}) AS "marketplaceId"`);
  return columns;
}

export function selectCustomerColumns(alias: string): string {
  return customerColumnExpressions(alias).join(', ');
}
