/**
 * Every committed migration's name, oldest first: what a start compares with the
 * migrations table to decide, without loading MikroORM or the migration classes, whether
 * anything is pending. Add each new one here and in index.ts (see `npm run migration:create`).
 */
export const MIGRATION_NAMES = [
  'Migration20261126181655',
  'Migration20261126184126',
  'Migration20261126190651',
  'Migration20261128011903',
  'Migration20261128020000',
  'Migration20261203080000',
  'Migration20261204030000',
] as const;

export type MigrationName = (typeof MIGRATION_NAMES)[number];

/** Where MikroORM records the migrations it ran (its default `tableName`). */
export const MIGRATIONS_TABLE = 'mikro_orm_migrations';
