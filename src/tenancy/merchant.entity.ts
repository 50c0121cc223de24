import { Entity, OptionalProps, ManyToOne, PrimaryKey, Property } from '@mikro-orm/core';
import { Marketplace } from './marketplace.entity';

@Entity({ tableName: 'merchants' })
export class Merchant {
  [OptionalProps]?: 'createdAt';

  @PrimaryKey({ type: 'string', length: 21 })
  id!: string;

  @Property({ type: 'string', length: 200 })
  name!: string;

  /** A merchant may stand alone, with no marketplace. */
  @ManyToOne(() => Marketplace, { nullable: true, deleteRule: 'restrict' })
  marketplace?: Marketplace | null;

  @Property({ type: 'datetime', columnType: 'timestamptz', defaultRaw: 'now()' })
  createdAt: Date = new Date();
}
