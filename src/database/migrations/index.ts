import type { MigrationObject } from '@mikro-orm/core';
import { MIGRATION_NAMES, type MigrationName } from './migration-names';
import { Migration20261126181655 } from './Migration20261126181655';
import { Migration20261126184126 } from './Migration20261126184126';
import { Migration20261126190651 } from './Migration20261126190651';
import { Migration20261128011903 } from './Migration20261128011903';
import { Migration20261128020000 } from './Migration20261128020000';
import { Migration20261203080000 } from './Migration20261203080000';
import { Migration20261204030000 } from './Migration20261204030000';

// Keyed by name: a name in MIGRATION_NAMES without its class, or a class without its name, does not compile.
const MIGRATION_CLASSES: Record<MigrationName, MigrationObject['class']> = {
  Migration20261126181655,
  Migration20261126184126,
  Migration20261126190651,
  Migration20261128011903,
  Migration20261128020000,
  Migration20261203080000,
  Migration20261204030000,
};

/** Every committed migration, oldest first, in the order of MIGRATION_NAMES. */
export const migrationsList: MigrationObject[] = MIGRATION_NAMES.map((name) => ({ name, class: MIGRATION_CLASSES[name] }));
