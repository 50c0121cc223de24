import type { SqlStatement } from '../database/sql-runner';
import { selectCustomerColumns } from './customer-columns';
import { UPSERT_FIELDS } from './upsert-customer.sql';

/** The column that carries each row's presence mask (see the entity's upsertPresence). */
export const PRESENCE_COLUMN = 'upsert_presence';

/** The columns a batch row names besides the fields: the key, the id a create takes, and the bookkeeping. */
export const BATCH_ROW_COLUMNS = ['id', 'merchant_id', 'kind', 'business_key', 'email_key', 'change_token', PRESENCE_COLUMN] as const;

const EMAIL_BIT = 1 << UPSERT_FIELDS.findIndex(([field]) => field === 'emailAddress');

function buildBatchSql(): string {
  const fields = UPSERT_FIELDS.map(([, column]) => column);
  const sent = (bit: number) => `excluded.${PRESENCE_COLUMN} & ${bit} <> 0`;
  const merged = fields.map((column, i) => `CASE WHEN ${sent(1 << i)} THEN excluded.${column} ELSE c.${column} END`);
  const changed = `(${merged.join(', ')}) IS DISTINCT FROM (${fields.map((column) => `c.${column}`).join(', ')})`;
  const proposed = [...BATCH_ROW_COLUMNS, ...fields];

  // The single-row statement's rules, row by row. Rows come as one JSON array read with
  // the table's own row type, so every column is cast to its declared type with no list
  // of types kept here. Each row's presence mask rides in upsert_presence because
  // excluded.* sees table columns only. The caller never puts one key twice in a batch
  // (ON CONFLICT cannot touch a row twice in one statement), and sorts rows by key so
  // that concurrent batches take row locks in one order. RETURNING comes in no
  // particular order: rows are matched back to requests by key.
  return `INSERT INTO customers AS c
  (${proposed.join(', ')}, version, created_at, updated_at)
SELECT ${proposed.map((column) => `r.${column}`).join(', ')}, 1, now(), now()
FROM jsonb_populate_recordset(NULL::customers, $1::jsonb) AS r
ON CONFLICT (merchant_id, kind, business_key) DO UPDATE SET
  ${fields.map((column, i) => `${column} = ${merged[i]}`).join(',\n  ')},
  email_key = CASE WHEN ${sent(EMAIL_BIT)} THEN excluded.email_key ELSE c.email_key END,
  version = c.version + CASE WHEN ${changed} THEN 1 ELSE 0 END,
  change_token = CASE WHEN ${changed} THEN excluded.change_token ELSE c.change_token END,
  updated_at = CASE WHEN ${changed} THEN now() ELSE c.updated_at END
RETURNING ${selectCustomerColumns('c')}, c.business_key AS "businessKey", c.change_token::text AS "changeToken", (c.xmax = 0) AS "inserted"`;
}

export const UPSERT_BATCH_STATEMENT: SqlStatement = { name: 'upsert_customers_batch_v1', text: buildBatchSql() };
