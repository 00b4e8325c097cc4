export * from './lib/tenant-connections';
export * from './lib/tenant-events';
