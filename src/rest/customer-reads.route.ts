import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../errors/app-error';
import { OperationErrors } from '../errors/operation-errors';
import { acceptsJson } from '../http/accept';
import { GET_CUSTOMER_DOCUMENT, QUERY_CUSTOMERS_DOCUMENT, toAprilCustomer, type GraphQLCustomer } from './april-customer';
import { compileOperation, type CompiledOperation } from './compiled-operation';
import { aprilParameterOf, pageLinks, toCustomersVariables } from './april-query';
import type { CustomerRouteDeps } from './customer-upsert.route';

interface GetCustomerData {
  customer: GraphQLCustomer | null;
}

interface QueryCustomersData {
  customers: { edges: { node: GraphQLCustomer }[]; pageInfo: { hasNextPage: boolean } };
}

/**
 * GET /customers/{customerId} and GET /customers, April's GetCustomer and
 * QueryCustomers: thin doors onto the `customer` and `customers` queries, run
 * through the same schema. They translate April's path and query string in, and the
 * result or the GraphQL errors out; every rule lives behind the queries.
 */
export function registerCustomerReadRoutes(app: FastifyInstance, deps: CustomerRouteDeps): void {
  const getCustomer = compileOperation<GetCustomerData>(deps.schema, GET_CUSTOMER_DOCUMENT);
  const queryCustomers = compileOperation<QueryCustomersData>(deps.schema, QUERY_CUSTOMERS_DOCUMENT);

  const run = async <T>(request: FastifyRequest, operation: CompiledOperation<T>, variableValues: Record<string, unknown>, listing: boolean) => {
    const context = deps.contextFor(request);
    // Who-are-you before what-did-you-ask, as on POST. Memoised: the resolver reuses it.
    await (listing ? context.readScope() : context.actingMerchant());
    const result = await operation(variableValues, context);
    if (result.errors?.length) throw new OperationErrors(result.errors, aprilParameterOf);
    return result.data!;
  };
  const onRequest = async (request: FastifyRequest) => {
    if (!acceptsJson(request.headers.accept)) throw new AppError('not_acceptable');
  };

  app.get<{ Params: { customerId: string } }>('/customers/:customerId', {
    onRequest,
    handler: async (request, reply) => {
      const { customer } = await run(request, getCustomer, { customerId: request.params.customerId }, false);
      // Another merchant's id and an unknown one look the same: existence does not leak.
      if (!customer) throw new AppError('not_found', 'No customer has that id.');
      reply.header('etag', `"${customer.version}"`);
      return toAprilCustomer(customer);
    },
  });

  app.get('/customers', {
    onRequest,
    handler: async (request, reply) => {
      const search = new URLSearchParams(request.url.split('?')[1] ?? '');
      const variables = toCustomersVariables(search);
      const { customers } = await run(request, queryCustomers, variables, true);
      const page = typeof variables.page === 'number' ? variables.page : 1;
      const links = pageLinks('/customers', search, page, customers.pageInfo.hasNextPage);
      if (links) reply.header('link', links);
      return customers.edges.map(({ node }) => toAprilCustomer(node));
    },
  });
}
