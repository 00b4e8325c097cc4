import { defineErrors } from './domain-error';

/**
 * Failures shared by every app. Codes follow Midaz's registry where Midaz has the same
 * failure, so a client of Midaz handles ours unchanged.
 */
export const PlatformErrors = defineErrors({
  ENTITY_NOT_FOUND: { code: '0007', title: 'Entity Not Found', kind: 'not-found' },
  MISSING_FIELDS: { code: '0009', title: 'Missing Fields in Request', kind: 'validation' },
  TOKEN_MISSING: { code: '0041', title: 'Token Missing', kind: 'unauthenticated' },
  TOKEN_INVALID: { code: '0042', title: 'Invalid Token', kind: 'unauthenticated' },
  INSUFFICIENT_PRIVILEGES: { code: '0043', title: 'Insufficient Privileges', kind: 'forbidden' },
  INTERNAL: { code: '0046', title: 'Internal Server Error', kind: 'internal' },
  BAD_REQUEST: { code: '0047', title: 'Bad Request', kind: 'validation' },
  UNEXPECTED_FIELDS: {
    code: '0053',
    title: 'Unexpected Fields in the Request',
    kind: 'validation',
  },
  INVALID_PATH_PARAMETER: { code: '0065', title: 'Invalid Path Parameter', kind: 'validation' },
  INVALID_QUERY_PARAMETER: { code: '0082', title: 'Invalid Query Parameter', kind: 'validation' },
  INVALID_REQUEST_BODY: { code: '0094', title: 'Invalid Request Body', kind: 'validation' },
  PAYLOAD_TOO_LARGE: { code: '0143', title: 'Payload Too Large', kind: 'too-large' },
  TENANT_SUSPENDED: { code: '0159', title: 'Tenant Suspended', kind: 'forbidden' },
  TENANT_NOT_FOUND: { code: '0160', title: 'Tenant Not Found', kind: 'not-found' },
  TENANT_UNAVAILABLE: { code: '0161', title: 'Tenant Service Unavailable', kind: 'unavailable' },
  /**
   * PostgreSQL, Redis or RabbitMQ unreachable or refusing: nothing written, retry is safe.
   * Midaz's 0095 (broker unavailable / persistence failed), the same failure for its clients.
   */
  DEPENDENCY_UNAVAILABLE: {
    code: '0095',
    title: 'Dependency Unavailable',
    kind: 'unavailable',
  },
  /** Every tenant pool busy past MULTI_TENANT_POOL_WAIT_TIMEOUT_SEC: nothing written, retry. */
  TENANT_POOLS_BUSY: { code: '0095', title: 'Tenant Pools Busy', kind: 'unavailable' },
  // Midaz answers the router's own failures with these two codes as well.
  ROUTE_NOT_FOUND: { code: '0484', title: 'Route Not Found', kind: 'not-found' },
  METHOD_NOT_ALLOWED: { code: '0485', title: 'Method Not Allowed', kind: 'method-not-allowed' },
});
