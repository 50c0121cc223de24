import { ERROR_CATALOGUE } from './catalogue';
import type { FieldProblem } from './app-error';
import type { ClassifiedError } from './classify';

/** One entry of a GraphQL response's `errors[]`, as every /graphql answer shows it. */
interface GraphQLErrorShape {
  message: string;
  locations?: readonly { line: number; column: number }[];
  path?: readonly (string | number)[];
  extensions: { code: string; errorCode: string; fields?: readonly FieldProblem[]; tracer?: string };
}

interface GraphQLErrorPlace {
  /** Apollo's own code, kept on a request it refused itself (GRAPHQL_PARSE_FAILED, …). */
  readonly apolloCode?: unknown;
  readonly locations?: readonly { line: number; column: number }[];
  readonly path?: readonly (string | number)[];
}

/**
 * The GraphQL surface's one renderer: Apollo's formatError and the HTTP error handler
 * (errors that /graphql meets before Apollo runs) both answer with it.
 */
export function toGraphQLError(error: ClassifiedError, tracer: string | undefined, place: GraphQLErrorPlace = {}): GraphQLErrorShape {
  const apolloCode = error.refusedRequest && typeof place.apolloCode === 'string' ? place.apolloCode : undefined;
  return {
    message: error.message,
    ...(place.locations && { locations: place.locations }),
    ...(place.path && { path: place.path }),
    extensions: {
      code: apolloCode ?? ERROR_CATALOGUE[error.errorCode].graphqlCode,
      errorCode: error.errorCode,
      ...(error.fields.length > 0 && { fields: error.fields }),
      ...(tracer !== undefined && { tracer }),
    },
  };
}
