import type { Config } from '../config';
import type { DemoTenant } from '../tenancy/demo-tenant';
import { EXPLORER_PATHS } from '../explorers/explorer-paths';

/**
 * Human text goes to stderr: stdout carries only the JSON log stream, so
 * `npm start | some-log-shipper` never receives a line it cannot parse.
 */
export function say(line = ''): void {
  process.stderr.write(`${line}\n`);
}

type Say = (line?: string) => void;

/** Where the metrics listen: the API's host, a port of their own (METRICS_PORT=0: nowhere). */
function metricsUrl(config: Config, base: URL): string | undefined {
  if (config.metricsPort === 0) return undefined;
  return `http://${base.hostname}:${config.metricsPort}/metrics`;
}

function printAddresses(say: Say, config: Config, base: string): void {
  say(`  GraphQL:   ${base}/graphql${config.graphqlIntrospection ? '   (Apollo Sandbox in a browser; needs the internet)' : ''}`);
  if (config.graphqlIntrospection) say(`  GraphiQL:  ${base}${EXPLORER_PATHS.graphiql}   (works offline)`);
  say(`  REST:      POST ${base}/customers`);
  say(`  REST docs: ${base}${EXPLORER_PATHS.swaggerUi}   (Swagger UI, works offline; the document is ${base}/openapi.json)`);
  say(`  Health:    ${base}/health/ready`);
  const metrics = metricsUrl(config, new URL(base));
  if (metrics) say(`  Metrics:   ${metrics}`);
  say(`  Database:  ${config.databaseUrl ? 'DATABASE_URL' : `embedded PostgreSQL in ${config.dataDir}`}`);
}

function printDemoTenant(say: Say, base: string, demo: DemoTenant): void {
  say();
  say(`Demo marketplace ${demo.marketplaceId}, merchant ${demo.merchantId}`);
  if (demo.merchantSecret && demo.marketplaceKey) {
    say('Demo secrets (shown this once; only their hashes are stored). Paste into your shell for the README examples:');
    say(`  export BASE_URL=${base}`);
    say(`  export MERCHANT_TOKEN=${demo.merchantSecret}     # merchant secret token`);
    say(`  export MARKETPLACE_KEY=${demo.marketplaceKey}    # marketplace API key: send Merchant-Id too`);
    say(`  export MERCHANT_ID=${demo.merchantId}`);
    say(`  export MARKETPLACE_ID=${demo.marketplaceId}`);
    say();
    say('Try it:');
    say(`  curl -s "$BASE_URL/customers" -H "Authorization: Bearer $MERCHANT_TOKEN" \\`);
    say(`    -H 'Content-Type: application/json' -d '{"UpsertConsumerCustomer":{"emailAddress":"lucy.diamond@star.com"}}'`);
  } else {
    say(`  export BASE_URL=${base}`);
    say(`  export MERCHANT_ID=${demo.merchantId}`);
    say(`  export MARKETPLACE_ID=${demo.marketplaceId}`);
    say('Its secrets were printed when it was created. Issue new ones with:');
    say(`  export MERCHANT_TOKEN=$(npm run admin --silent -- issue-secret --merchant ${demo.merchantId} | tail -1)`);
    say(`  export MARKETPLACE_KEY=$(npm run admin --silent -- issue-secret --marketplace ${demo.marketplaceId} | tail -1)`);
  }
}

/** The start-up text: where everything is, and the demo tenant's credentials on the start that made them. */
export function printWelcome(config: Config, address: string, demo: DemoTenant | undefined, started: number): void {
  const base = address.replace('://127.0.0.1', '://localhost');
  const lines: string[] = [];
  const say: Say = (line = '') => void lines.push(line);
  say();
  say(`customer-gateway is listening on ${base} (ready in ${Date.now() - started} ms)`);
  printAddresses(say, config, base);
  if (demo) printDemoTenant(say, base, demo);
  say();
  // One write: a reader of the stream sees the whole text at once, secrets included.
  process.stderr.write(`${lines.join('\n')}\n`);
}
