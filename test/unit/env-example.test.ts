import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config';

const ROOT = path.join(__dirname, '../..');

/** The variable names src/config.ts reads: `env.NAME` or `(env, 'NAME', …)`. */
function variablesReadByConfig(): string[] {
  const source = readFileSync(path.join(ROOT, 'src/config.ts'), 'utf8');
  const names = [...source.matchAll(/\benv\.([A-Z][A-Z0-9_]*)|\benv, '([A-Z][A-Z0-9_]*)'/g)].map((match) => match[1] ?? match[2]!);
  return [...new Set(names)].sort();
}

function envExample(): string {
  return readFileSync(path.join(ROOT, '.env.example'), 'utf8');
}

/** Names set or shown commented out (`# NAME=`) in .env.example. */
function variablesInEnvExample(): Set<string> {
  return new Set([...envExample().matchAll(/^#? ?([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]!));
}

describe('.env.example', () => {
  it('lists every variable the configuration reads', () => {
    const read = variablesReadByConfig();
    expect(read.length).toBeGreaterThan(10);
    const listed = variablesInEnvExample();
    expect(read.filter((name) => !listed.has(name))).toEqual([]);
  });

  it('shows the defaults: loading the file as it stands changes nothing', () => {
    const values = Object.fromEntries([...envExample().matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((match) => [match[1]!, match[2]!]));
    expect(loadConfig(values)).toEqual(loadConfig({}));
  });
});
