import { Arg, Args, ArgsType, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Customer, UpsertCustomerCommand } from '../customers/customer';
import { AppError } from '../errors/app-error';
import type { GraphQLContext } from './context';
import { decodeCursor, encodeCursor } from './cursor';
import { CustomerInput } from './customer.inputs';
import { CustomerConnection, CustomerType, UpsertCustomerPayload } from './customer.types';

const MAX_PAGE = 100;

@ArgsType()
class CustomersArgs {
  @Field(() => Int, { defaultValue: 20, description: `1 to ${MAX_PAGE}.` })
  first!: number;

  @Field(() => String, { nullable: true, description: 'A cursor from pageInfo.endCursor.' })
  after?: string | null;

  @Field(() => String, { nullable: true, description: 'Case-insensitive, after trimming.' })
  emailAddress?: string | null;

  @Field(() => String, { nullable: true })
  referenceCustomerId?: string | null;
}

/** @oneOf has already guaranteed exactly one member. Spreading keeps absent fields absent. */
function toCommand(input: CustomerInput): UpsertCustomerCommand {
  return input.consumer ? { kind: 'consumer', ...input.consumer } : { kind: 'organisation', ...input.organisation! };
}

@Resolver()
export class CustomerResolver {
  @Mutation(() => UpsertCustomerPayload, {
    description: 'Create the customer, or update the one with the same business key.',
  })
  async upsertCustomer(
    @Arg('input', () => CustomerInput) input: CustomerInput,
    @Ctx() context: GraphQLContext,
  ): Promise<UpsertCustomerPayload> {
    const { merchantId } = await context.actingMerchant();
    const { outcome, customer } = await context.customers.upsert(merchantId, toCommand(input));
    return { customerId: customer.customerId, merchantId, outcome, customer };
  }

  @Query(() => CustomerType, { nullable: true, description: "One of the acting merchant's customers, or null." })
  async customer(
    @Arg('customerId', () => ID) customerId: string,
    @Ctx() context: GraphQLContext,
  ): Promise<Customer | null> {
    const { merchantId } = await context.actingMerchant();
    return context.customers.find(merchantId, customerId);
  }

  @Query(() => CustomerConnection, { description: "The acting merchant's customers, oldest first." })
  async customers(@Args(() => CustomersArgs) args: CustomersArgs, @Ctx() context: GraphQLContext): Promise<CustomerConnection> {
    if (!Number.isInteger(args.first) || args.first < 1 || args.first > MAX_PAGE) {
      throw new AppError('validation_failed', `first must be from 1 to ${MAX_PAGE}.`, [
        { field: 'first', message: `must be from 1 to ${MAX_PAGE}` },
      ]);
    }
    const after = args.after ? decodeCursor(args.after) : null;
    const { merchantId } = await context.actingMerchant();
    const page = await context.customers.list(merchantId, args, args.first, after);
    const edges = page.customers.map(({ customer, cursor }) => ({ node: customer, cursor: encodeCursor(cursor) }));
    return { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }
}
