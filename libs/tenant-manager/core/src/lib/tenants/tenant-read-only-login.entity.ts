import { Entity } from 'typeorm';
import { TenantPlacementColumns } from './tenant-placement.columns';

/**
 * A tenant's read-only login on another service's data (decision 0033): today the one login
 * reporter reads the tenant's ledger database or schema through. It may SELECT that service's
 * tables of that tenant and nothing else; its placement follows the service it reads (a
 * promotion of the ledger moves it along). `service` is the service whose data it reads.
 */
@Entity({ name: 'tenant_read_only_logins' })
export class TenantReadOnlyLoginEntity extends TenantPlacementColumns {}
