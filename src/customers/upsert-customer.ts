import { randomUUID } from 'node:crypto';
import { AppError } from '../errors/app-error';
import type { SqlRunner } from '../database/sql-runner';
import { newId } from '../ids';
import type { Customer, UpsertCustomerCommand, UpsertCustomerResult } from './customer';
import { emailKey } from './email-key';
import { validateCommand } from './field-rules';
import { UPSERT_CUSTOMER_STATEMENT, UPSERT_FIELDS, type UpsertField } from './upsert-customer.sql';

const REFERENCE_CONSTRAINT = 'customers_reference_customer_id_unique';

interface UpsertRow extends Customer {
  inserted: boolean;
  changed: boolean;
}

/** The business key of the command's kind, normalised as the contract compares it. */
export function businessKeyOf(command: UpsertCustomerCommand): string {
  return command.kind === 'consumer' ? emailKey(command.emailAddress) : command.referenceCustomerId;
}

/** The email as lookups compare it: the consumer business key's normalisation, for both kinds. */
function emailKeyOf(command: UpsertCustomerCommand): string | null {
  if (command.kind === 'consumer') return businessKeyOf(command);
  return typeof command.emailAddress === 'string' ? businessKeyOf({ kind: 'consumer', emailAddress: command.emailAddress }) : null;
}

function toParameters(merchantId: string, command: UpsertCustomerCommand): unknown[] {
  const fields = command as Partial<Record<UpsertField, unknown>>;
  let presence = 0;
  const values = UPSERT_FIELDS.map(([field], bit) => {
    const value = fields[field];
    if (value === undefined) return null;
    presence |= 1 << bit;
    return field === 'metadata' && value !== null ? JSON.stringify(value) : value;
  });
  return [newId('cust_'), merchantId, command.kind, businessKeyOf(command), ...values, presence, randomUUID(), emailKeyOf(command)];
}

function isReferenceClash(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === '23505' && constraint === REFERENCE_CONSTRAINT;
}

/**
 * Create the customer, or update the one with the same business key: present fields
 * replace, absent fields stay, null clears. One SQL statement, no read before the write.
 */
export async function upsertCustomer(
  db: SqlRunner,
  merchantId: string,
  command: UpsertCustomerCommand,
): Promise<UpsertCustomerResult> {
  const valid = validateCommand(command);
  let rows: UpsertRow[];
  try {
    rows = await db.query<UpsertRow>(UPSERT_CUSTOMER_STATEMENT, toParameters(merchantId, valid));
  } catch (error) {
    if (isReferenceClash(error)) {
      throw new AppError('reference_customer_id_taken', undefined, [
        { field: `${valid.kind}.referenceCustomerId`, message: 'is already held by another customer' },
      ]);
    }
    throw error;
  }
  const { inserted, changed, ...customer } = rows[0]!;
  return { outcome: inserted ? 'CREATED' : changed ? 'UPDATED' : 'UNCHANGED', customer };
}
