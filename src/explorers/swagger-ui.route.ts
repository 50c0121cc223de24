import type { FastifyInstance } from 'fastify';
import { EXPLORER_PATHS } from './explorer-paths';
import { registerPackageAssets, sendExplorerPage, type PackageAsset } from './package-assets';

const BASE = EXPLORER_PATHS.swaggerUi;

const ASSETS: readonly PackageAsset[] = [
  { route: `${BASE}/swagger-ui-bundle.js`, packageName: 'swagger-ui-dist', file: 'swagger-ui-bundle.js', type: 'text/javascript; charset=utf-8' },
  { route: `${BASE}/swagger-ui.css`, packageName: 'swagger-ui-dist', file: 'swagger-ui.css', type: 'text/css; charset=utf-8' },
  { route: `${BASE}/favicon.png`, packageName: 'swagger-ui-dist', file: 'favicon-32x32.png', type: 'image/png' },
];

/** A script file, not inline: the page's CSP allows scripts from this origin only. */
const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/openapi.json',
  dom_id: '#swagger-ui',
  // The document has no servers entry: requests go to this origin.
  tryItOutEnabled: true,
  persistAuthorization: true,
  displayRequestDuration: true,
  // Swagger UI would otherwise send the document to validator.swagger.io.
  validatorUrl: null,
});
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width,initial-scale=1">
  <title>customer-gateway · REST API (April 3.0)</title>
  <link rel="icon" type="image/png" href="${BASE}/favicon.png">
  <link rel="stylesheet" href="${BASE}/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${BASE}/swagger-ui-bundle.js"></script>
  <script src="${BASE}/init.js"></script>
</body>
</html>
`;

/** Swagger UI at /docs on the service's own OpenAPI document, from npm-installed assets only. */
export function registerSwaggerUi(app: FastifyInstance): void {
  registerPackageAssets(app, ASSETS);
  app.get(`${BASE}/init.js`, async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(INIT_SCRIPT));
  app.get(BASE, async (_request, reply) => sendExplorerPage(reply, PAGE));
}
