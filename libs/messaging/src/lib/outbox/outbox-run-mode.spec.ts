import { ConfigError } from '@finplat/platform';
import { checkOutboxRunMode } from './outbox-run-mode';

describe('checkOutboxRunMode', () => {
  it('should accept every RUN_MODE single-tenant, and all multi-tenant', () => {
    for (const runMode of ['api', 'worker', 'all'] as const)
      expect(() => checkOutboxRunMode({ runMode, tenancy: { multiTenant: false } })).not.toThrow();
    expect(() =>
      checkOutboxRunMode({ runMode: 'all', tenancy: { multiTenant: true } }),
    ).not.toThrow();
  });

  it('should refuse split instances multi-tenant, naming RUN_MODE and MULTI_TENANT_ENABLED', () => {
    for (const runMode of ['api', 'worker'] as const) {
      const check = () => checkOutboxRunMode({ runMode, tenancy: { multiTenant: true } });
      expect(check).toThrow(ConfigError);
      expect(check).toThrow(`RUN_MODE: ${runMode} is not supported with MULTI_TENANT_ENABLED=true`);
    }
  });
});
