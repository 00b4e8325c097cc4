// Every unit suite (libs/*, colocated *.spec.ts) in one Jest run.
module.exports = {
  projects: ['<rootDir>/libs/**/jest.config.cjs'],
};
