import 'reflect-metadata';
import { MapperKind, mapSchema } from '@graphql-tools/utils';
import { GraphQLInputObjectType, lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchemaSync } from 'type-graphql';
import { CustomerResolver } from './customer.resolver';
import { ConsumerCustomerType, OrganisationCustomerType } from './customer.type';

/**
 * type-graphql cannot declare @oneOf: inputs carry a `@Directive('@oneOf')` marker and
 * this rewrite makes them real OneOf inputs, which graphql-js then enforces.
 */
function applyOneOf(schema: GraphQLSchema): GraphQLSchema {
  return mapSchema(schema, {
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
  return applyOneOf(schema);
}

/** What schema.graphql holds: printed from the rewritten schema, sorted so diffs stay small. */
export function printGraphQLSchema(schema: GraphQLSchema = buildGraphQLSchema()): string {
  return `${printSchema(lexicographicSortSchema(schema))}\n`;
}
