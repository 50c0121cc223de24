import { ValidationFailed } from '../../src/errors/app-error';
import { validateCommand } from '../../src/customers/field-rules';
import { businessKeyOf } from '../../src/customers/upsert-customer';

function problems(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.fields.map((f) => f.field);
    throw error;
  }
  return [];
}

describe('the core checks rules on its own, whoever calls it', () => {
  it('trims email and reference, and keys a consumer by the lower-cased email', () => {
    const command = validateCommand({ kind: 'consumer', emailAddress: '  Lucy@Star.COM ', referenceCustomerId: ' R-1 ' });
    expect(command).toMatchObject({ emailAddress: 'Lucy@Star.COM', referenceCustomerId: 'R-1' });
    expect(businessKeyOf(command)).toBe('lucy@star.com');
  });

  it('keeps absent fields absent and nulls null', () => {
    const command = validateCommand({ kind: 'consumer', emailAddress: 'a@b.co', givenName: null });
    expect('familyName' in command).toBe(false);
    expect(command.givenName).toBeNull();
  });

  it('reports every broken field at once', () => {
    const fields = problems(() =>
      validateCommand({ kind: 'organisation', referenceCustomerId: '', organisationName: 'x'.repeat(201), taxId: 'y'.repeat(51) }),
    );
    expect(fields.sort()).toEqual(['organisation.organisationName', 'organisation.referenceCustomerId', 'organisation.taxId']);
  });

  it('refuses required fields given as null', () => {
    expect(problems(() => validateCommand({ kind: 'consumer', emailAddress: null as never }))).toEqual(['consumer.emailAddress']);
  });

  it('counts characters, not UTF-16 units, against length limits', () => {
    expect(problems(() => validateCommand({ kind: 'consumer', emailAddress: 'a@b.co', givenName: '😀'.repeat(100) }))).toEqual([]);
    expect(problems(() => validateCommand({ kind: 'consumer', emailAddress: 'a@b.co', givenName: '😀'.repeat(101) }))).toEqual(['consumer.givenName']);
  });

  it('refuses text PostgreSQL could not store: NUL and lone surrogates', () => {
    expect(problems(() => validateCommand({ kind: 'consumer', emailAddress: 'a@b.co', familyName: 'x\ud800' }))).toEqual(['consumer.familyName']);
    expect(problems(() => validateCommand({ kind: 'consumer', emailAddress: 'a@b.co', metadata: { ['k\u0000']: 1 } }))).toEqual(['consumer.metadata']);
  });
});
