#!/usr/bin/env node
// npm run dev: tsc rebuilds dist/ on every save, and Node's own --watch restarts the service
// when the compiled files change. Two plain processes, no extra dependency; the service's
// SIGTERM handler drains and stops the embedded PostgreSQL between restarts.
'use strict';
const { spawn } = require('node:child_process');

const tsc = require.resolve('typescript/bin/tsc');
const watcher = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--watch', '--preserveWatchOutput'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});

let service;
watcher.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  // Start only after the first compile, so the service never runs a half-written dist/.
  if (!service && /Watching for file changes/.test(chunk.toString())) {
    service = spawn(process.execPath, ['--watch', '--watch-preserve-output', 'dist/src/main.js'], { stdio: 'inherit' });
    service.once('exit', (code) => stop(code ?? 0));
  }
});
watcher.once('exit', (code) => stop(code ?? 1));

let stopping = false;
function stop(code) {
  if (stopping) return;
  stopping = true;
  watcher.kill('SIGTERM');
  if (service && service.exitCode === null) {
    service.once('exit', () => process.exit(code));
    service.kill('SIGTERM');
  } else {
    process.exit(code);
  }
}
// Ctrl+C reaches every process of the group; wait for the service to drain, then leave.
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
