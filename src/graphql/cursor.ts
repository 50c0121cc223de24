import { AppError } from '../errors/app-error';
import type { CustomerCursor } from '../customers/customer-reads';

/** Opaque to clients: base64url of the keyset position. */
export function encodeCursor(cursor: CustomerCursor): string {
  return Buffer.from(`${cursor.createdAtMicros}:${cursor.customerId}`).toString('base64url');
}

export function decodeCursor(value: string): CustomerCursor {
  const match = /^(\d{1,19}):(cust_[A-Za-z0-9_-]{16})$/.exec(Buffer.from(value, 'base64url').toString());
  if (!match) throw new AppError('invalid_request', 'after is not a cursor this API returned.', [{ field: 'after', message: 'is not a valid cursor' }]);
  return { createdAtMicros: match[1]!, customerId: match[2]! };
}
