export * from './lib/tenant-manager.options';
export * from './lib/tenant-manager.errors';
export * from './lib/tenant-manager.module';
export * from './lib/control-plane/control-plane.schema';
export * from './lib/provisioning/provisioning-names';
export * from './lib/tenants/tenant-id';
export * from './lib/events/tenant-events.publisher';
export * from './lib/lifecycle/tenant-reconciler.service';
