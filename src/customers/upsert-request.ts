import { randomUUID } from 'node:crypto';
import { newId } from '../ids';
import type { Customer, UpsertCustomerCommand } from './customer';
import { emailKey } from './email-key';
import { UPSERT_FIELDS, type UpsertField } from './upsert-fields';

/** One validated upsert, ready for either statement: the single-row one or a batch. */
export interface UpsertRequest {
  /** merchant, kind and business key: what ON CONFLICT compares, so never twice in one batch. */
  readonly key: string;
  readonly id: string;
  readonly merchantId: string;
  readonly kind: UpsertCustomerCommand['kind'];
  readonly businessKey: string;
  readonly emailKey: string | null;
  /** Bit i set: UPSERT_FIELDS[i] was sent (a value or null); clear: keep the stored value. */
  readonly presence: number;
  /** UPSERT_FIELDS' values in their order; null where absent or cleared. */
  readonly values: readonly unknown[];
  /** Random, per request: the row carries it afterwards only if this request changed it. */
  readonly changeToken: string;
}

/** What a statement gives back for one request. */
export interface UpsertRow extends Customer {
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

export function batchKeyOf(merchantId: string, kind: string, businessKey: string): string {
  return `${merchantId}\u0000${kind}\u0000${businessKey}`;
}

export function toUpsertRequest(merchantId: string, command: UpsertCustomerCommand): UpsertRequest {
  const fields = command as Partial<Record<UpsertField, unknown>>;
  let presence = 0;
  const values = UPSERT_FIELDS.map((field, bit) => {
    const value = fields[field];
    if (value === undefined) return null;
    presence |= 1 << bit;
    return value;
  });
  const businessKey = businessKeyOf(command);
  return {
    key: batchKeyOf(merchantId, command.kind, businessKey),
    id: newId('cust_'),
    merchantId,
    kind: command.kind,
    businessKey,
    emailKey: emailKeyOf(command),
    presence,
    values,
    changeToken: randomUUID(),
  };
}
