import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';

/** A file shipped inside an installed npm package, served at `route`. */
export interface PackageAsset {
  readonly route: string;
  readonly packageName: string;
  readonly file: string;
  readonly type: string;
}

/**
 * Explorers must work with no internet, so their scripts come from node_modules, never a CDN.
 * Resolved through package.json because some packages (react) export no other path.
 */
function packageFile(asset: PackageAsset): string {
  const file = path.join(path.dirname(require.resolve(`${asset.packageName}/package.json`)), asset.file);
  // At start-up, not on the first browser visit: a missing runtime dependency should stop the start.
  if (!existsSync(file)) throw new Error(`${asset.packageName} has no ${asset.file}; run npm ci`);
  return file;
}

/** Cacheable for a day: these files change only with the package version. */
export function registerPackageAssets(app: FastifyInstance, assets: readonly PackageAsset[]): void {
  for (const asset of assets) {
    const file = packageFile(asset);
    app.get(asset.route, async (_request, reply) =>
      reply.header('cache-control', 'public, max-age=86400').type(asset.type).send(createReadStream(file)),
    );
  }
}

/**
 * What an explorer page may load: its own origin only. This is what makes "works offline"
 * hold: a forgotten CDN link would be refused by the browser even when online.
 */
export const EXPLORER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  // Both UIs set inline styles from their React components.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Sends an explorer's HTML page under EXPLORER_CSP. */
export function sendExplorerPage(reply: FastifyReply, html: string): FastifyReply {
  return reply.header('content-security-policy', EXPLORER_CSP).type('text/html; charset=utf-8').send(html);
}
