import type { DatabaseAvailability } from './availability';

/** How long one answer of the readiness check is reused: a flood of checks costs the database one statement a second. */
export const READINESS_CACHE_MS = 1000;
/** The readiness check's own deadline: an orchestrator's probe (Kubernetes: 1 s by default) gets an answer in time. */
export const READINESS_DEADLINE_MS = 800;

export type Readiness = { readonly ready: true } | { readonly ready: false; readonly cause: Error };

function withDeadline(work: Promise<void>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database within ${ms} ms (readiness deadline)`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * What /health/ready reports: whether the database answers a trivial statement. Callers
 * at the same moment share one check, and its answer is kept for about a second; while
 * the database is known to be down, the answer is immediate.
 */
export class ReadinessCheck {
  private last: { at: number; readiness: Readiness } | undefined;
  private running: Promise<Readiness> | undefined;

  constructor(
    private readonly ping: (timeoutMs: number) => Promise<void>,
    private readonly availability: DatabaseAvailability,
  ) {}

  check(): Promise<Readiness> {
    const down = this.availability.downBecause;
    if (down !== undefined) return Promise.resolve({ ready: false, cause: down });
    if (this.last && Date.now() - this.last.at < READINESS_CACHE_MS) return Promise.resolve(this.last.readiness);
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async run(): Promise<Readiness> {
    let readiness: Readiness;
    try {
      await withDeadline(this.ping(READINESS_DEADLINE_MS), READINESS_DEADLINE_MS);
      readiness = { ready: true };
    } catch (error) {
      // A ServiceUnavailable carries the database's own failure as its cause: report that.
      const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error) : (error as Error);
      readiness = { ready: false, cause };
    }
    this.last = { at: Date.now(), readiness };
    return readiness;
  }
}
