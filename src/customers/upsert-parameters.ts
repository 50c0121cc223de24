import { columnOf, isJsonColumn } from './customer-metadata';
import { BATCH_ROW_PROPERTIES, SINGLE_PARAMETERS, UPSERT_FIELDS, type BatchRowProperty, type SingleParameter, type UpsertField } from './upsert-fields';
import type { UpsertRequest } from './upsert-request';

/** UPSERT_FIELDS' columns, in the same order. */
export const UPSERT_COLUMNS: readonly string[] = UPSERT_FIELDS.map(columnOf);

/** BATCH_ROW_PROPERTIES' columns: the keys of each row of the batch's JSON array, beside the fields' columns. */
export const BATCH_ROW_COLUMNS: readonly string[] = BATCH_ROW_PROPERTIES.map(columnOf);

/** A JSON column's value travels as JSON text to the single-row statement's `$n::jsonb`. */
function fieldReader(field: UpsertField, i: number): (request: UpsertRequest) => unknown {
  if (!isJsonColumn(field)) return (request) => request.values[i];
  return (request) => {
    const value = request.values[i];
    return value !== null ? JSON.stringify(value) : value;
  };
}

/** One reader per parameter of the single-row statement, in its order, worked out once from the metadata. */
const PARAMETER_READERS: readonly ((request: UpsertRequest) => unknown)[] = SINGLE_PARAMETERS.map((parameter) => {
  const i = (UPSERT_FIELDS as readonly string[]).indexOf(parameter);
  if (i >= 0) return fieldReader(parameter as UpsertField, i);
  return (request: UpsertRequest) => request[parameter as Exclude<SingleParameter, UpsertField>];
});

/** The single-row statement's parameters, in its order (SINGLE_PARAMETERS). */
export function toSingleParameters(request: UpsertRequest): unknown[] {
  return PARAMETER_READERS.map((read) => read(request));
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
      BATCH_ROW_PROPERTIES.forEach((property, i) => (row[BATCH_ROW_COLUMNS[i]!] = BATCH_ROW_VALUES[property](request)));
      UPSERT_COLUMNS.forEach((column, i) => (row[column] = request.values[i]));
      return row;
    }),
  );
}
