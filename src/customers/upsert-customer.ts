import { AppError } from '../errors/app-error';
import type { SqlRunner } from '../database/sql-runner';
import type { UpsertCustomerCommand, UpsertCustomerResult } from './customer';
import { validateCommand } from './field-rules';
import { UPSERT_BATCH_STATEMENT, UPSERT_CUSTOMER_STATEMENT } from './customer-statements.generated';
import { UpsertBatcher, type BatcherStats, type UpsertStatements } from './upsert-batcher';
import { toBatchJson, toSingleParameters } from './upsert-parameters';
import { batchKeyOf, toUpsertRequest, type UpsertRequest, type UpsertRow } from './upsert-request';

export { businessKeyOf } from './upsert-request';

const REFERENCE_CONSTRAINT = 'customers_reference_customer_id_unique';

function isReferenceClash(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === REFERENCE_CONSTRAINT;
}

interface BatchRow extends UpsertRow {
  businessKey: string;
  changeToken: string;
}

/** The two statements, on one database: the batcher decides which a request goes through. */
function statementsOn(db: SqlRunner): UpsertStatements {
  return {
    async one(request: UpsertRequest): Promise<UpsertRow> {
      const rows = await db.query<UpsertRow>(UPSERT_CUSTOMER_STATEMENT, toSingleParameters(request));
      return rows[0]!;
    },
    async many(requests: readonly UpsertRequest[]): Promise<UpsertRow[]> {
      const rows = await db.query<BatchRow>(UPSERT_BATCH_STATEMENT, [toBatchJson(requests)]);
      const byKey = new Map(rows.map((row) => [batchKeyOf(row.merchantId, row.kind, row.businessKey), row]));
      return requests.map((request) => {
        const row = byKey.get(request.key);
        if (!row) throw new Error('the batch upsert returned no row for a request');
        const { businessKey: _key, changeToken, ...customer } = row;
        return { ...customer, changed: changeToken === request.changeToken };
      });
    },
  };
}

// One batcher per database handle: everything written through it joins its batches.
const batchers = new WeakMap<SqlRunner, UpsertBatcher>();

function batcherOf(db: SqlRunner): UpsertBatcher {
  let batcher = batchers.get(db);
  if (!batcher) batchers.set(db, (batcher = new UpsertBatcher(statementsOn(db))));
  return batcher;
}

/** What the batcher of this database handle has sent so far: statements, requests, the largest batch. */
export function upsertBatchStats(db: SqlRunner): Readonly<BatcherStats> {
  return batcherOf(db).stats;
}

/**
 * Create the customer, or update the one with the same business key: present fields
 * replace, absent fields stay, null clears. No read before the write; concurrent
 * upserts share one statement (upsert-batcher.ts), each with its own outcome.
 */
export async function upsertCustomer(
  db: SqlRunner,
  merchantId: string,
  command: UpsertCustomerCommand,
): Promise<UpsertCustomerResult> {
  const valid = validateCommand(command);
  let row: UpsertRow;
  try {
    row = await batcherOf(db).submit(toUpsertRequest(merchantId, valid));
  } catch (error) {
    if (isReferenceClash(error)) {
      throw new AppError('reference_customer_id_taken', undefined, [
        { field: `${valid.kind}.referenceCustomerId`, message: 'is already held by another customer' },
      ]);
    }
    throw error;
  }
  const { inserted, changed, ...customer } = row;
  return { outcome: inserted ? 'CREATED' : changed ? 'UPDATED' : 'UNCHANGED', customer };
}
