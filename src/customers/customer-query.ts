import { AppError, type FieldProblem } from '../errors/app-error';
import { unstorable } from './field-rules';
import type { ReadScope } from '../tenancy/merchant-access';
import { rfc3339ToMicros } from './rfc3339';
import { hasIdShape } from '../ids';

export type { ReadScope };

export const SORT_FIELDS = ['createdAt', 'updatedAt', 'emailAddress', 'familyName', 'organisationName'] as const;
export type SortField = (typeof SORT_FIELDS)[number];

export interface SortKey {
  readonly field: SortField;
  readonly descending: boolean;
}

export const DEFAULT_SORT: readonly SortKey[] = [{ field: 'createdAt', descending: false }];
export const MAX_PAGE_SIZE = 500;
/** Most values in one list filter: a filter is a lookup, not a bulk export. */
export const MAX_FILTER_VALUES = 100;
const MAX_NAME_LENGTH = 200;

/** Filters combine with AND; a list filter matches any of its values. Absent or null: no filter. */
export interface CustomerFilter {
  readonly emailAddress?: string | null;
  readonly emailAddresses?: readonly string[] | null;
  readonly customerIds?: readonly string[] | null;
  readonly merchantIds?: readonly string[] | null;
  readonly referenceCustomerId?: string | null;
  /** Case-insensitive prefix of the given, family or organisation name. */
  readonly name?: string | null;
  /** RFC 3339, inclusive. */
  readonly createdAfter?: string | null;
  readonly createdBefore?: string | null;
}

/** Where the previous page ended: the sort keys' values of its last customer, then its id. */
export interface ListPosition {
  readonly values: readonly string[];
  readonly customerId: string;
}

export interface CustomerListQuery {
  readonly filter: CustomerFilter;
  readonly sort: readonly SortKey[];
  readonly first: number;
  /** 1-based; pages by offset. Exclusive with `after`. */
  readonly page?: number | null;
  readonly after?: ListPosition | null;
}

const MICROS = /^-?\d{1,19}$/;
// Year 0000 to 9999, the range RFC 3339 can write, in microseconds since the epoch.
const MICROS_RANGE = [-62_167_219_200_000_000n, 253_402_300_800_000_000n] as const;

export function isTimeSortField(field: SortField): boolean {
  return field === 'createdAt' || field === 'updatedAt';
}

function problem(field: string, message: string): AppError {
  return new AppError('invalid_request', `${field} ${message}`, [{ field, message }]);
}

function checkText(field: string, value: string, maxLength = 1000): FieldProblem | null {
  const unfit = unstorable(value);
  if (unfit) return { field, message: unfit };
  if (value.length > maxLength) return { field, message: `must be at most ${maxLength} characters` };
  return null;
}

/** `customer(customerId:)`: any text may be asked for, as long as it can be sent to the database. */
export function checkCustomerId(customerId: string): void {
  const found = checkText('customerId', customerId);
  if (found) throw problem(found.field, found.message);
}

function checkList(field: keyof CustomerFilter, values: readonly string[] | null | undefined, problems: FieldProblem[]): void {
  if (values === null || values === undefined) return;
  if (values.length > MAX_FILTER_VALUES) problems.push({ field, message: `must have at most ${MAX_FILTER_VALUES} values` });
  for (const value of values) {
    const found = value.trim() === '' ? { field, message: 'must not be empty' } : checkText(field, value);
    if (found) return void problems.push(found);
  }
}

function checkFilter(filter: CustomerFilter, problems: FieldProblem[]): void {
  checkList('emailAddresses', filter.emailAddresses, problems);
  checkList('customerIds', filter.customerIds, problems);
  checkList('merchantIds', filter.merchantIds, problems);
  for (const field of ['emailAddress', 'referenceCustomerId', 'name'] as const) {
    const value = filter[field];
    if (value === null || value === undefined) continue;
    const found = field === 'name' && value.trim() === '' ? { field, message: 'must not be empty' } : checkText(field, value, MAX_NAME_LENGTH);
    if (found) problems.push(found);
  }
  for (const field of ['createdAfter', 'createdBefore'] as const) {
    const value = filter[field];
    if (value !== null && value !== undefined && rfc3339ToMicros(value) === null) {
      problems.push({ field, message: 'must be an RFC 3339 date-time, e.g. 2026-01-31T09:00:00Z' });
    }
  }
}

function checkSort(sort: readonly SortKey[], problems: FieldProblem[]): void {
  if (sort.length === 0) problems.push({ field: 'sort', message: 'must name at least one field' });
  const fields = sort.map((key) => key.field);
  if (new Set(fields).size !== fields.length) problems.push({ field: 'sort', message: 'must not name a field twice' });
  if (fields.some((field) => !SORT_FIELDS.includes(field))) problems.push({ field: 'sort', message: `must name only ${SORT_FIELDS.join(', ')}` });
}

/** A position must fit the sort it is used with, and hold values the database can compare. */
function positionFits(position: ListPosition, sort: readonly SortKey[]): boolean {
  if (!hasIdShape('cust_', position.customerId) || position.values.length !== sort.length) return false;
  return sort.every(({ field }, i) => {
    const value = position.values[i];
    if (typeof value !== 'string') return false;
    if (!isTimeSortField(field)) return checkText('after', value, 2000) === null;
    if (!MICROS.test(value)) return false;
    const micros = BigInt(value);
    return micros >= MICROS_RANGE[0] && micros < MICROS_RANGE[1];
  });
}

/**
 * The rules of a listing, whoever asks (GraphQL, or REST through it): every problem
 * is a 400 `invalid_request` naming the argument, never a failed statement.
 */
export function checkListQuery(query: CustomerListQuery): void {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(query.first) || query.first < 1 || query.first > MAX_PAGE_SIZE) {
    problems.push({ field: 'first', message: `must be from 1 to ${MAX_PAGE_SIZE}` });
  }
  if (query.page !== null && query.page !== undefined && (!Number.isInteger(query.page) || query.page < 1)) {
    problems.push({ field: 'page', message: 'must be 1 or more' });
  }
  if (query.page != null && query.after != null) problems.push({ field: 'page', message: 'cannot be used with after' });
  checkFilter(query.filter, problems);
  checkSort(query.sort, problems);
  if (problems.length === 0 && query.after && !positionFits(query.after, query.sort)) {
    problems.push({ field: 'after', message: 'is not a cursor this API returned for this sort' });
  }
  const first = problems[0];
  if (first) throw new AppError('invalid_request', `${first.field} ${first.message}`, problems);
}
