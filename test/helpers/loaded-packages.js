// Preloaded into a service process by start-footprint.test.ts: on exit, writes to stderr one
// line naming every package under node_modules the process had loaded.
'use strict';
const { writeSync } = require('node:fs');

process.once('exit', () => {
  const packages = new Set();
  for (const file of Object.keys(require.cache)) {
    const at = file.lastIndexOf('/node_modules/');
    if (at < 0) continue;
    const parts = file.slice(at + '/node_modules/'.length).split('/');
    packages.add(parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]);
  }
  writeSync(2, `loaded packages: ${[...packages].sort().join(' ')}\n`);
});
