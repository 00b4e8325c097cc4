// `npm run soak`: the fault suite (apps/platform-e2e/soak), outside the CI e2e run's testMatch.
module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'platform-soak',
  rootDir: __dirname,
  testMatch: ['<rootDir>/soak/**/*.e2e-spec.ts'],
  testTimeout: 120000,
  // The suite spawns and kills servers and apps; a socket of a killed one must not hold the run.
  forceExit: true,
};
