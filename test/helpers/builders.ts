import { randomBytes } from 'node:crypto';

const unique = () => randomBytes(4).toString('hex');

export function consumerInput(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { emailAddress: `lucy.${unique()}@star.com`, ...fields };
}

export function organisationInput(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { referenceCustomerId: `ORG-${unique()}`, organisationName: 'Star Pty Ltd', ...fields };
}
