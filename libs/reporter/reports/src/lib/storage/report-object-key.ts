/** Characters a tenant id may carry into an object key; anything else could escape its prefix. */
const SAFE_SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/**
 * The object key of a report's file: `<tenantId>/reports/<reportId>.<extension>`. The tenant
 * prefix keeps each tenant's files apart in a shared bucket (and lets an operator back up,
 * restore or delete one tenant's files by prefix); single-tenant it is the default tenant id.
 * Ids that are not plain path segments are refused rather than cleaned, so two tenants can
 * never map to one prefix.
 */
export function reportObjectKey(tenantId: string, reportId: string, extension: string): string {
  for (const [what, value] of [
    ['tenant id', tenantId],
    ['report id', reportId],
    ['extension', extension],
  ]) {
    if (!SAFE_SEGMENT.test(value) || value.includes('..'))
      throw new Error(`${what} "${value.slice(0, 80)}" cannot be part of an object key`);
  }
  return `${tenantId}/reports/${reportId}.${extension}`;
}
