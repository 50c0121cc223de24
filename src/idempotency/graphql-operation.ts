import { Kind, parse } from 'graphql';

/**
 * Whether a GraphQL request body selects a mutation. Only mutations take an
 * Idempotency-Key: a read has nothing to protect, and storing its answers for a day
 * would grow the table by each answer's size. A document that does not parse is
 * not a mutation here; Apollo answers it with its own error.
 */
export function selectsMutation(body: unknown): boolean {
  const { query, operationName } = (typeof body === 'object' && body !== null ? body : {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string' || !/\bmutation\b/.test(query)) return false;
  try {
    const operations = parse(query, { maxTokens: 1000 }).definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
    const selected = typeof operationName === 'string' ? operations.find((operation) => operation.name?.value === operationName) : operations[0];
    return selected?.operation === 'mutation';
  } catch {
    return false;
  }
}
