import { Injectable } from '@nestjs/common';
import { TenantContext } from './tenant-context';
import { TenantConnectionsSource } from './tenant-connections.source';

/**
 * Runs work outside an HTTP request (a queue consumer, a scheduled job) as one tenant,
 * resolving where that tenant lives exactly as a request would.
 */
@Injectable()
export class TenantRunner {
  constructor(private readonly source: TenantConnectionsSource) {}

  async run<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const connections = await this.source.get(tenantId);
    return TenantContext.run({ tenantId, connections }, work);
  }
}
