import { ValidationFailed, type FieldProblem } from '../errors/app-error';
import type { ConsumerCommand, OrganisationCommand, UpsertCustomerCommand } from './customer';
import { lengthOf } from './customer-metadata';
import type { UpsertField } from './upsert-fields';

// Contract section 2. The GraphQL scalars check formats at the edge too; these rules
// are the source of truth, so the core is correct whoever calls it.
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;
const E164 = /^\+[1-9]\d{1,14}$/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
export const METADATA_MAX_BYTES = 8 * 1024;

type Check = (value: unknown) => string | null;

const maxLength =
  (max: number): Check =>
  (value) =>
    typeof value === 'string' && [...value].length > max ? `must be at most ${max} characters` : null;

// PostgreSQL cannot store U+0000, and a lone surrogate is not text: both are refused
// here, each with its own message, so that they are a 422, never a failed statement.
// Reads check their arguments with it too: such a value cannot even be a query parameter.
export function unstorable(value: string): string | null {
  if (value.includes('\u0000')) return 'contains a NUL character, which cannot be stored';
  if (!value.isWellFormed()) return 'contains a lone surrogate: it is not valid Unicode text';
  return null;
}

export function storable(value: string): boolean {
  return unstorable(value) === null;
}

function unstorableJson(value: unknown): string | null {
  if (typeof value === 'string') return unstorable(value);
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, item] of Object.entries(value)) {
    const problem = unstorable(key) ?? unstorableJson(item);
    if (problem) return problem;
  }
  return null;
}

const text =
  (min: number, max: number): Check =>
  (value) => {
    if (typeof value !== 'string') return 'must be a string';
    const problem = unstorable(value);
    if (problem) return problem;
    if ([...value].length < min) return `must be at least ${min} character${min === 1 ? '' : 's'}`;
    return maxLength(max)(value);
  };

/**
 * The shortest text each field takes, in characters; the longest is the column's
 * declared length, read from the entity's metadata (customer.entity.ts), so a rule
 * and its column cannot disagree.
 */
const TEXT_MINIMUMS = {
  emailAddress: 3,
  referenceCustomerId: 1,
  organisationName: 1,
  taxId: 0,
  givenName: 0,
  middleName: 0,
  familyName: 0,
} as const satisfies Partial<Record<UpsertField, number>>;

type TextField = keyof typeof TEXT_MINIMUMS;

/** Length limits in characters, [min, max]: the rules below and the OpenAPI document both read them. */
export const TEXT_LIMITS = Object.fromEntries(
  (Object.keys(TEXT_MINIMUMS) as TextField[]).map((field) => [field, [TEXT_MINIMUMS[field], lengthOf(field)] as const]),
) as Record<TextField, readonly [number, number]>;

export const E164_PATTERN = E164.source;

const limited = (field: TextField): Check => text(TEXT_LIMITS[field][0], TEXT_LIMITS[field][1]);

const RULES = {
  emailAddress: (value: unknown) =>
    typeof value !== 'string' || !EMAIL.test(value) ? 'is not a valid email address' : limited('emailAddress')(value),
  referenceCustomerId: (value: unknown) =>
    typeof value === 'string' && CONTROL_CHARACTERS.test(value)
      ? 'must not contain control characters'
      : limited('referenceCustomerId')(value),
  organisationName: limited('organisationName'),
  taxId: limited('taxId'),
  givenName: limited('givenName'),
  middleName: limited('middleName'),
  familyName: limited('familyName'),
  phoneNumber: (value: unknown) =>
    typeof value === 'string' && E164.test(value) ? null : 'must be an E.164 phone number, e.g. +61401234567',
  isVerified: (value: unknown) => (typeof value === 'boolean' ? null : 'must be a boolean'),
  metadata: (value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a JSON object';
    const problem = unstorableJson(value);
    if (problem) return `has a key or value that ${problem}`;
    return Buffer.byteLength(JSON.stringify(value)) > METADATA_MAX_BYTES
      ? `must be at most ${METADATA_MAX_BYTES} bytes when serialised`
      : null;
  },
} satisfies Record<string, Check>;

type RuledField = keyof typeof RULES;

function trimmed<T>(value: T): T {
  return (typeof value === 'string' ? value.trim() : value) as T;
}

/**
 * Normalises (trims the keys) and checks a command; throws ValidationFailed naming
 * every broken field as `<kind>.<field>`. Returns a new command, the input is untouched.
 */
export function validateCommand<C extends UpsertCustomerCommand>(command: C): C {
  const normalised = { ...command } as C & Record<string, unknown>;
  if ('emailAddress' in normalised) normalised.emailAddress = trimmed(normalised.emailAddress);
  if ('referenceCustomerId' in normalised) normalised.referenceCustomerId = trimmed(normalised.referenceCustomerId);

  const problems: FieldProblem[] = [];
  for (const [field, check] of Object.entries(RULES) as [RuledField, Check][]) {
    const value = normalised[field];
    if (value === undefined || value === null) continue; // required-ness is checked below
    const message = check(value);
    if (message) problems.push({ field: `${command.kind}.${field}`, message });
  }
  for (const field of requiredFields(command)) {
    if (normalised[field] === undefined || normalised[field] === null) {
      problems.push({ field: `${command.kind}.${field}`, message: 'is required' });
    }
  }
  if (problems.length > 0) throw new ValidationFailed(problems);
  return normalised;
}

function requiredFields(command: UpsertCustomerCommand): (keyof ConsumerCommand | keyof OrganisationCommand)[] {
  return command.kind === 'consumer' ? ['emailAddress'] : ['referenceCustomerId', 'organisationName'];
}
