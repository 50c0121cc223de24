// Summarises a V8 .cpuprofile (node --cpu-prof) by where self time goes: a package under
// node_modules, a folder of the service's own code, a Node built-in module, or V8's own
// buckets (GC, idle, program) and native calls (writev and the like). Used by
// `BENCH_PROFILE=REST npm run bench` and runnable on its own: node bench/cpu-profile.js FILE.
'use strict';
const { readFileSync } = require('node:fs');

function category(frame) {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : `native ${functionName || '(anonymous)'}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const own = /\/dist\/src\/([^/]+)\//.exec(url) ?? /\/dist\/src\/([^/]+)$/.exec(url);
  if (own) return `service ${own[1].replace(/\.js$/, '')}`;
  if (url.startsWith('node:')) return url;
  return url.split('/').slice(-2).join('/');
}

/** Self time per category and per function, as shares of all samples. */
function summarize(file, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const hits = new Map();
  for (const id of profile.samples) hits.set(id, (hits.get(id) ?? 0) + 1);
  const total = profile.samples.length;
  const categories = new Map();
  const functions = new Map();
  for (const [id, count] of hits) {
    const frame = byId.get(id).callFrame;
    const cat = category(frame);
    categories.set(cat, (categories.get(cat) ?? 0) + count);
    const name = `${frame.functionName || '(anonymous)'} ${cat}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + count);
  }
  const rows = (map) => [...map].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, count]) => `${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}`);
  const busy = total - (categories.get('(idle)') ?? 0);
  return [`${total} samples, ${((100 * busy) / total).toFixed(1)}% busy`, 'self time by package or folder:', ...rows(categories), 'self time by function:', ...rows(functions)].join('\n');
}

module.exports = { summarize };

if (require.main === module) console.log(summarize(process.argv[2], Number(process.argv[3] ?? 25)));
