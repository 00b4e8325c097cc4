#!/usr/bin/env node
// Checks that the Node versions package.json's `engines.node` admits are admitted by every
// installed package too (the lock file records each one's `engines`), and that the Node
// running this satisfies it: then `npm ci` prints no EBADENGINE warning on a supported Node.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');
const semver = createRequire(import.meta.url)('semver');
const ours = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')).engines?.node;
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8'));

const problems = [];
if (!ours || !semver.validRange(ours)) problems.push(`package.json engines.node is "${ours}"`);
else if (!semver.satisfies(process.version, ours))
  problems.push(`this Node (${process.version}) is outside engines.node "${ours}"`);
for (const [path, entry] of Object.entries(lock.packages ?? {})) {
  const theirs = entry.engines?.node;
  if (!path || !theirs || !ours) continue;
  if (!semver.subset(ours, theirs, { includePrerelease: false }))
    problems.push(
      `${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node "${theirs}"`,
    );
}
if (problems.length > 0) {
  process.stderr.write(`engines.node "${ours}" does not match the dependencies:\n`);
  for (const problem of problems) process.stderr.write(`  ${problem}\n`);
  process.exit(1);
}
process.stdout.write(`engines.node "${ours}" is admitted by every locked package\n`);
