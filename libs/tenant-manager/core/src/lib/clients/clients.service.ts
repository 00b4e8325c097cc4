import { Injectable } from '@nestjs/common';
import { newId } from '@finplat/platform';
import { DataSource } from 'typeorm';
import { tenantNotFound } from '../tenant-manager.errors';
import { TenantEntity } from '../tenants/tenant.entity';
import { requireTenantExists } from '../tenants/tenant.repository';
import { ClientEntity } from './client.entity';
import { generateClientSecret, hashClientSecret, verifyClientSecret } from './client-secret';
import type { CreatedClientResponse } from './dto/create-client.dto';

export interface AuthenticatedClient {
  clientId: string;
  tenantId: string;
  tenantStatus: TenantEntity['status'];
}

@Injectable()
export class ClientsService {
  /** Compared against when the client id is unknown, so that both paths cost one scrypt. */
  private readonly decoyHash = hashClientSecret(generateClientSecret());

  constructor(private readonly dataSource: DataSource) {}

  async create(tenantId: string, name: string): Promise<CreatedClientResponse> {
    await requireTenantExists(this.dataSource.manager, tenantId);
    const clientSecret = generateClientSecret();
    const client: ClientEntity = {
      clientId: newId(),
      tenantId,
      name,
      secretHash: await hashClientSecret(clientSecret),
      createdAt: new Date(),
    };
    try {
      await this.dataSource.manager.insert(ClientEntity, client);
    } catch (error) {
      // The tenant was deleted in between (foreign key).
      if ((error as { driverError?: { code?: string } }).driverError?.code === '23503')
        throw tenantNotFound(tenantId);
      throw error;
    }
    return { clientId: client.clientId, clientSecret };
  }

  /** The client's tenant when the secret matches; undefined otherwise (unknown id or wrong secret). */
  async authenticate(
    clientId: string,
    clientSecret: string,
  ): Promise<AuthenticatedClient | undefined> {
    const row = await this.dataSource.manager
      .createQueryBuilder(ClientEntity, 'c')
      .innerJoin(TenantEntity, 't', 't.id = c.tenant_id')
      .select([
        'c.client_id AS "clientId"',
        'c.tenant_id AS "tenantId"',
        'c.secret_hash AS "secretHash"',
        't.status AS "tenantStatus"',
      ])
      .where('c.client_id = :clientId', { clientId })
      .getRawOne<{
        clientId: string;
        tenantId: string;
        secretHash: string;
        tenantStatus: TenantEntity['status'];
      }>();
    const valid = await verifyClientSecret(clientSecret, row?.secretHash ?? (await this.decoyHash));
    if (!row || !valid) return undefined;
    return { clientId: row.clientId, tenantId: row.tenantId, tenantStatus: row.tenantStatus };
  }
}
