import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** A folder of src/ is one node (`http`); a file at the top of src/ is its own (`app.ts`). */
function nodeOf(file: string): string {
  const [head, ...rest] = path.relative(SRC, file).split(path.sep);
  return rest.length > 0 ? head! : head!.replace(/(\.d)?\.ts$|\.js$/, '') + '.ts';
}

/** Every relative import and re-export of src/, read from the files, as edges between nodes. */
function dependencyGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  for (const file of sourceFiles(SRC)) {
    const from = nodeOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import|require\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = path.resolve(path.dirname(file), match[1]!);
      if (!target.startsWith(SRC + path.sep)) continue;
      const to = nodeOf(target);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** A cycle as a path of nodes, or undefined when the graph has none. */
function findCycle(graph: Map<string, Set<string>>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'open') return [...trail.slice(trail.indexOf(node)), node];
    state.set(node, 'open');
    trail.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    trail.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('dependencies between the folders of src/', () => {
  const graph = dependencyGraph();

  it('reads real imports (the check would pass on an empty graph)', () => {
    expect(graph.get('graphql')).toContain('customers');
    expect(graph.get('app.ts')).toContain('http');
  });

  it('point one way: no cycle', () => {
    expect(findCycle(graph)).toBeUndefined();
  });

  it('finds a cycle when there is one', () => {
    const withCycle = new Map(graph);
    withCycle.set('errors', new Set([...(graph.get('errors') ?? []), 'rest']));
    expect(findCycle(withCycle)).toBeDefined();
  });

  it('keep the HTTP edge from knowing either door', () => {
    expect([...(graph.get('http') ?? [])].filter((to) => to === 'graphql' || to === 'rest')).toEqual([]);
  });

  it('keep the core from knowing the doors, the edge or the app', () => {
    const outside = new Set(['graphql', 'rest', 'http', 'explorers', 'app.ts', 'main.ts', 'entities.ts', 'startup', 'cli']);
    for (const core of ['errors', 'json', 'database', 'tenancy', 'customers']) {
      expect({ core, imports: [...(graph.get(core) ?? [])].filter((to) => outside.has(to)) }).toEqual({ core, imports: [] });
    }
  });
});
