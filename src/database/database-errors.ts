import { DatabaseError } from 'pg';

/**
 * Whether the connection a statement failed on may serve another one. Only an error the
 * server reported in an orderly way leaves it usable: after a client-side timeout the
 * server may still be running the statement, and the connection must go.
 */
export function connectionStillUsable(error: unknown): boolean {
  return error instanceof DatabaseError && !/^(08|57P)/.test(error.code ?? '');
}
