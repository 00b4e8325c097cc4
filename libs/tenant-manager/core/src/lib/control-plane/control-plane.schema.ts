import { ClientEntity } from '../clients/client.entity';
import { SchemaGatewayEntity } from '../provisioning/schema-gateway.entity';
import { TenantRabbitmqEntity } from '../tenants/tenant-rabbitmq.entity';
import { TenantReadOnlyLoginEntity } from '../tenants/tenant-read-only-login.entity';
import { TenantServiceEntity } from '../tenants/tenant-service.entity';
import { TenantEntity } from '../tenants/tenant.entity';
import { SigningKeyEntity } from '../tokens/signing-key.entity';
import { CreateControlPlane1764500000000 } from './migrations/1764500000000-create-control-plane';
import { TenantBackups1764900000000 } from './migrations/1764900000000-tenant-backups';
import { TenantLifecycle1765300000000 } from './migrations/1765300000000-tenant-lifecycle';
import { ReadOnlyLogins1765700000000 } from './migrations/1765700000000-read-only-logins';

export const CONTROL_PLANE_ENTITIES = [
  TenantEntity,
  TenantServiceEntity,
  TenantRabbitmqEntity,
  TenantReadOnlyLoginEntity,
  SchemaGatewayEntity,
  ClientEntity,
  SigningKeyEntity,
];

/** The control plane's schema, in order. */
export const CONTROL_PLANE_MIGRATIONS = [
  CreateControlPlane1764500000000,
  TenantBackups1764900000000,
  TenantLifecycle1765300000000,
  ReadOnlyLogins1765700000000,
];

export const CONTROL_PLANE_MIGRATIONS_TABLE = 'typeorm_migrations';
