#!/usr/bin/env node
// npm run schema:check: the schema.graphql of the working tree against the committed one it
// replaces, with graphql-inspector's diff. A change a deployed client could break on (a field
// removed, an argument made required, a type changed) fails CI; additions pass.
//
// The earlier schema is read from git at SCHEMA_BASE_REF when set (CI for a pull request: the
// target branch); otherwise from where this branch left main; on main itself, from the commit before.
// A deliberate break: ALLOW_BREAKING_SCHEMA_CHANGES=true, a new major version and a CHANGELOG entry.
'use strict';
const { execFileSync } = require('node:child_process');
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { buildSchema } = require('graphql');
const { diff, CriticalityLevel } = require('@graphql-inspector/core');

/** The breaking changes from `before` to `after` (two SDL texts), each as one readable line. */
async function breakingChanges(before, after) {
  const changes = await diff(buildSchema(before), buildSchema(after));
  return changes.filter((change) => change.criticality.level === CriticalityLevel.Breaking).map((change) => `${change.path ?? ''}: ${change.message}`);
}

function git(args) {
  return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
}

function baseRef() {
  if (process.env.SCHEMA_BASE_REF) return process.env.SCHEMA_BASE_REF;
  const head = git(['rev-parse', 'HEAD']);
  try {
    const forkPoint = git(['merge-base', 'HEAD', 'main']);
    if (forkPoint !== head) return forkPoint;
  } catch {
    // no local main (a shallow CI clone): fall back to the previous commit
  }
  return 'HEAD~1';
}

async function main() {
  const root = path.join(__dirname, '..');
  const after = readFileSync(path.join(root, 'schema.graphql'), 'utf8');
  let ref;
  let before;
  try {
    ref = baseRef();
    before = git(['show', `${ref}:schema.graphql`]);
  } catch {
    console.log('schema:check: no earlier schema.graphql in git to compare with; nothing to check.');
    return;
  }
  const breaking = await breakingChanges(before, after);
  if (breaking.length === 0) {
    console.log(`schema:check: no breaking change against ${ref}.`);
    return;
  }
  console.log(`schema:check: ${breaking.length} breaking change(s) against ${ref}:\n  ${breaking.join('\n  ')}`);
  if (process.env.ALLOW_BREAKING_SCHEMA_CHANGES === 'true') {
    console.log('schema:check: allowed by ALLOW_BREAKING_SCHEMA_CHANGES=true.');
    return;
  }
  process.exitCode = 1;
}

module.exports = { breakingChanges };
if (require.main === module) {
  main().catch((error) => {
    console.error(`schema:check failed: ${error.message}`);
    process.exitCode = 1;
  });
}
