/** `npm run schema:print`: rewrites schema.graphql from the code. Runs compiled, from dist/src/cli. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printGraphQLSchema } from '../graphql/schema';

writeFileSync(path.resolve(__dirname, '../../../schema.graphql'), printGraphQLSchema());
console.log('schema.graphql written');
