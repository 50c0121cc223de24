import type { SqlRunner } from '../database/sql-runner';
import type { RequestObservation } from '../observability/request-observation';
import type { ActingMerchant, ReadScope } from '../tenancy/merchant-access';

export interface GraphQLContext {
  /** Where the customer use cases run: the resolvers call them with it. */
  readonly db: SqlRunner;
  readonly tracer: string;
  /** Resolved on first use, once per request: introspection needs no credential. */
  actingMerchant(): Promise<ActingMerchant>;
  /** For listings: a marketplace key without Merchant-Id may read across its marketplace. */
  readScope(): Promise<ReadScope>;
  /** What the request's log line and metrics learn from GraphQL: the operation, the upsert's outcome. */
  readonly observation: RequestObservation;
}
