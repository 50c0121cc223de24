import { columnOf, isTimestampColumn } from './customer-entity-table';
import { RETURNED_COLUMNS } from './customer-columns';
import { quoteIdentifier } from './entity-metadata';

/** One select expression per returned field, on the table aliased `alias`. */
export function customerColumnExpressions(alias: string): string[] {
  const columns = RETURNED_COLUMNS.map(([property, field]) => {
    const column = `${alias}.${quoteIdentifier(columnOf(property))}`;
    // Timestamps leave PostgreSQL as RFC 3339 text with microseconds: independent of the
    // connection's type parsers (MikroORM installs its own) and of JS Date's milliseconds.
    return isTimestampColumn(property) ? `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "${field}"` : `${column} AS "${field}"`;
  });
  // April's customer object names its marketplace; the merchant row is found by its primary key.
  columns.push(`(SELECT m.marketplace_id FROM merchants m WHERE m.id = ${alias}.${quoteIdentifier(columnOf('merchant'))}) AS "marketplaceId"`);
  return columns;
}

/** The select list of every read and upsert of a customer (CUSTOMER_SELECT_LIST is it compiled for `c`). */
export function selectCustomerColumns(alias: string): string {
  return customerColumnExpressions(alias).join(', ');
}
