import { ServiceUnavailable } from '../../src/errors/app-error';
import { isDatabaseUnavailable, KnexSqlRunner } from '../../src/database/sql-runner';

/** A stand-in for knex's pool, handing out one connection whose query fails as given. */
function runnerWith(connection: object) {
  const released: object[] = [];
  const knex = { client: { acquireConnection: async () => connection, releaseConnection: async (c: object) => void released.push(c) } };
  return { runner: new KnexSqlRunner(knex as never), released };
}

const statement = { name: 's', text: 'SELECT 1' };

describe('what counts as the database being unavailable', () => {
  it.each([
    ['57P01 admin shutdown', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['08006 connection failure', Object.assign(new Error('x'), { code: '08006' })],
    ['53300 too many connections', Object.assign(new Error('x'), { code: '53300' })],
    ['57014 statement timeout', Object.assign(new Error('canceling statement'), { code: '57014' })],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
  ])('%s is', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['23505 unique violation', Object.assign(new Error('duplicate'), { code: '23505' })],
    ['23514 check violation', Object.assign(new Error('check'), { code: '23514' })],
    ['a TypeError', new TypeError('x is undefined')],
  ])('%s is not', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));

  it('any failure that leaves the connection unusable is a 503, whatever it said', async () => {
    const connection = { _queryable: false, query: async () => Promise.reject(new Error('something new')) };
    const { runner, released } = runnerWith(connection);
    await expect(runner.query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(released).toEqual([connection]);
  });

  it('a failure on a healthy connection is passed on as it is', async () => {
    const failure = Object.assign(new Error('check'), { code: '23514' });
    const { runner } = runnerWith({ _queryable: true, query: async () => Promise.reject(failure) });
    await expect(runner.query(statement, [])).rejects.toBe(failure);
  });

  it('a pool that cannot hand out a connection is a 503', async () => {
    const knex = { client: { acquireConnection: async () => Promise.reject(new Error('database "x" is not currently accepting connections')) } };
    await expect(new KnexSqlRunner(knex as never).query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
  });
});
