export * from './lib/reporter.errors';
export * from './lib/output-format';
