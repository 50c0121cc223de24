import { Migration } from '@mikro-orm/migrations';

/**
 * upsert_presence: the batched upsert's per-row presence mask. ON CONFLICT … DO UPDATE
 * sees the proposed row only through excluded.*, which holds table columns alone, so the
 * mask has to be one. Not null with a constant default: PostgreSQL adds it without a rewrite.
 */
export class Migration20261128020000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "customers" add column "upsert_presence" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customers" drop column "upsert_presence";`);
  }

}
