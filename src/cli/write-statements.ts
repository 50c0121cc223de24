/**
 * `npm run statements:write`: rewrites src/customers/customer-statements.generated.ts from
 * the entity (run it after changing CustomerRow or a statement builder). Runs compiled,
 * from dist/src/cli.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { compileCustomerStatements, renderStatementsModule } from '../customers/customer-statements';

writeFileSync(path.resolve(__dirname, '../../../src/customers/customer-statements.generated.ts'), renderStatementsModule(compileCustomerStatements()));
console.log('src/customers/customer-statements.generated.ts written');
