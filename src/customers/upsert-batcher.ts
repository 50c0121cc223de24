import { ServiceUnavailable } from '../errors/app-error';
import type { UpsertRequest, UpsertRow } from './upsert-request';

/** The statements a batch can go through. `many` answers in the order of its requests. */
export interface UpsertStatements {
  one(request: UpsertRequest): Promise<UpsertRow>;
  many(requests: readonly UpsertRequest[]): Promise<UpsertRow[]>;
}

export interface BatcherLimits {
  /** Most requests in one statement. */
  readonly maxBatch: number;
  /** Most statements under way at once; a request waits for one of them to end, no longer. */
  readonly maxInFlight: number;
}

// Measured with `npm run bench` (bench/README.md): PostgreSQL's CPU is the limit on a
// small machine, so fewer, larger statements win at high concurrency, while a second
// statement in flight keeps low concurrency from waiting on a lone round trip.
export const DEFAULT_LIMITS: BatcherLimits = { maxBatch: 128, maxInFlight: 2 };

/** PostgreSQL refused the statement (it carries a SQLSTATE), so nothing of it was written. */
function isStatementError(error: unknown): boolean {
  return typeof (error as { code?: unknown } | null)?.code === 'string';
}

interface Pending {
  readonly request: UpsertRequest;
  readonly resolve: (row: UpsertRow) => void;
  readonly reject: (error: unknown) => void;
}

/** What the batcher has done so far: for tests and the benchmark. */
export interface BatcherStats {
  statements: number;
  requests: number;
  largest: number;
}

/**
 * Coalesces concurrent upserts, from any door and any merchant, into one statement.
 *
 * A request that finds a statement slot free goes on the next turn of the event loop,
 * with whatever else arrived in the same turn (a lone request therefore goes at once);
 * otherwise it waits for the next free slot. A key already in flight, or already in the
 * batch being formed, waits for a later batch: the same key is applied in arrival
 * order, one statement at a time. Each request settles only when its statement has
 * returned, that is, committed.
 */
export class UpsertBatcher {
  private waiting: Pending[] = [];
  private readonly keysInFlight = new Set<string>();
  private inFlight = 0;
  private scheduled = false;
  readonly stats: BatcherStats = { statements: 0, requests: 0, largest: 0 };

  constructor(
    private readonly statements: UpsertStatements,
    private readonly limits: BatcherLimits = DEFAULT_LIMITS,
  ) {}

  submit(request: UpsertRequest): Promise<UpsertRow> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ request, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.limits.maxInFlight || this.waiting.length === 0) return;
    this.scheduled = true;
    // One turn of the loop: requests read from sockets in the same turn join this batch.
    setImmediate(() => {
      this.scheduled = false;
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.inFlight < this.limits.maxInFlight) {
      const batch = this.takeBatch();
      if (batch.length === 0) return;
      this.inFlight++;
      for (const pending of batch) this.keysInFlight.add(pending.request.key);
      this.stats.statements++;
      this.stats.requests += batch.length;
      this.stats.largest = Math.max(this.stats.largest, batch.length);
      void this.write(batch).finally(() => {
        this.inFlight--;
        for (const pending of batch) this.keysInFlight.delete(pending.request.key);
        this.schedule();
      });
    }
  }

  /** The oldest waiting requests, at most one per key and none whose key is in flight. */
  private takeBatch(): Pending[] {
    const batch: Pending[] = [];
    const keys = new Set<string>();
    const left: Pending[] = [];
    for (const pending of this.waiting) {
      const { key } = pending.request;
      if (batch.length < this.limits.maxBatch && !keys.has(key) && !this.keysInFlight.has(key)) {
        batch.push(pending);
        keys.add(key);
      } else {
        left.push(pending);
      }
    }
    this.waiting = left;
    return batch;
  }

  private async write(batch: Pending[]): Promise<void> {
    if (batch.length === 1) return this.writeAlone(batch[0]!);
    let rows: UpsertRow[];
    try {
      rows = await this.statements.many(batch.map((pending) => pending.request));
    } catch (error) {
      // The database is not there, or something other than the database failed: every
      // request of the batch would fail alike, and none may be written twice.
      if (error instanceof ServiceUnavailable || !isStatementError(error)) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      // One row's fault (a referenceCustomerId held by another customer, say) fails
      // the whole statement: each request alone, in arrival order, so it fails only its own.
      for (const pending of batch) await this.writeAlone(pending);
      return;
    }
    batch.forEach((pending, i) => pending.resolve(rows[i]!));
  }

  private async writeAlone(pending: Pending): Promise<void> {
    try {
      pending.resolve(await this.statements.one(pending.request));
    } catch (error) {
      pending.reject(error);
    }
  }
}
