import type { GraphQLError } from 'graphql';
import { AppError, type FieldProblem } from '../errors/app-error';
import { classifyGraphQLError } from '../graphql/classify-error';

/** April's body tags and the CustomerInput member each stands for. */
export const APRIL_MEMBERS = {
  UpsertConsumerCustomer: 'consumer',
  UpsertOrganisationCustomer: 'organisation',
} as const;

export type AprilTag = keyof typeof APRIL_MEMBERS;

const TAG_BY_MEMBER: Record<string, AprilTag> = { consumer: 'UpsertConsumerCustomer', organisation: 'UpsertOrganisationCustomer' };

function isTag(key: string): key is AprilTag {
  return Object.hasOwn(APRIL_MEMBERS, key);
}

/** `{ "UpsertConsumerCustomer": {...} }` → `{ consumer: {...} }`. Anything else cannot be read. */
export function toCustomerInput(body: unknown): { input: Record<string, unknown>; member: AprilTag } {
  const keys = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
  const [tag] = keys;
  if (keys.length !== 1 || tag === undefined || !isTag(tag)) {
    throw new AppError(
      'invalid_request',
      'The body must be a JSON object with exactly one key: UpsertConsumerCustomer or UpsertOrganisationCustomer.',
    );
  }
  return { input: { [APRIL_MEMBERS[tag]]: (body as Record<string, unknown>)[tag] }, member: tag };
}

/** GraphQL field paths (`consumer.emailAddress`) in April's terms (`UpsertConsumerCustomer.emailAddress`). */
function toAprilField(field: string, member: AprilTag): string {
  const [head, ...rest] = field.split('.');
  const tag = head !== undefined ? TAG_BY_MEMBER[head] : undefined;
  return tag ? [tag, ...rest].join('.') : [member, field].filter(Boolean).join('.');
}

/**
 * The mutation's errors as one AppError for the envelope. A request the schema could
 * not read outranks a broken rule (400 before 422); an unexpected error passes through
 * untouched so that the one HTTP error mapper masks and logs it.
 */
export function toRestError(errors: readonly GraphQLError[], member: AprilTag): Error {
  return toRestErrorNaming(errors, (field) => toAprilField(field, member));
}

/** As toRestError, for any operation: `aprilField` names each GraphQL field problem in April's terms. */
export function toRestErrorNaming(errors: readonly GraphQLError[], aprilField: (field: string) => string): Error {
  const classified = errors.map((error) => ({ error, ...classifyGraphQLError(error) }));
  const unexpected = classified.find((entry) => entry.unexpected);
  if (unexpected) return unexpected.error.originalError ?? unexpected.error;
  const lead = classified.find((entry) => entry.errorCode === 'invalid_request') ?? classified[0]!;
  const fields: FieldProblem[] = classified
    .filter((entry) => entry.errorCode === lead.errorCode)
    .flatMap((entry) => entry.fields)
    .map((problem) => ({ field: aprilField(problem.field), message: problem.message }));
  const first = fields[0];
  const message = first ? `${first.field.split('.').at(-1)} ${first.message}` : lead.message;
  const error = new AppError(lead.errorCode, message, fields, lead.retryAfterSeconds);
  // Kept for the log line (a 503's database cause), never shown.
  if (lead.error.originalError) error.cause = lead.error.originalError;
  return error;
}
