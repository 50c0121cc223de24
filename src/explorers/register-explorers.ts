import type { FastifyInstance } from 'fastify';
import { registerGraphiQL } from './graphiql.route';
import { registerSwaggerUi } from './swagger-ui.route';

/**
 * GraphiQL follows the introspection switch (it cannot work without it, and production turns both off);
 * Swagger UI only renders /openapi.json, which is public anyway.
 */
export function registerExplorers(app: FastifyInstance, options: { readonly graphiql: boolean }): void {
  if (options.graphiql) registerGraphiQL(app);
  registerSwaggerUi(app);
}
