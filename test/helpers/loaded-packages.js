// Preloaded into a service process by start-footprint.test.ts: writes to stderr one line
// naming every package under node_modules the process had loaded when its first answer to
// POST /customers went out, and another on exit. `(bundle)` among them: dist/service.js ran.
'use strict';
const { writeSync } = require('node:fs');
const { ServerResponse } = require('node:http');

function loadedPackages() {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    if (file.endsWith('/dist/service.js')) packages.add('(bundle)');
    const at = file.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    packages.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  return [...packages].sort().join(' ');
}

const end = ServerResponse.prototype.end;
let answeredUpsert = false;
ServerResponse.prototype.end = function (...args) {
  if (!answeredUpsert && this.req && this.req.method === 'POST' && this.req.url === '/customers') {
    answeredUpsert = true;
    writeSync(2, `loaded at the first upsert's answer: ${loadedPackages()}\n`);
  }
  return end.apply(this, args);
};

process.once('exit', () => writeSync(2, `loaded packages: ${loadedPackages()}\n`));
