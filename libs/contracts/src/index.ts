export * from './lib/tenant-connections';
export * from './lib/tenant-events';
export * from './lib/ledger-events';
export * from './lib/tracer-reservations';
export * from './lib/tracer-events';
