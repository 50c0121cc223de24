import { Migration } from '@mikro-orm/migrations';

export class Migration20261126190651 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "customers_email_lookup_index" on "customers" ("merchant_id", lower("email_address"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "customers_email_lookup_index";`);
  }

}
