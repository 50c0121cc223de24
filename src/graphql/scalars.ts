import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTimeResolver, EmailAddressResolver, JSONObjectResolver, PhoneNumberResolver } from 'graphql-scalars';
import { rfc3339ToMicros } from '../customers/rfc3339';
import type { ScalarProblem } from '../errors/graphql-refusal';
import { isExactJsonNumber } from '../json/exact-json';

/**
 * A value the schema could read but that breaks a field rule (REST: 422).
 * Its message never repeats the value: it may be personal data.
 */
export class ScalarRuleError extends GraphQLError {
  // Read by the classifier (errors/classify.ts), which does not import graphql.
  readonly scalarProblem: ScalarProblem = 'rule';
}
/** A value of the wrong JSON type for its scalar (REST: 400). */
export class ScalarTypeError extends GraphQLError {
  readonly scalarProblem: ScalarProblem = 'type';
}

function literalValue(ast: ValueNode): unknown {
  if (ast.kind === Kind.STRING) return ast.value;
  throw new ScalarTypeError('must be a string');
}

/**
 * Output of a text scalar: what the database holds went in through that scalar's own
 * parseValue, so it goes out as stored, without running its pattern again for every row of
 * every page (3-5% of a compiled page). Anything but text still meets the scalar's own check.
 */
function storedText(scalar: GraphQLScalarType): (value: unknown) => string {
  return (value) => (typeof value === 'string' ? value : (scalar.serialize(value) as string));
}

/**
 * The graphql-scalars scalar of the same name, trimming first (the contract stores
 * addresses trimmed) and failing without echoing the address.
 */
export const EmailAddress: GraphQLScalarType<string, string> = new GraphQLScalarType({
  ...EmailAddressResolver.toConfig(),
  serialize: storedText(EmailAddressResolver),
  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw new ScalarTypeError('must be a string');
    try {
      return EmailAddressResolver.parseValue(value.trim()) as string;
    } catch {
      throw new ScalarRuleError('is not a valid email address');
    }
  },
  parseLiteral(ast): string {
    return EmailAddress.parseValue(literalValue(ast));
  },
});

export const PhoneNumber: GraphQLScalarType<string, string> = new GraphQLScalarType({
  ...PhoneNumberResolver.toConfig(),
  serialize: storedText(PhoneNumberResolver),
  parseValue(value: unknown): string {
    if (typeof value !== 'string') throw new ScalarTypeError('must be a string');
    try {
      return PhoneNumberResolver.parseValue(value) as string;
    } catch {
      throw new ScalarRuleError('must be an E.164 phone number, e.g. +61401234567');
    }
  },
  parseLiteral(ast): string {
    return PhoneNumber.parseValue(literalValue(ast));
  },
});

/** An inline literal is stored exactly as written too: `1e400` is refused, not turned into null. */
function assertExactNumbers(ast: ValueNode): void {
  if ((ast.kind === Kind.INT || ast.kind === Kind.FLOAT) && !isExactJsonNumber(ast.value)) {
    throw new ScalarRuleError('must hold only numbers JSON can carry exactly');
  }
  if (ast.kind === Kind.OBJECT) ast.fields.forEach((field) => assertExactNumbers(field.value));
  if (ast.kind === Kind.LIST) ast.values.forEach(assertExactNumbers);
}

export const JSONObject = new GraphQLScalarType({
  ...JSONObjectResolver.toConfig(),
  parseValue(value: unknown): object {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ScalarTypeError('must be a JSON object');
    }
    return value;
  },
  parseLiteral(ast, variables) {
    if (ast.kind !== Kind.OBJECT) throw new ScalarTypeError('must be a JSON object');
    assertExactNumbers(ast);
    return JSONObjectResolver.parseLiteral(ast, variables);
  },
});

/**
 * How every timestamp leaves PostgreSQL here (customer-columns.ts, to_char): UTC with
 * microseconds, `YYYY-MM-DDTHH:MI:SS.ffffffZ`. Told by its length and punctuation rather
 * than a pattern run twice for every row of every page; nothing else reaches this scalar's
 * output with that shape.
 */
function isStoredTimestamp(value: string): boolean {
  return value.length === 27 && value.charCodeAt(10) === 0x54 && value.charCodeAt(19) === 0x2e && value.charCodeAt(26) === 0x5a;
}

/**
 * graphql-scalars' DateTime for output. Our own stored text is not parsed again for each
 * field of each row: it becomes what graphql-scalars would give for it (a Date, which
 * JSON writes with milliseconds) by cutting it to milliseconds. As an argument it stays the RFC 3339 text the
 * client sent, once checked: a JS Date would drop the microseconds that timestamps
 * carry here, and the core converts the text exactly.
 */
export const DateTime = new GraphQLScalarType<unknown, unknown>({
  ...DateTimeResolver.toConfig(),
  serialize(value: unknown): unknown {
    return typeof value === 'string' && isStoredTimestamp(value) ? `${value.slice(0, 23)}Z` : DateTimeResolver.serialize(value);
  },
  parseValue(value: unknown): string {
    if (typeof value !== 'string' || rfc3339ToMicros(value) === null) {
      throw new ScalarTypeError('must be an RFC 3339 date-time, e.g. 2026-01-31T09:00:00Z');
    }
    return value;
  },
  parseLiteral(ast): string {
    return DateTime.parseValue(literalValue(ast)) as string;
  },
});
