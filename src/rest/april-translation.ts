import { AppError } from '../errors/app-error';

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
    throw new AppError('invalid_request', 'The body must be a JSON object with exactly one key: UpsertConsumerCustomer or UpsertOrganisationCustomer.');
  }
  return { input: { [APRIL_MEMBERS[tag]]: (body as Record<string, unknown>)[tag] }, member: tag };
}

/** GraphQL field paths (`consumer.emailAddress`) in April's terms (`UpsertConsumerCustomer.emailAddress`). */
export function toAprilField(field: string, member: AprilTag): string {
  const [head, ...rest] = field.split('.');
  const tag = head !== undefined ? TAG_BY_MEMBER[head] : undefined;
  return tag ? [tag, ...rest].join('.') : [member, field].filter(Boolean).join('.');
}
