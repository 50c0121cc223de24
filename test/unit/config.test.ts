import { ConfigError, loadConfig } from '../../src/config';

describe('configuration', () => {
  it('has working defaults with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', port: 4000, databaseUrl: undefined, graphqlIntrospection: true, seedDemoTenant: true });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('turns Sandbox, introspection and the demo tenant off in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ graphqlIntrospection: false, seedDemoTenant: false });
    expect(loadConfig({ NODE_ENV: 'production', SEED_DEMO_TENANT: 'true' }).seedDemoTenant).toBe(false);
    expect(loadConfig({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true' }).graphqlIntrospection).toBe(true);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'not a url'],
    ['CREDENTIAL_CACHE_TTL_MS', '-1'],
    ['GRAPHQL_INTROSPECTION', 'maybe'],
  ])('fails fast naming %s when it is %j', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [variable]: value })).toThrow(variable);
  });

  it('never repeats a DATABASE_URL that may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://user:hunter2@[bad' })).toThrow(/^(?!.*hunter2)/);
  });
});
