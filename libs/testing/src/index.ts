export * from './lib/test-database';
export * from './lib/boot-app';
export * from './lib/private-postgres';
export * from './lib/contract/openapi-contract';
export * from './lib/contract/response-recorder';
export * from './lib/contract/conformance';
export * from './lib/tenant-manager-gateways';
export * from './lib/rabbitmq';
