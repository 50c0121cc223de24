import 'reflect-metadata';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import {
  GraphQLInputObjectType,
  GraphQLInterfaceType,
  lexicographicSortSchema,
  printSchema,
  type GraphQLFieldResolver,
  type GraphQLSchema,
  type GraphQLTypeResolver,
} from 'graphql';
import type { Customer } from '../customers/customer';
import { buildSchemaSync } from 'type-graphql';
import type { GraphQLContext } from './context';
import type { CustomerInput } from './customer.input';
import { CustomerResolver } from './customer.resolver';
import { ConsumerCustomerType, customerTypeName, OrganisationCustomerType } from './customer.type';

/**
 * type-graphql wraps every interface's resolveType in an async function, so graphql-js
 * would settle a promise for each node of a page. The schema carries the synchronous one.
 */
const RESOLVE_TYPE: Partial<Record<string, GraphQLTypeResolver<Customer, unknown>>> = { Customer: customerTypeName };

/**
 * The upsert's resolver, called directly. type-graphql's wrapper sorts the parameter list
 * and rebuilds the input as instances of its classes on every call (getParams,
 * convertArgToInstance): about 2% of an upsert's CPU under load, on both doors, for
 * instances the resolver only spreads into a plain command. It has no middleware, guard or
 * validation to keep (buildSchemaSync below sets none).
 */
const upsertResolver = new CustomerResolver();
const DIRECT_MUTATIONS: Partial<Record<string, GraphQLFieldResolver<unknown, GraphQLContext, { input: CustomerInput }>>> = {
  upsertCustomer: (_root, args, context) => upsertResolver.upsertCustomer(args.input, context),
};

/**
 * What type-graphql cannot declare, or does at a cost. @oneOf: inputs carry a `@Directive('@oneOf')` marker
 * and this rewrite makes them real OneOf inputs, which graphql-js then enforces. And the
 * synchronous resolveType and the direct upsert resolver above.
 */
function rewrite(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.INTERFACE_TYPE]: (type) => {
      const resolveType = RESOLVE_TYPE[type.name];
      return resolveType ? new GraphQLInterfaceType({ ...type.toConfig(), resolveType }) : type;
    },
    [MapperKind.MUTATION_ROOT_FIELD]: (field, name) => {
      const resolve = DIRECT_MUTATIONS[name];
      return resolve ? { ...field, resolve: resolve as GraphQLFieldResolver<unknown, unknown> } : field;
    },
    [MapperKind.INPUT_OBJECT_TYPE]: (type) => {
      const marked = type.astNode?.directives?.some((directive) => directive.name.value === 'oneOf');
      return marked ? new GraphQLInputObjectType({ ...type.toConfig(), isOneOf: true }) : type;
    },
  });
}

/** Built once at start; the same schema serves /graphql and the REST shim. */
export function buildGraphQLSchema(): GraphQLSchema {
  const schema = buildSchemaSync({
    resolvers: [CustomerResolver],
    orphanedTypes: [ConsumerCustomerType, OrganisationCustomerType],
    validate: false,
  });
  return rewrite(schema);
}

/** What schema.graphql holds: printed from the rewritten schema, sorted so diffs stay small. */
export function printGraphQLSchema(schema: GraphQLSchema = buildGraphQLSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
