export * from './lib/broker-url';
export * from './lib/topology';
export * from './lib/tenant-brokers';
export * from './lib/confirm-publish';
export * from './lib/tenant-publishers';
export * from './lib/tenant-subscriptions';
