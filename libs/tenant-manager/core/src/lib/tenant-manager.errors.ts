import { DomainError, defineErrors, PlatformErrors } from '@finplat/platform';
import { TENANT_ID_PATTERN } from '@finplat/contracts';

/**
 * Tenant-manager's own failures. Codes are stable and documented; where the platform already
 * has a code for the same failure (tenant not found 0160, suspended 0159, bad body 0047...)
 * that code is used instead (see PlatformErrors).
 */
export const TenantManagerErrors = defineErrors({
  INVALID_TENANT_ID: { code: 'TM-0001', title: 'Invalid Tenant Id', kind: 'validation' },
  RESERVED_TENANT_ID: { code: 'TM-0002', title: 'Reserved Tenant Id', kind: 'validation' },
  TENANT_ALREADY_EXISTS: { code: 'TM-0003', title: 'Tenant Already Exists', kind: 'conflict' },
  UNKNOWN_SERVICE: { code: 'TM-0004', title: 'Unknown Service', kind: 'not-found' },
  PROVISIONING_CONFLICT: { code: 'TM-0005', title: 'Provisioning Conflict', kind: 'conflict' },
  PROVISIONING_UNAVAILABLE: {
    code: 'TM-0006',
    title: 'Provisioning Unavailable',
    kind: 'unavailable',
  },
  API_KEY_MISSING: { code: 'TM-0007', title: 'API Key Missing', kind: 'unauthenticated' },
  API_KEY_INVALID: { code: 'TM-0008', title: 'Invalid API Key', kind: 'unauthenticated' },
  INVALID_CLIENT: { code: 'TM-0009', title: 'Invalid Client', kind: 'unauthenticated' },
  UNSUPPORTED_GRANT_TYPE: { code: 'TM-0010', title: 'Unsupported Grant Type', kind: 'validation' },
  INVALID_TOKEN_REQUEST: { code: 'TM-0011', title: 'Invalid Token Request', kind: 'validation' },
  UNKNOWN_PLACEMENT_TARGET: {
    code: 'TM-0012',
    title: 'Unknown Placement Target',
    kind: 'validation',
  },
  ALREADY_DATABASE: { code: 'TM-0013', title: 'Already In Database Mode', kind: 'conflict' },
  BACKUP_NOT_FOUND: { code: 'TM-0014', title: 'Backup Not Found', kind: 'not-found' },
  TENANT_MOVING: { code: 'TM-0015', title: 'Tenant Data Being Moved', kind: 'unavailable' },
  DATA_OPERATION_REFUSED: { code: 'TM-0016', title: 'Data Operation Refused', kind: 'business' },
  TENANT_BUSY: { code: 'TM-0017', title: 'Tenant Lifecycle In Progress', kind: 'conflict' },
  TENANT_NOT_READY: { code: 'TM-0018', title: 'Tenant Not Ready', kind: 'unavailable' },
  TENANT_ID_TAKEN: {
    code: 'TM-0019',
    title: 'Tenant Id Taken By Another Deployment',
    kind: 'conflict',
  },
});

export const invalidTenantId = (id: unknown) =>
  new DomainError(
    TenantManagerErrors.INVALID_TENANT_ID,
    `The tenant id ${JSON.stringify(id)} is not valid: it must match ${TENANT_ID_PATTERN.source}.`,
    { fields: { id: `must match ${TENANT_ID_PATTERN.source}` } },
  );

export const reservedTenantId = (id: string) =>
  new DomainError(
    TenantManagerErrors.RESERVED_TENANT_ID,
    `The tenant id "${id}" is reserved: it would collide with the names of shared objects.`,
    { fields: { id: 'is reserved' } },
  );

export const tenantAlreadyExists = (id: string) =>
  new DomainError(
    TenantManagerErrors.TENANT_ALREADY_EXISTS,
    `A tenant with id "${id}" already exists.`,
    {
      entityType: 'Tenant',
    },
  );

