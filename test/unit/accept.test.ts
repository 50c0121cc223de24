import { acceptsJson } from '../../src/http/accept';

describe('Accept negotiation for the REST surface', () => {
  it.each([undefined, '', 'application/json', '*/*', 'application/*', 'text/html, application/json;q=0.5', 'APPLICATION/JSON'])(
    'accepts %j',
    (header) => expect(acceptsJson(header)).toBe(true),
  );
  it.each(['text/html', 'application/xml', 'application/json;q=0', 'text/*', 'application/json;q=0.0, text/html'])(
    'refuses %j',
    (header) => expect(acceptsJson(header)).toBe(false),
  );
});
