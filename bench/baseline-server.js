// The yardstick: a hand-written Fastify + pg endpoint doing the least an upsert can do.
// Bearer → merchant from a map loaded at start, one INSERT … ON CONFLICT, answer {customerId, merchantId}.
// No GraphQL, no validation beyond "an email is present", no partial-update semantics.
'use strict';
const { createHash, randomBytes, randomUUID } = require('node:crypto');
const Fastify = require('fastify');
const { Pool } = require('pg');

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const credentials = new Map();
  const { rows } = await pool.query('SELECT secret_hash, merchant_id FROM credentials WHERE merchant_id IS NOT NULL');
  for (const row of rows) credentials.set(row.secret_hash, row.merchant_id);

  const app = Fastify({ logger: false });
  app.post('/customers', async (request, reply) => {
    const secret = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1];
    const merchantId = secret && credentials.get(createHash('sha256').update(secret).digest('hex'));
    if (!merchantId) return reply.code(401).send({ statusCode: 401, errorCode: 'unauthorized' });
    const customer = request.body?.UpsertConsumerCustomer;
    if (!customer || typeof customer.emailAddress !== 'string') return reply.code(400).send({ statusCode: 400, errorCode: 'invalid_request' });
    const email = customer.emailAddress.trim();
    const result = await pool.query({
      name: 'baseline_upsert',
      text: `INSERT INTO customers (id, merchant_id, kind, business_key, email_address, given_name, family_name, version, change_token, created_at, updated_at)
             VALUES ($1, $2, 'consumer', lower($3), $3, $4, $5, 1, $6, now(), now())
             ON CONFLICT (merchant_id, kind, business_key) DO UPDATE
             SET given_name = excluded.given_name, family_name = excluded.family_name, version = customers.version + 1, updated_at = now()
             RETURNING id`,
      values: ['cust_' + randomBytes(12).toString('base64url'), merchantId, email, customer.givenName ?? null, customer.familyName ?? null, randomUUID()],
    });
    return { customerId: result.rows[0].id, merchantId };
  });
  const address = await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 0) });
  process.stdout.write(`listening on ${address}\n`);
  process.on('SIGTERM', () => app.close().then(() => pool.end()).then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
