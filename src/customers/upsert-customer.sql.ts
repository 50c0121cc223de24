import type { SqlStatement } from '../database/sql-runner';
import { selectCustomerColumns } from './customer-columns';

/**
 * The fields an upsert may set, in parameter order. Each has a bit in the presence
 * mask: a set bit means the request carried the field (a value or null), so it
 * replaces the stored one; a clear bit leaves the stored value alone.
 */
export const UPSERT_FIELDS = [
  ['emailAddress', 'email_address'],
  ['referenceCustomerId', 'reference_customer_id'],
  ['organisationName', 'organisation_name'],
  ['taxId', 'tax_id'],
  ['givenName', 'given_name'],
  ['middleName', 'middle_name'],
  ['familyName', 'family_name'],
  ['phoneNumber', 'phone_number'],
  ['isVerified', 'is_verified'],
  ['metadata', 'metadata'],
] as const;

export type UpsertField = (typeof UPSERT_FIELDS)[number][0];

const FIRST_FIELD_PARAM = 5;
const MASK_PARAM = FIRST_FIELD_PARAM + UPSERT_FIELDS.length;
const TOKEN_PARAM = MASK_PARAM + 1;
/** email_key: the email as lookups compare it, derived by the caller with the business key's normalisation. */
const EMAIL_KEY_PARAM = TOKEN_PARAM + 1;
const EMAIL_BIT = 1 << UPSERT_FIELDS.findIndex(([field]) => field === 'emailAddress');

function buildUpsertSql(): string {
  const columns = UPSERT_FIELDS.map(([, column]) => column);
  const placeholders = columns.map((column, i) => `$${FIRST_FIELD_PARAM + i}${column === 'metadata' ? '::jsonb' : ''}`);
  const merged = columns.map(
    (column, i) => `CASE WHEN $${MASK_PARAM}::int & ${1 << i} <> 0 THEN excluded.${column} ELSE c.${column} END`,
  );
  const changed = `(${merged.join(', ')}) IS DISTINCT FROM (${columns.map((column) => `c.${column}`).join(', ')})`;

  // One statement decides insert or update under the unique key's lock, so concurrent
  // upserts of one key from any number of instances end with one row and no error.
  // On conflict only the sent fields change; id and created_at never do. version and
  // updated_at move only when a value really changed, and change_token records which
  // statement changed the row last: `changed` in RETURNING is then exact.
  return `INSERT INTO customers AS c
  (id, merchant_id, kind, business_key, ${columns.join(', ')}, email_key, version, change_token, created_at, updated_at)
VALUES ($1, $2, $3, $4, ${placeholders.join(', ')}, $${EMAIL_KEY_PARAM}, 1, $${TOKEN_PARAM}, now(), now())
ON CONFLICT (merchant_id, kind, business_key) DO UPDATE SET
  ${columns.map((column, i) => `${column} = ${merged[i]}`).join(',\n  ')},
  email_key = CASE WHEN $${MASK_PARAM}::int & ${EMAIL_BIT} <> 0 THEN excluded.email_key ELSE c.email_key END,
  version = c.version + CASE WHEN ${changed} THEN 1 ELSE 0 END,
  change_token = CASE WHEN ${changed} THEN excluded.change_token ELSE c.change_token END,
  updated_at = CASE WHEN ${changed} THEN now() ELSE c.updated_at END
RETURNING ${selectCustomerColumns('c')}, (c.xmax = 0) AS "inserted", (c.change_token = $${TOKEN_PARAM}) AS "changed"`;
}

export const UPSERT_CUSTOMER_STATEMENT: SqlStatement = { name: 'upsert_customer_v1', text: buildUpsertSql() };
