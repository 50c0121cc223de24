import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { EXPLORER_PATHS } from './explorer-paths';

const LINKS = `<a href="${EXPLORER_PATHS.graphiql}">GraphiQL</a> (works offline) · REST: <a href="${EXPLORER_PATHS.swaggerUi}">Swagger UI</a>`;

/**
 * Apollo's page loads Sandbox from Apollo's CDN; with no internet it shows only "you might be offline".
 * The links go where a nonce'd style can place them (the page's CSP refuses inline style attributes):
 * in a corner over Sandbox, and in the offline fallback text itself.
 */
export function addExplorerLinks(html: string): string {
  const nonce = /nonce="?([0-9a-f]+)"?/.exec(html)?.[1];
  const style = `<style nonce="${nonce ?? ''}">
  .explorer-links { position: fixed; right: 12px; bottom: 8px; z-index: 2147483647; padding: 2px 8px;
    font: 12px/1.6 sans-serif; background: #fff; border: 1px solid #ccc; border-radius: 4px; }
</style>`;
  return html
    .replace('it appears that you might be offline.</p>', `it appears that you might be offline.</p>\n  <p>Explorers served by this service: ${LINKS}.</p>`)
    .replace('<body>', `<body>\n    ${style}\n    <div class="explorer-links" id="explorer-links">${LINKS}</div>`);
}

/** Apollo Sandbox stays the landing page of /graphql, with links to the explorers that need no internet. */
export function landingPageWithExplorerLinks(): ApolloServerPlugin<BaseContext> {
  const sandbox = ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false });
  return {
    async serverWillStart(service) {
      const listener = await sandbox.serverWillStart?.(service);
      const render = listener?.renderLandingPage;
      if (!render) return listener;
      return {
        ...listener,
        async renderLandingPage() {
          const page = await render();
          const html = page.html;
          return { html: async () => addExplorerLinks(typeof html === 'string' ? html : await html()) };
        },
      };
    },
  };
}
