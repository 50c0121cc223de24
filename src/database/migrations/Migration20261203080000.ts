import { Migration } from '@mikro-orm/migrations';

const NAME_INDEXES = ['customers_given_name_index', 'customers_family_name_index', 'customers_organisation_name_index'];

/**
 * The `name` filter's estimates: a finer histogram of the three name keys. With the default
 * (100 buckets) a prefix such as `smith 60` that matches 9,000 of 1M rows was estimated at
 * 25–50, so the planner read all 9,000 through a bitmap and sorted them (25–45 ms) instead
 * of walking customers_listing_index until 21 matched (3 ms). At 1,000 the same prefix is
 * estimated at ~4,500 and walked. Column 2 is the key expression (column 1 is merchant_id).
 * It applies from the table's next ANALYZE (autovacuum's, or one run after a bulk load).
 */
export class Migration20261203080000 extends Migration {

  override async up(): Promise<void> {
    for (const index of NAME_INDEXES) this.addSql(`alter index "${index}" alter column 2 set statistics 1000;`);
  }

  override async down(): Promise<void> {
    for (const index of NAME_INDEXES) this.addSql(`alter index "${index}" alter column 2 set statistics -1;`);
  }

}
