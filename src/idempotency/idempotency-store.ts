import type { SqlRunner, SqlStatement } from '../database/sql-runner';

export interface IdempotencyScope {
  readonly merchantId: string;
  readonly credentialId: string;
  readonly key: string;
}

export type Claim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly body: string };

// A new key, an expired one (24 h), or one whose first request died holding it: take it.
const CLAIM: SqlStatement = {
  name: 'claim_idempotency_key_v1',
  text: `INSERT INTO idempotency_keys AS k (merchant_id, credential_id, key, request_hash, locked_until, created_at)
VALUES ($1, $2, $3, $4, now() + $5::int * interval '1 millisecond', now())
ON CONFLICT (merchant_id, credential_id, key) DO UPDATE
SET request_hash = excluded.request_hash, status_code = NULL, response_body = NULL,
    locked_until = excluded.locked_until, created_at = excluded.created_at
WHERE k.created_at < now() - interval '24 hours' OR (k.status_code IS NULL AND k.locked_until < now())
RETURNING 1 AS claimed`,
};

const READ: SqlStatement = {
  name: 'read_idempotency_key_v1',
  text: `SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "body"
FROM idempotency_keys WHERE merchant_id = $1 AND credential_id = $2 AND key = $3`,
};

const COMPLETE: SqlStatement = {
  name: 'complete_idempotency_key_v1',
  text: `UPDATE idempotency_keys SET status_code = $5, response_body = $6
WHERE merchant_id = $1 AND credential_id = $2 AND key = $3 AND request_hash = $4`,
};

const RELEASE: SqlStatement = {
  name: 'release_idempotency_key_v1',
  text: `DELETE FROM idempotency_keys WHERE merchant_id = $1 AND credential_id = $2 AND key = $3 AND request_hash = $4 AND status_code IS NULL`,
};

const PURGE: SqlStatement = {
  name: 'purge_idempotency_keys_v1',
  text: `DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'`,
};

/** A larger answer is not kept for replay: the key is released and a retry runs again. */
export const MAX_STORED_RESPONSE_BYTES = 64 * 1024;

/** Idempotency-Key records: claimed before the work, completed with the response after it. */
export class IdempotencyStore {
  constructor(
    private readonly db: SqlRunner,
    /** How long a claim holds before a crashed holder's key may be taken over. */
    private readonly lockMs: number,
  ) {}

  async claim(scope: IdempotencyScope, requestHash: string, retried = false): Promise<Claim> {
    const params = [scope.merchantId, scope.credentialId, scope.key];
    const claimed = await this.db.query(CLAIM, [...params, requestHash, this.lockMs]);
    if (claimed.length > 0) return { kind: 'claimed' };
    const [existing] = await this.db.query<{ requestHash: string; statusCode: number | null; body: string | null }>(READ, params);
    if (!existing && !retried) return this.claim(scope, requestHash, true); // purged between the two statements
    if (!existing) return { kind: 'in_progress' };
    if (existing.requestHash !== requestHash) return { kind: 'mismatch' };
    if (existing.statusCode === null) return { kind: 'in_progress' };
    return { kind: 'replay', statusCode: existing.statusCode, body: existing.body ?? '' };
  }

  /**
   * Keeps the answer for replay; one past MAX_STORED_RESPONSE_BYTES releases the key
   * instead, so no caller can grow the table by more than the bound per key.
   */
  async complete(scope: IdempotencyScope, requestHash: string, statusCode: number, body: string): Promise<'stored' | 'released'> {
    if (Buffer.byteLength(body) > MAX_STORED_RESPONSE_BYTES) {
      await this.release(scope, requestHash);
      return 'released';
    }
    await this.db.query(COMPLETE, [scope.merchantId, scope.credentialId, scope.key, requestHash, statusCode, body]);
    return 'stored';
  }

  /** After a failure worth retrying (5xx): the key is free again. */
  async release(scope: IdempotencyScope, requestHash: string): Promise<void> {
    await this.db.query(RELEASE, [scope.merchantId, scope.credentialId, scope.key, requestHash]);
  }

  async purgeExpired(): Promise<void> {
    await this.db.query(PURGE, []);
  }
}
