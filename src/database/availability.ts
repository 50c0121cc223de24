/** How often a database that stopped answering is asked again. */
export const PROBE_EVERY_MS = 200;

export type AvailabilityChange = { readonly up: false; readonly cause: Error } | { readonly up: true; readonly downForMs: number };

/**
 * Remembers that the database stopped answering. Until a probe gets an answer again,
 * statements fail at once instead of each waiting out its own timeout: an outage then
 * costs a request one timeout at most, and a frozen server is not sent more work.
 */
export class DatabaseAvailability {
  private failure: Error | undefined;
  private downSince = 0;
  private probing = false;
  private closed = false;
  private readonly listeners: ((change: AvailabilityChange) => void)[] = [];

  constructor(private readonly probe: () => Promise<void>) {}

  /** Why the database counts as down, or undefined while it answers. */
  get downBecause(): Error | undefined {
    return this.failure;
  }

  onChange(listener: (change: AvailabilityChange) => void): void {
    this.listeners.push(listener);
  }

  reportFailure(cause: Error): void {
    const wasUp = this.failure === undefined;
    this.failure = cause;
    if (wasUp) {
      this.downSince = Date.now();
      this.emit({ up: false, cause });
    }
    if (!this.probing && !this.closed) void this.probeUntilUp();
  }

  reportSuccess(): void {
    if (this.failure === undefined) return;
    this.failure = undefined;
    this.emit({ up: true, downForMs: Date.now() - this.downSince });
  }

  close(): void {
    this.closed = true;
  }

  private emit(change: AvailabilityChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private async probeUntilUp(): Promise<void> {
    this.probing = true;
    try {
      while (this.failure !== undefined && !this.closed) {
        await new Promise((resolve) => setTimeout(resolve, PROBE_EVERY_MS).unref());
        try {
          await this.probe();
          this.reportSuccess();
        } catch {
          // Still down: the probe reported its own failure, and the next one follows.
        }
      }
    } finally {
      this.probing = false;
    }
  }
}