export const tenantNotFound = (id: string) =>
  new DomainError(PlatformErrors.TENANT_NOT_FOUND, `Tenant "${id}" does not exist.`, {
    entityType: 'Tenant',
  });

export const tenantSuspended = (id: string) =>
  new DomainError(PlatformErrors.TENANT_SUSPENDED, `Tenant "${id}" is suspended.`, {
    entityType: 'Tenant',
  });

export const unknownService = (service: string) =>
  new DomainError(
    TenantManagerErrors.UNKNOWN_SERVICE,
    `Unknown service ${JSON.stringify(service)}: expected ledger, tracer or reporter.`,
  );

export const provisioningConflict = (what: string) =>
  new DomainError(
    TenantManagerErrors.PROVISIONING_CONFLICT,
    `Provisioning stopped: ${what} already exists. Nothing was left behind; remove the existing object or choose another tenant id.`,
  );

export const provisioningUnavailable = (reason: string) =>
  new DomainError(TenantManagerErrors.PROVISIONING_UNAVAILABLE, `Provisioning failed: ${reason}.`, {
    retryAfterSec: 5,
  });

export const unknownPlacementTarget = (target: unknown, known: string[]) =>
  new DomainError(
    TenantManagerErrors.UNKNOWN_PLACEMENT_TARGET,
    `Unknown placement target ${JSON.stringify(target)}: expected one of ${known.join(', ')} (PROVISION_PG_TARGETS).`,
    { fields: { placement: `must name one of ${known.join(', ')}` } },
  );

export const alreadyDatabase = (tenantId: string, service: string) =>
  new DomainError(
    TenantManagerErrors.ALREADY_DATABASE,
    `Tenant "${tenantId}" already has a dedicated ${service} database.`,
    { entityType: 'TenantAssociation' },
  );

export const backupNotFound = (backupId: string) =>
  new DomainError(TenantManagerErrors.BACKUP_NOT_FOUND, `Backup "${backupId}" does not exist.`, {
    entityType: 'TenantBackup',
  });

/** The association is being moved or restored: services get 503 and retry. */
export const tenantMoving = (tenantId: string, service: string) =>
  new DomainError(
    TenantManagerErrors.TENANT_MOVING,
    `Tenant "${tenantId}" ${service} data is being moved or restored; retry shortly.`,
    { retryAfterSec: 2 },
  );

export const dataOperationRefused = (reason: string) =>
  new DomainError(TenantManagerErrors.DATA_OPERATION_REFUSED, reason);

/** Another lifecycle run holds the tenant, or its status is not one an admin may change. */
export const tenantBusy = (tenantId: string, status: string) =>
  new DomainError(
    TenantManagerErrors.TENANT_BUSY,
    `Tenant "${tenantId}" is ${status.replace('_', ' ')}; retry once that has finished.`,
    { entityType: 'Tenant' },
  );

/** Still being provisioned: services hold off (503 + Retry-After) and come back. */
export const tenantNotReady = (tenantId: string) =>
  new DomainError(
    TenantManagerErrors.TENANT_NOT_READY,
    `Tenant "${tenantId}" is still being provisioned; retry shortly.`,
    { retryAfterSec: 2 },
  );

/**
 * Another tenant-manager deployment sharing the server (or the broker) has a tenant of this id:
 * its objects carry that deployment's marker. Tenant ids must be unique across deployments on
 * one server (decision 0042); nothing of the other deployment's is touched.
 */
export const tenantIdTaken = (tenantId: string, what: string, deployment: string) =>
  new DomainError(
    TenantManagerErrors.TENANT_ID_TAKEN,
    `The tenant id "${tenantId}" is taken on this server by another tenant-manager deployment (${deployment}): ${what} is its. Tenant ids must be unique across the deployments sharing a PostgreSQL server and RabbitMQ; choose another id. Nothing was created, and nothing of the other deployment's was touched.`,
    { fields: { id: 'is used by another deployment on this server' } },
  );
