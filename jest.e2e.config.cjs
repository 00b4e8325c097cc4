// Every end-to-end suite: per-app (in-process, real PostgreSQL) and platform-wide
// (built apps as processes, real tenant-manager). Run in band: they share one database server.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.e2e.config.cjs'],
  // testTimeout is a global option: projects' own values are ignored in a multi-project run.
  testTimeout: 120000,
  // So are reporters: the ledger's contract coverage table (apps/ledger/test/support).
  reporters: ['default', require('./apps/ledger/test/support/contract-coverage.cjs')],
};
