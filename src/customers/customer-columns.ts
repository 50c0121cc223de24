/**
 * The columns a statement returns, aliased to the core's field names so that rows
 * come back from pg already shaped as a Customer: no mapping per row.
 */
const CUSTOMER_COLUMNS = [
  ['id', 'customerId'],
  ['merchant_id', 'merchantId'],
  ['kind', 'kind'],
  ['email_address', 'emailAddress'],
  ['reference_customer_id', 'referenceCustomerId'],
  ['organisation_name', 'organisationName'],
  ['tax_id', 'taxId'],
  ['given_name', 'givenName'],
  ['middle_name', 'middleName'],
  ['family_name', 'familyName'],
  ['phone_number', 'phoneNumber'],
  ['is_verified', 'isVerified'],
  ['metadata', 'metadata'],
  ['version', 'version'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
] as const;

// Timestamps leave PostgreSQL as RFC 3339 text with microseconds: independent of the
// connection's type parsers (MikroORM installs its own) and of JS Date's milliseconds.
const TIMESTAMPS = new Set<string>(['created_at', 'updated_at']);

/** The names a row of selectCustomerColumns carries: what an outer query selects again. */
export const CUSTOMER_FIELDS: readonly string[] = [...CUSTOMER_COLUMNS.map(([, field]) => field), 'marketplaceId'];

export function selectCustomerColumns(alias: string): string {
  const columns = CUSTOMER_COLUMNS.map(([column, field]) =>
    TIMESTAMPS.has(column)
      ? `to_char(${alias}.${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "${field}"`
      : `${alias}.${column} AS "${field}"`,
  );
  // April's customer object names its marketplace; the merchant row is found by its primary key.
  columns.push(`(SELECT m.marketplace_id FROM merchants m WHERE m.id = ${alias}.merchant_id) AS "marketplaceId"`);
  return columns.join(', ');
}
