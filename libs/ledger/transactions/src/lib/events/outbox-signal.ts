import { Injectable, Module } from '@nestjs/common';

/**
 * Tells the outbox relay that a tenant just committed events, so they go out now rather
 * than at the next poll. Also how the relay learns which tenants this instance serves.
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

/** One OutboxSignal per app, shared by the posting engine and the relay. */
@Module({ providers: [OutboxSignal], exports: [OutboxSignal] })
export class OutboxSignalModule {}
