/**
 * Credentials from the command line: `npm run admin -- <command> [options]`.
 * Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR (the running one if
 * `npm start` owns it, else started for the duration of the command).
 */
import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config';
import { openDatabase } from '../database/database';
import { ENTITIES } from '../entities';
import { embeddedDatabaseUrl, runningPostmasterPid, startEmbeddedPostgres, type EmbeddedDatabase } from '../database/embedded-postgres';
import type { SecretEnvironment } from '../tenancy/secrets';
import { TenancyAdmin, TenancyAdminError } from '../tenancy/tenancy-admin';

const USAGE = `Usage: npm run admin -- <command> [options]

  create-marketplace --name NAME
  create-merchant    --name NAME [--marketplace mktp_…]
  issue-secret       --merchant mcht_… | --marketplace mktp_…  [--environment sandbox|live]
  list-secrets       [--owner mcht_…|mktp_…]
  revoke-secret      --id cred_…
`;

type Options = Partial<Record<'name' | 'marketplace' | 'merchant' | 'environment' | 'owner' | 'id', string>>;

async function run(admin: TenancyAdmin, command: string | undefined, options: Options): Promise<void> {
  switch (command) {
    case 'create-marketplace': {
      const marketplace = await admin.createMarketplace(required(options, 'name'));
      console.log(`Created marketplace ${marketplace.id} (${marketplace.name})`);
      return;
    }
    case 'create-merchant': {
      const merchant = await admin.createMerchant(required(options, 'name'), options.marketplace);
      console.log(`Created merchant ${merchant.id} (${merchant.name})${options.marketplace ? ` in ${options.marketplace}` : ''}`);
      return;
    }
    case 'issue-secret': {
      const environment = (options.environment ?? 'sandbox') as SecretEnvironment;
      if (environment !== 'sandbox' && environment !== 'live') throw new TenancyAdminError('--environment is sandbox or live.');
      const owner = options.merchant ? { merchantId: options.merchant } : { marketplaceId: required(options, 'marketplace') };
      const issued = await admin.issueSecret(owner, environment);
      console.log(`Issued ${issued.credentialId}. The secret, shown this once:\n${issued.secret}`);
      return;
    }
    case 'list-secrets': {
      const rows = await admin.listCredentials(options.owner);
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : 'active';
        console.log(`${row.credentialId}  ${row.kind.padEnd(15)} ${row.environment.padEnd(8)} ${row.hint.padEnd(22)} ${row.owner}  ${state}`);
      }
      if (rows.length === 0) console.log('No credentials.');
      return;
    }
    case 'revoke-secret':
      await admin.revokeCredential(required(options, 'id'));
      console.log(`Revoked ${options.id}. Every instance refuses it within the credential cache time.`);
      return;
    default:
      throw new TenancyAdminError(USAGE);
  }
}

function required(options: Options, name: keyof Options): string {
  const value = options[name];
  if (!value) throw new TenancyAdminError(`--${name} is required.\n\n${USAGE}`);
  return value;
}

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: Object.fromEntries(['name', 'marketplace', 'merchant', 'environment', 'owner', 'id'].map((o) => [o, { type: 'string' }])),
  });
  const config = loadConfig();
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url && runningPostmasterPid(config.dataDir) !== null) url = await embeddedDatabaseUrl(config.dataDir, config.embeddedPostgresPort);
  if (!url) {
    embedded = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, { info: console.error, debug: () => undefined });
    url = embedded.url;
  }
  const db = await openDatabase(url, { poolSize: 2, statementTimeoutMs: 30_000, acquireTimeoutMs: 10_000, pooler: config.databasePooler, entities: ENTITIES });
  try {
    await run(new TenancyAdmin((await db.orm()).em), positionals[0], values as Options);
  } finally {
    await db.close();
    await embedded?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof TenancyAdminError || error instanceof TypeError ? error.message : error);
  process.exitCode = 1;
});
