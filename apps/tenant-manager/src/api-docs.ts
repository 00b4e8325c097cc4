import type { ApiDocsOptions } from '@finplat/platform';

export const TENANT_MANAGER_API_DOCS: ApiDocsOptions = {
  title: 'Tenant manager',
  description:
    'Tenant registry and provisioning (databases, schemas, roles, RabbitMQ vhosts), connection settings for services, machine clients, access tokens and JWKS; per-tenant SCHEMA to DATABASE promotion, backups, restore and credential rotation. Admin routes take X-Admin-Key; the connections route takes X-API-Key.',
  version: '1.0.0',
};
