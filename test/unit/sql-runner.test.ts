import { DatabaseError } from 'pg';
import { ServiceUnavailable } from '../../src/errors/app-error';
import { DatabaseAvailability } from '../../src/database/availability';
import { isDatabaseUnavailable, isPoolerRefusal } from '../../src/errors/database-unavailable';
import { PgSqlRunner } from '../../src/database/sql-runner';

function serverError(code: string, message = 'x'): DatabaseError {
  return Object.assign(new DatabaseError(message, 0, 'error'), { code });
}

/** A stand-in for pg's Pool handing out one connection whose query fails as given; records how it came back. */
function runnerWith(query: () => Promise<unknown>, probe: () => Promise<void> = async () => undefined) {
  const released: (Error | undefined)[] = [];
  const pool = { connect: async () => ({ query, release: (error?: Error) => void released.push(error) }) };
  const availability = new DatabaseAvailability(probe);
  const runner = new PgSqlRunner(pool as never, availability, { namedStatements: true, queryTimeoutMs: 1500 });
  return { runner, released, availability };
}

const statement = { name: 's', text: 'SELECT 1' };

describe('what counts as the database being unavailable', () => {
  it.each([
    ['57P01 admin shutdown', serverError('57P01', 'terminating connection')],
    ['08006 connection failure', serverError('08006')],
    ['53300 too many connections', serverError('53300')],
    ['57014 statement timeout', serverError('57014', 'canceling statement')],
    ['08P01 from pgbouncer when the server is down', serverError('08P01', 'pgbouncer cannot connect to server')],
    ['ECONNREFUSED', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a client-side query timeout', new Error('Query read timeout')],
    ['no free connection in time', new Error('timeout exceeded when trying to connect')],
  ])('%s is', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(true));

  it.each([
    ['23505 unique violation', serverError('23505', 'duplicate')],
    ['23514 check violation', serverError('23514', 'check')],
    ['a TypeError', new TypeError('x is undefined')],
    ['a pooler refusing a startup parameter', serverError('08P01', 'unsupported startup parameter: statement_timeout')],
  ])('%s is not', (_name, error) => expect(isDatabaseUnavailable(error)).toBe(false));

  it('a pooler refusing what it was sent is told apart from an outage', () => {
    expect(isPoolerRefusal(serverError('08P01', 'unsupported startup parameter: statement_timeout'))).toBe(true);
    expect(isPoolerRefusal(serverError('08P01', 'pgbouncer cannot connect to server'))).toBe(false);
  });
});

describe('the request-path runner', () => {
  it('a statement that timed out client-side is a 503, and its connection is closed, not reused', async () => {
    const { runner, released, availability } = runnerWith(async () => Promise.reject(new Error('Query read timeout')), () => new Promise(() => undefined));
    const failure = await runner.query(statement, []).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ServiceUnavailable);
    expect(String((failure as Error).cause)).toMatch(/no answer from the database within 1500 ms/);
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
    availability.close();
  });

  it('once the database has failed, the next statement is a 503 at once, without a connection', async () => {
    const { runner, released, availability } = runnerWith(async () => Promise.reject(new Error('Connection terminated unexpectedly')), () => new Promise(() => undefined));
    await expect(runner.query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
    await expect(runner.query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
    expect(released).toHaveLength(1);
    availability.close();
  });

  it('a probe that gets an answer ends the outage', async () => {
    let answer = false;
    const { runner, availability } = runnerWith(async () => {
      if (!answer) throw new Error('Connection terminated unexpectedly');
      return { rows: [{ ok: 1 }] };
    }, async () => {
      if (!answer) throw new Error('still down');
    });
    await expect(runner.query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
    answer = true;
    const deadline = Date.now() + 5000;
    while (availability.downBecause !== undefined && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(runner.query(statement, [])).resolves.toEqual([{ ok: 1 }]);
    availability.close();
  });

  it('a failure the server reported on a healthy connection is passed on as it is, and the connection kept', async () => {
    const failure = serverError('23514', 'check');
    const { runner, released } = runnerWith(async () => Promise.reject(failure));
    await expect(runner.query(statement, [])).rejects.toBe(failure);
    expect(released).toEqual([undefined]);
  });

  it('a pool that cannot hand out a connection is a 503', async () => {
    const pool = { connect: async () => Promise.reject(new Error('database "x" is not currently accepting connections')) };
    const availability = new DatabaseAvailability(() => new Promise(() => undefined));
    const runner = new PgSqlRunner(pool as never, availability, { namedStatements: true, queryTimeoutMs: 1500 });
    await expect(runner.query(statement, [])).rejects.toBeInstanceOf(ServiceUnavailable);
    availability.close();
  });
});
