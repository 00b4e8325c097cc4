export * from './lib/reporter.errors';
export * from './lib/output-format';
export * from './lib/day-window';
