import type { FastifyInstance } from 'fastify';
import { EXPLORER_PATHS } from './explorer-paths';
import { registerPackageAssets, sendExplorerPage, type PackageAsset } from './package-assets';

const BASE = EXPLORER_PATHS.graphiql;

const ASSETS: readonly PackageAsset[] = [
  { route: `${BASE}/react.js`, packageName: 'react', file: 'umd/react.production.min.js', type: 'text/javascript; charset=utf-8' },
  { route: `${BASE}/react-dom.js`, packageName: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript; charset=utf-8' },
  { route: `${BASE}/graphiql.js`, packageName: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript; charset=utf-8' },
  { route: `${BASE}/graphiql.css`, packageName: 'graphiql', file: 'graphiql.min.css', type: 'text/css; charset=utf-8' },
];

const DEFAULT_QUERY = `# GraphiQL, served by this service: no internet needed.
# In the Headers tab below, put the merchant
# secret token that npm start printed
# (MERCHANT_TOKEN), then press the run button.

mutation Upsert {
  upsertCustomer(input: { consumer: { emailAddress: "lucy.diamond@star.com", givenName: "Lucy" } }) {
    customerId
    merchantId
    outcome
    customer { version updatedAt }
  }
}
`;

const DEFAULT_HEADERS = `{
  "Authorization": "Bearer paste MERCHANT_TOKEN here"
}`;

/** A script file, not inline: the page's CSP allows scripts from this origin only. */
const INIT_SCRIPT = `(function () {
  var fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: ${JSON.stringify(DEFAULT_QUERY)},
    defaultHeaders: ${JSON.stringify(DEFAULT_HEADERS)},
    isHeadersEditorEnabled: true,
    defaultEditorToolsVisibility: 'headers',
    // Kept in this browser's localStorage only, so a reload does not lose the token.
    shouldPersistHeaders: true,
  }));
})();
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>customer-gateway · GraphiQL</title>
  <link rel="stylesheet" href="${BASE}/graphiql.css">
  <style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
  <div id="graphiql">Loading GraphiQL…</div>
  <script src="${BASE}/react.js"></script>
  <script src="${BASE}/react-dom.js"></script>
  <script src="${BASE}/graphiql.js"></script>
  <script src="${BASE}/init.js"></script>
</body>
</html>
`;

/** GraphiQL at /graphiql: the offline GraphQL IDE, from npm-installed assets only. */
export function registerGraphiQL(app: FastifyInstance): void {
  registerPackageAssets(app, ASSETS);
  app.get(`${BASE}/init.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(INIT_SCRIPT));
  app.get(BASE, async (_request, reply) => sendExplorerPage(reply, PAGE));
}
