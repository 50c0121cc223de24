import { seedDemoTenant } from '../../src/tenancy/demo-tenant';
import { TenancyAdmin } from '../../src/tenancy/tenancy-admin';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let database: TestDatabase;
beforeEach(async () => {
  database = await createTestDatabase();
});
afterEach(() => database.drop());

describe('the demo tenant of a development database', () => {
  it('is created, with one secret of each kind, on a database with no merchant', async () => {
    const demo = await seedDemoTenant((await database.db.orm()).em);
    expect(demo).toMatchObject({ merchantId: expect.stringMatching(/^mcht_/), marketplaceId: expect.stringMatching(/^mktp_/) });
    expect(demo!.merchantSecret).toMatch(/^sandbox_sk_/);
    expect(demo!.marketplaceKey).toMatch(/^sandbox_api_/);
  });

  it('is found again, without secrets, on the next start', async () => {
    const first = await seedDemoTenant((await database.db.orm()).em);
    const again = await seedDemoTenant((await database.db.orm()).em);
    expect(again).toEqual({ merchantId: first!.merchantId, marketplaceId: first!.marketplaceId });
  });

  it('is never added to a database that already has merchants', async () => {
    await new TenancyAdmin((await database.db.orm()).em).createMerchant('Real Shop');
    expect(await seedDemoTenant((await database.db.orm()).em)).toBeUndefined();
    expect(await (await database.db.orm()).em.fork().getConnection().execute('SELECT name FROM merchants')).toEqual([{ name: 'Real Shop' }]);
  });
});
