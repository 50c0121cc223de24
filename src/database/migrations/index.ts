import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126181655 } from './Migration20261126181655';
import { Migration20261126184126 } from './Migration20261126184126';
import { Migration20261126190651 } from './Migration20261126190651';
import { Migration20261128011903 } from './Migration20261128011903';
import { Migration20261128020000 } from './Migration20261128020000';
import { Migration20261203080000 } from './Migration20261203080000';

/** Every committed migration, oldest first. Add each new one here (see `npm run migration:create`). */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126181655', class: Migration20261126181655 },
  { name: 'Migration20261126184126', class: Migration20261126184126 },
  { name: 'Migration20261126190651', class: Migration20261126190651 },
  { name: 'Migration20261128011903', class: Migration20261128011903 },
  { name: 'Migration20261128020000', class: Migration20261128020000 },
  { name: 'Migration20261203080000', class: Migration20261203080000 },
];
