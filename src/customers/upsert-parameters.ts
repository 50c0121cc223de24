import { UPSERT_FIELDS } from './upsert-customer.sql';
import { PRESENCE_COLUMN } from './upsert-batch.sql';
import type { UpsertRequest } from './upsert-request';

/** metadata travels as JSON text to the single-row statement's `$n::jsonb`. */
function singleValue(field: string, value: unknown): unknown {
  return field === 'metadata' && value !== null ? JSON.stringify(value) : value;
}

/** The single-row statement's parameters, in its order (upsert-customer.sql.ts). */
export function toSingleParameters(request: UpsertRequest): unknown[] {
  const values = UPSERT_FIELDS.map(([field], i) => singleValue(field, request.values[i]));
  return [request.id, request.merchantId, request.kind, request.businessKey, ...values, request.presence, request.changeToken, request.emailKey];
}

/**
 * The batch statement's one parameter: the rows as a JSON array of objects keyed by
 * column, sorted by key so that every batch, on every instance, locks rows in one order.
 */
export function toBatchJson(requests: readonly UpsertRequest[]): string {
  const sorted = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify(
    sorted.map((request) => {
      const row: Record<string, unknown> = {
        id: request.id,
        merchant_id: request.merchantId,
        kind: request.kind,
        business_key: request.businessKey,
        email_key: request.emailKey,
        change_token: request.changeToken,
        [PRESENCE_COLUMN]: request.presence,
      };
      UPSERT_FIELDS.forEach(([, column], i) => (row[column] = request.values[i]));
      return row;
    }),
  );
}
