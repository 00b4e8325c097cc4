// Every end-to-end suite: per-app (in-process, real PostgreSQL) and platform-wide
// (built apps as processes, real tenant-manager). Run in band: they share one database server.
module.exports = {
  projects: ['<rootDir>/apps/*/jest.e2e.config.cjs'],
  // testTimeout is a global option: projects' own values are ignored in a multi-project run.
  testTimeout: 120000,
};
