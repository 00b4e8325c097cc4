import { DomainError, PlatformErrors } from '@finplat/platform';

export const tenantNotFound = (tenantId: string) =>
  new DomainError(PlatformErrors.TENANT_NOT_FOUND, `Tenant ${tenantId} does not exist.`);

export const tenantSuspended = (tenantId: string) =>
  new DomainError(PlatformErrors.TENANT_SUSPENDED, `Tenant ${tenantId} is suspended.`);

export const tenantUnavailable = (reason: string, retryAfterSec = 5) =>
  new DomainError(
    PlatformErrors.TENANT_UNAVAILABLE,
    `Tenant settings are unavailable: ${reason}.`,
    { retryAfterSec },
  );

/** tenant-manager itself is down or failing: counted as an outage of that dependency. */
export const tenantManagerUnavailable = (reason: string, retryAfterSec = 5) => {
  const error = tenantUnavailable(reason, retryAfterSec);
  error.details['dependency'] = 'tenant-manager';
  error.details['reason'] = reason;
  return error;
};

/** Every tenant pool is busy and none freed up in time (MULTI_TENANT_MAX_TENANT_POOLS). */
export const poolsExhausted = (reason: string, retryAfterSec = 1) =>
  new DomainError(
    PlatformErrors.TENANT_POOLS_BUSY,
    `No database connection is free: ${reason}; retry.`,
    {
      retryAfterSec,
    },
  );
