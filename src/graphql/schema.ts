import 'reflect-metadata';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLInputObjectType, GraphQLInterfaceType, lexicographicSortSchema, printSchema, type GraphQLSchema, type GraphQLTypeResolver } from 'graphql';
import type { Customer } from '../customers/customer';
import { buildSchemaSync } from 'type-graphql';
import { CustomerResolver } from './customer.resolver';
import { ConsumerCustomerType, customerTypeName, OrganisationCustomerType } from './customer.type';

/**
 * type-graphql wraps every interface's resolveType in an async function, so graphql-js
 * would settle a promise for each node of a page. The schema carries the synchronous one.
 */
const RESOLVE_TYPE: Partial<Record<string, GraphQLTypeResolver<Customer, unknown>>> = { Customer: customerTypeName };

/**
 * What type-graphql cannot declare. @oneOf: inputs carry a `@Directive('@oneOf')` marker
 * and this rewrite makes them real OneOf inputs, which graphql-js then enforces. And the
 * synchronous resolveType above.
 */
function rewrite(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
    [MapperKind.INTERFACE_TYPE]: (type) => {
      const resolveType = RESOLVE_TYPE[type.name];
      return resolveType ? new GraphQLInterfaceType({ ...type.toConfig(), resolveType }) : type;
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
