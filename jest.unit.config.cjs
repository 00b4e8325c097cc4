// Every unit suite (libs/*, colocated *.spec.ts) in one Jest run.
module.exports = {
  projects: ['<rootDir>/libs/**/jest.config.cjs'],
  // A global option (projects' own values are ignored in a multi-project run). Some unit suites
  // generate RSA keys or open a real PostgreSQL database in their hooks; on a loaded 2-core
  // machine Jest's 5 s default fails them for being slow, not wrong.
  testTimeout: 30000,
};
