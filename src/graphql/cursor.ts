import type { ListPosition, SortKey } from '../customers/customer-query';
import { AppError } from '../errors/app-error';

// A cursor of ours is well under this; anything longer is not worth decoding.
const MAX_CURSOR_LENGTH = 4096;

function sortSignature(sort: readonly SortKey[]): string {
  return sort.map(({ field, descending }) => `${descending ? '-' : ''}${field}`).join(',');
}

/** Opaque to clients: base64url of the sort it was made for and the last row's position in it. */
export function encodeCursor(position: ListPosition, sort: readonly SortKey[]): string {
  return Buffer.from(JSON.stringify([sortSignature(sort), position.values, position.customerId])).toString('base64url');
}

function notACursor(): AppError {
  return new AppError('invalid_request', 'after is not a cursor this API returned for this sort.', [
    { field: 'after', message: 'is not a cursor this API returned for this sort' },
  ]);
}

/** The position a cursor holds, if it was made for this sort; the core then checks its values. */
export function decodeCursor(value: string, sort: readonly SortKey[]): ListPosition {
  if (value.length > MAX_CURSOR_LENGTH) throw notACursor();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(value, 'base64url').toString());
  } catch {
    throw notACursor();
  }
  if (!Array.isArray(decoded) || decoded.length !== 3) throw notACursor();
  const [signature, values, customerId] = decoded as unknown[];
  if (signature !== sortSignature(sort) || !Array.isArray(values) || typeof customerId !== 'string') throw notACursor();
  if (!values.every((item) => typeof item === 'string')) throw notACursor();
  return { values: values as string[], customerId };
}
