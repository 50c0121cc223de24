import { ConfigError } from '../config';
import { isDatabaseUnavailable, isPoolerRefusal } from '../errors/database-unavailable';
import { EmbeddedPostgresError } from '../database/embedded-postgres';
import { ListenError } from './listen-failure';

/** What a failed start says on stderr: a sentence for what the operator can fix, the stack for anything else. */
export function describeStartFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof EmbeddedPostgresError || error instanceof ListenError) return error.message;
  if (isPoolerRefusal(error)) {
    return (
      `a connection pooler in front of the database refused what the service sent (${(error as Error).message}); ` +
      'behind pgbouncer or another pooler in transaction mode, set DATABASE_POOLER=transaction'
    );
  }
  if (isDatabaseUnavailable(error)) return `the database could not be reached (${(error as Error).message}); check DATABASE_URL`;
  return String((error as Error)?.stack ?? error);
}
