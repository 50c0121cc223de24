import { graphql, postCustomer, UPSERT_MUTATION } from './clients';
import { queryDatabase } from './test-database';

export interface Answer {
  readonly door: 'rest' | 'graphql';
  /** 'network' when no HTTP answer came at all. */
  readonly status: number | 'network';
  readonly startedAt: number;
  readonly endedAt: number;
  readonly email: string;
  /** Set on a 200: the write was acknowledged. */
  readonly customerId?: string;
  readonly errorCode?: string;
  readonly retryAfter?: string | null;
}

export interface Load {
  readonly answers: Answer[];
  /** Stops sending and resolves once every request in flight has its answer. */
  stop(): Promise<Answer[]>;
}

async function sendOne(baseUrl: string, door: Answer['door'], email: string, headers: Record<string, string>): Promise<Answer> {
  const startedAt = Date.now();
  try {
    const fields = { emailAddress: email };
    if (door === 'rest') {
      const result = await postCustomer(baseUrl, { UpsertConsumerCustomer: fields }, headers);
      return {
        door, status: result.status, startedAt, endedAt: Date.now(), email,
        customerId: result.status === 200 ? result.body.customerId : undefined,
        errorCode: result.body?.errorCode, retryAfter: result.headers.get('retry-after'),
      };
    }
    const result = await graphql(baseUrl, UPSERT_MUTATION, { input: { consumer: fields } }, headers);
    const customerId = result.body?.data?.upsertCustomer?.customerId;
    return {
      door, status: result.status, startedAt, endedAt: Date.now(), email,
      customerId: result.status === 200 && !result.body.errors ? customerId : undefined,
      errorCode: result.body?.errors?.[0]?.extensions?.errorCode, retryAfter: result.headers.get('retry-after'),
    };
  } catch {
    return { door, status: 'network', startedAt, endedAt: Date.now(), email };
  }
}

/**
 * Upserts of new customers from `lanes` concurrent clients, REST and GraphQL in turn,
 * until stopped. A lane that is refused waits `pauseAfterRefusalMs` before its next
 * request, as a polite client would.
 */
export function startUpsertLoad(
  baseUrls: readonly string[],
  headers: Record<string, string>,
  { lanes = 6, prefix = 'load', pauseAfterRefusalMs = 20 } = {},
): Load {
  const answers: Answer[] = [];
  let running = true;
  let sequence = 0;
  const work = Array.from({ length: lanes }, async (_, lane) => {
    while (running) {
      const n = sequence++;
      const answer = await sendOne(baseUrls[n % baseUrls.length]!, lane % 2 === 0 ? 'rest' : 'graphql', `${prefix}.${n}@star.com`, headers);
      answers.push(answer);
      if (answer.status !== 200) await new Promise((resolve) => setTimeout(resolve, pauseAfterRefusalMs));
    }
  });
  return {
    answers,
    stop: async () => {
      running = false;
      await Promise.all(work);
      return answers;
    },
  };
}

/** The acknowledged answers whose customer is not stored as it was sent. */
export async function lostWrites(databaseUrl: string, answers: readonly Answer[]): Promise<Answer[]> {
  const acknowledged = answers.filter((answer) => answer.customerId !== undefined);
  const stored = await queryDatabase<{ id: string; email_address: string }>(databaseUrl, 'SELECT id, email_address FROM customers WHERE id = ANY($1)', [
    acknowledged.map((answer) => answer.customerId),
  ]);
  const byId = new Map(stored.map((row) => [row.id, row.email_address]));
  return acknowledged.filter((answer) => byId.get(answer.customerId!) !== answer.email);
}

/** Polls `condition` every 20 ms: waiting on real state rather than a guessed delay. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
