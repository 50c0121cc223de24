import type { CustomerProperty } from './customer-table-shape';
import { UPSERT_FIELDS } from './upsert-fields';

/**
 * The columns a statement returns, as entity property and the core's field name: rows
 * come back from pg already shaped as a Customer, no mapping per row. The columns
 * themselves come from the entity's metadata.
 */
export const RETURNED_COLUMNS: readonly (readonly [CustomerProperty, string])[] = [
  ['id', 'customerId'],
  ['merchant', 'merchantId'],
  ['kind', 'kind'],
  ...UPSERT_FIELDS.map((field) => [field, field] as const),
  ['version', 'version'],
  ['createdAt', 'createdAt'],
  ['updatedAt', 'updatedAt'],
];

/** The names a row of CUSTOMER_SELECT_LIST carries: what an outer query selects again. */
export const CUSTOMER_FIELDS: readonly string[] = [...RETURNED_COLUMNS.map(([, field]) => field), 'marketplaceId'];
