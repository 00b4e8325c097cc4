// Preloaded into an app by the tenant-scale bench (node --expose-gc --require <this file>):
// on SIGWINCH (ignored by default, and not one of the signals Nest's shutdown hooks close the app on) it runs a full garbage collection and prints one line
// `MEMORY-PROBE <n> {"rss":…,"heapUsed":…,…}` (the n-th probe; process.memoryUsage() after the
// collection) to stderr, so that what the app retains can be told from garbage it has not collected yet.
'use strict';

let probes = 0;

process.on('SIGWINCH', () => {
  probes += 1;
  if (typeof global.gc === 'function') {
    global.gc();
    global.gc();
  }
  process.stderr.write(`MEMORY-PROBE ${probes} ${JSON.stringify(process.memoryUsage())}\n`);
});
