import { BATCH_ROW_PROPERTIES, type BatchRowProperty } from './upsert-batch.sql';
import { SINGLE_PARAMETERS, type SingleParameter } from './upsert-customer.sql';
import { UPSERT_COLUMNS, UPSERT_FIELDS, type UpsertField } from './upsert-fields';
import { columnOf, isJsonColumn } from './customer-metadata';
import type { UpsertRequest } from './upsert-request';

const FIELD_INDEX = new Map<string, number>(UPSERT_FIELDS.map((field, i) => [field, i]));

/** A JSON column's value travels as JSON text to the single-row statement's `$n::jsonb`. */
function fieldValue(request: UpsertRequest, field: UpsertField, i: number): unknown {
  const value = request.values[i];
  return isJsonColumn(field) && value !== null ? JSON.stringify(value) : value;
}

function parameterValue(request: UpsertRequest, parameter: SingleParameter): unknown {
  const i = FIELD_INDEX.get(parameter);
  if (i !== undefined) return fieldValue(request, parameter as UpsertField, i);
  return request[parameter as Exclude<SingleParameter, UpsertField>];
}

/** The single-row statement's parameters, in its order (SINGLE_PARAMETERS). */
export function toSingleParameters(request: UpsertRequest): unknown[] {
  return SINGLE_PARAMETERS.map((parameter) => parameterValue(request, parameter));
}

/** What a batch row carries in each column besides the fields. */
const BATCH_ROW_VALUES: Record<BatchRowProperty, (request: UpsertRequest) => unknown> = {
  id: (request) => request.id,
  merchant: (request) => request.merchantId,
  kind: (request) => request.kind,
  businessKey: (request) => request.businessKey,
  emailKey: (request) => request.emailKey,
  changeToken: (request) => request.changeToken,
  upsertPresence: (request) => request.presence,
};

/**
 * The batch statement's one parameter: the rows as a JSON array of objects keyed by
 * column, sorted by key so that every batch, on every instance, locks rows in one order.
 */
export function toBatchJson(requests: readonly UpsertRequest[]): string {
  const sorted = [...requests].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return JSON.stringify(
    sorted.map((request) => {
      const row: Record<string, unknown> = {};
      for (const property of BATCH_ROW_PROPERTIES) row[columnOf(property)] = BATCH_ROW_VALUES[property](request);
      UPSERT_COLUMNS.forEach((column, i) => (row[column] = request.values[i]));
      return row;
    }),
  );
}
