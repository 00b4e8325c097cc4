import { ConfigError, type RunMode } from '@finplat/platform';

/**
 * Start-up check of an app that publishes through OutboxModule. A worker follows the tenants
 * whose writes its own process committed (OutboxWriter nudges) plus the single tenant, which
 * it always polls: a multi-tenant worker would never learn which tenants have events, and an
 * api instance's events would wait forever. So split instances are single-tenant only
 * (decision 0017).
 */
export function checkOutboxRunMode(config: {
  runMode: RunMode;
  tenancy: { multiTenant: boolean };
}): void {
  if (config.runMode === 'all' || !config.tenancy.multiTenant) return;
  throw new ConfigError([
    `RUN_MODE: ${config.runMode} is not supported with MULTI_TENANT_ENABLED=true yet (a worker would not learn which tenants have events to relay); use RUN_MODE=all`,
  ]);
}
