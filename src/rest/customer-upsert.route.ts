import type { FastifyInstance, FastifyRequest } from 'fastify';
import { parse, type GraphQLSchema } from 'graphql';
import { AppError } from '../errors/app-error';
import type { GraphQLContext } from '../graphql/context';
import { acceptsJson } from '../http/accept';
import { OperationErrors } from '../errors/operation-errors';
import { toAprilField, toCustomerInput } from './april-translation';
import { registerCustomerReadRoutes } from './customer-reads.route';
import { compileOperation } from './compiled-operation';
import { buildOpenApiDocument } from './openapi';

// Parsed and validated once at start, compiled after its first request (compiled-operation.ts).
export const UPSERT_DOCUMENT = parse(`mutation UpsertCustomer($input: CustomerInput!) {
  upsertCustomer(input: $input) { customerId merchantId }
}`);

interface UpsertData {
  upsertCustomer: { customerId: string; merchantId: string } | null;
}

export interface CustomerRouteDeps {
  readonly schema: GraphQLSchema;
  /** The request's GraphQL context, built as /graphql builds it. */
  readonly contextFor: (request: FastifyRequest) => GraphQLContext;
}

/**
 * POST /customers as April's API 3.0 defines it: a thin door onto the upsertCustomer
 * mutation. It translates the tagged body in and the GraphQL errors out; every rule
 * lives behind the mutation.
 */
export function registerCustomerRoutes(app: FastifyInstance, deps: CustomerRouteDeps): void {
  const upsert = compileOperation<UpsertData>(deps.schema, UPSERT_DOCUMENT);

  // Built on its first request, not at start: only readers of the docs need it.
  let openApi: string | undefined;
  app.get('/openapi.json', async (_request, reply) => {
    openApi ??= JSON.stringify(buildOpenApiDocument(deps.schema));
    return reply.type('application/json; charset=utf-8').send(openApi);
  });

  registerCustomerReadRoutes(app, deps);

  app.post('/customers', {
    onRequest: async (request) => {
      if (!acceptsJson(request.headers.accept)) throw new AppError('not_acceptable');
    },
    handler: async (request) => {
      const { input, member } = toCustomerInput(request.body);
      const context = deps.contextFor(request);
      // REST answers who-are-you before what-did-you-send: a caller without a valid
      // credential learns nothing about the body rules. Memoised: the resolver reuses it.
      await context.actingMerchant();
      const result = await upsert({ input }, context);
      // Handed as they are to the one classifier: only the field names are April's.
      if (result.errors?.length) throw new OperationErrors(result.errors, (field) => toAprilField(field, member));
      const { customerId, merchantId } = result.data!.upsertCustomer!;
      return { customerId, merchantId };
    },
  });
}
