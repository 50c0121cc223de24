import { raw, type RawQueryFragment } from '@mikro-orm/core';
import { quoteIdentifier } from './entity-metadata';
import type { SqlStatement } from '../database/sql-runner';
import { columnOf, CUSTOMERS_TABLE } from './customer-entity-table';
import type { CustomerProperty } from './customer-table-shape';
import { BATCH_ROW_PROPERTIES, UPSERT_FIELDS } from './upsert-fields';
import { compileUpsert, STORED } from './upsert-merge';

/** The column that carries each row's presence mask (see the entity's upsertPresence). */
const PRESENCE_COLUMN = columnOf('upsertPresence');

const ROWS = 'r';

function proposedValues(): Partial<Record<CustomerProperty, RawQueryFragment>> {
  const values: Partial<Record<CustomerProperty, RawQueryFragment>> = {
    version: raw('1'),
    createdAt: raw('now()'),
    updatedAt: raw('now()'),
  };
  for (const property of [...BATCH_ROW_PROPERTIES, ...UPSERT_FIELDS]) {
    values[property] = raw(`${ROWS}.${quoteIdentifier(columnOf(property))}`);
  }
  return values;
}

/**
 * MikroORM's QueryBuilder (and knex under it) takes an insert's rows as values only, so
 * it always writes `VALUES (…)`: neither can name a column list and take the rows from
 * a SELECT. The builder writes everything else (the column list, ON CONFLICT, the
 * merge, RETURNING) with `VALUES (r.col, …)` as the source, and this swaps that one
 * clause for `SELECT r.col, … FROM jsonb_populate_recordset(…) AS r`, the same list. It
 * refuses to compile if the clause is not there exactly once.
 */
function selectFromRows(text: string): string {
  const start = text.indexOf(' values (');
  const end = text.indexOf(') on conflict ', start);
  if (start < 0 || end < 0 || text.indexOf(' values (', start + 1) >= 0) {
    throw new Error('the batch upsert: the built statement has no single VALUES clause to read the rows into');
  }
  const list = text.slice(start + ' values ('.length, end);
  const source = `jsonb_populate_recordset(NULL::${quoteIdentifier(CUSTOMERS_TABLE)}, $1::jsonb) AS ${ROWS}`;
  return `${text.slice(0, start)} SELECT ${list} FROM ${source}${text.slice(end + 1)}`;
}

/**
 * The single-row statement's rules, row by row. Rows come as one JSON array read with
 * the table's own row type, so every column is cast to its declared type with no list
 * of types kept here. Each row's presence mask rides in upsert_presence because
 * excluded.* sees table columns only. The caller never puts one key twice in a batch
 * (ON CONFLICT cannot touch a row twice in one statement), and sorts rows by key so
 * that concurrent batches take row locks in one order. RETURNING comes in no
 * particular order: rows are matched back to requests by key. Compiled once, at build
 * time (customer-statements.ts).
 */
export function compileUpsertBatchStatement(): SqlStatement {
  const presence = `excluded.${quoteIdentifier(PRESENCE_COLUMN)}`;
  const sent = (bit: number) => `${presence} & ${bit} <> 0`;
  const compiled = compileUpsert('upsert_customers_batch_v1', proposedValues(), sent, [
    `${STORED}.${quoteIdentifier(columnOf('businessKey'))} AS "businessKey"`,
    `${STORED}.${quoteIdentifier(columnOf('changeToken'))}::text AS "changeToken"`,
    `(${STORED}.xmax = 0) AS "inserted"`,
  ]);
  return { name: compiled.name, text: selectFromRows(compiled.text) };
}

