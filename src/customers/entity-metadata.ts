import { defineConfig, MikroORM, type EntityMetadata, type EntityName, type QueryBuilder } from '@mikro-orm/postgresql';
import type { SqlStatement } from '../database/sql-runner';
import { Marketplace } from '../tenancy/marketplace.entity';
import { Merchant } from '../tenancy/merchant.entity';
import { CustomerRow } from './customer.entity';

/** The customer's entity and those it refers to: all that discovery needs to know the table. */
const CUSTOMER_ENTITIES = [Marketplace, Merchant, CustomerRow];

let metadataOrm: MikroORM | undefined;

/**
 * A MikroORM that never connects, kept for what it knows: the entities' discovered
 * metadata and a QueryBuilder that compiles for PostgreSQL. Statements are written from
 * it at build time (customer-statements.ts); discovery is synchronous and reads the
 * decorators (about 30 ms). The statement tests compare its metadata with that
 * of the ORM that migrates (src/entities.ts).
 */
function ormForMetadata(): MikroORM {
  if (!metadataOrm) {
    metadataOrm = new MikroORM(defineConfig({ entities: CUSTOMER_ENTITIES, dbName: 'metadata_only', allowGlobalContext: false, debug: false }));
    metadataOrm.discoverEntitiesSync();
  }
  return metadataOrm;
}

export function entityMetadata<T extends object>(entity: EntityName<T>): EntityMetadata<T> {
  return ormForMetadata().getMetadata().get<T>(entity);
}

/** A query builder to compile a statement with, never to run one: its ORM has no connection. */
export function statementBuilder<T extends object, A extends string>(entity: EntityName<T>, alias: A): QueryBuilder<T, A> {
  return ormForMetadata().em.fork().createQueryBuilder<T, A>(entity, alias);
}

export function quoteIdentifier(name: string): string {
  return ormForMetadata().em.getPlatform().quoteIdentifier(name);
}

/**
 * The SQL text of a built statement, for a named prepared statement. Every value in it
 * must be a raw fragment (a `$n` placeholder, `now()`, an expression): a plain value
 * would be inlined as a literal, and the statement would no longer take it as a parameter.
 */
export function compileStatement(
  name: string,
  builder: { getKnexQuery(): { toSQL(): { bindings: readonly unknown[] } }; getFormattedQuery(): string },
): SqlStatement {
  const inlined = builder
    .getKnexQuery()
    .toSQL()
    .bindings.filter((value) => !isRawFragment(value));
  if (inlined.length > 0) throw new Error(`statement ${name} would inline ${inlined.length} value(s): pass raw fragments`);
  return { name, text: builder.getFormattedQuery() };
}

function isRawFragment(value: unknown): boolean {
  return typeof value === 'object' && value !== null && typeof (value as { sql?: unknown }).sql === 'string';
}
