import type { Pool } from 'pg';
import { MIGRATION_NAMES, MIGRATIONS_TABLE } from './migrations/migration-names';

// undefined_table: a database that was never migrated has no migrations table yet.
const UNDEFINED_TABLE = '42P01';

/**
 * Whether the migrations table records every committed migration: one unnamed statement
 * on the request pool (it passes a transaction pooler), no MikroORM and no migration
 * class loaded. "No" only means that the migrator must look, under its lock.
 */
export async function schemaIsCurrent(pool: Pool): Promise<boolean> {
  try {
    const { rows } = await pool.query<{ name: string }>(`SELECT name FROM ${MIGRATIONS_TABLE}`);
    const applied = new Set(rows.map((row) => row.name));
    return MIGRATION_NAMES.every((name) => applied.has(name));
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return false;
    throw error;
  }
}
