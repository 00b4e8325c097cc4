import { Injectable } from '@nestjs/common';

/**
 * Tells the outbox relay that a tenant just committed events (OutboxWriter.committed), so
 * they go out now rather than at the next poll. Also how the relay learns which tenants this
 * instance serves. One per app (OutboxModule provides it).
 */
@Injectable()
export class OutboxSignal {
  private readonly listeners = new Set<(tenantId: string) => void>();

  notify(tenantId: string): void {
    for (const listener of this.listeners) listener(tenantId);
  }

  subscribe(listener: (tenantId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
