/** `npm run schema:print`: rewrites schema.graphql from the code. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printGraphQLSchema } from './schema';

const target = path.resolve(__dirname, '../../..', 'schema.graphql');
writeFileSync(path.basename(path.dirname(target)) === 'dist' ? path.resolve('schema.graphql') : target, printGraphQLSchema());
console.log('schema.graphql written');
