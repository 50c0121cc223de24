// Read structurally (code, message): errors/ imports no driver, and the one classifier
// (classify.ts) and the database layer share these rules.

// Classes of PostgreSQL error that mean "the database is not there right now", not "your request is wrong".
const UNAVAILABLE_SQLSTATES = /^(08|53|57P0[1-3])|^57014$/;
const UNAVAILABLE_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Client has encountered a connection error|connection timeout|timeout exceeded when trying to connect|Query read timeout|not queryable|not currently accepting connections|the database system is (starting up|shutting down|in recovery mode)/i;

// pgbouncer answers 08P01 for everything, "cannot connect to server" included. These
// 08P01 answers are about how the service is set up, and no retry will change them.
const POOLER_REFUSALS = /unsupported startup parameter|no such database|no such user|prepared statement/i;

/** A refusal by a connection pooler (pgbouncer) of something the service sent: a setting to fix, not an outage. */
export function isPoolerRefusal(error: unknown): boolean {
  return error instanceof Error && (error as { code?: unknown }).code === '08P01' && POOLER_REFUSALS.test(error.message);
}

export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error) || isPoolerRefusal(error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.test(code) || UNAVAILABLE_NODE_CODES.has(code))) return true;
  return UNAVAILABLE_MESSAGES.test(error.message);
}

/**
 * Whether a failed statement says the server itself is gone or unresponsive. A statement
 * the server cancelled (57014), or one too many connections (53300), still proves it answers.
 */
export function isOutage(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return isDatabaseUnavailable(error) && code !== '57014' && code !== '53300';
}
