import type { FastifyServerOptions } from 'fastify';

type CompilersFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type ValidatorFactory = NonNullable<CompilersFactory['buildValidator']>;
type SerializerFactory = NonNullable<CompilersFactory['buildSerializer']>;

/**
 * Fastify's own schema compilers, required the first time a route needs one. No route here
 * declares a schema (json-body.ts reads the bodies, the doors check them), yet Fastify would
 * require Ajv and fast-json-stringify, some ninety modules, every time it is created.
 */
export function lazySchemaCompilers(): CompilersFactory {
  let validators: ValidatorFactory | undefined;
  let serializers: SerializerFactory | undefined;
  return {
    buildValidator: (externalSchemas, options) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      validators ??= (require('@fastify/ajv-compiler') as typeof import('@fastify/ajv-compiler'))();
      return validators(externalSchemas, options);
    },
    buildSerializer: (externalSchemas, options) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      serializers ??= (require('@fastify/fast-json-stringify-compiler') as typeof import('@fastify/fast-json-stringify-compiler'))();
      return serializers(externalSchemas, options);
    },
  };
}
