import { TenantContext, type TenantScope } from '@finplat/tenancy';
import {
  GroupCommit,
  type GroupCommitOptions,
  type ItemFootprint,
  type Settled,
} from './group-commit';

interface Queued<I> {
  scope: TenantScope;
  item: I;
}

/**
 * Group commit per tenant placement. An item is submitted in a tenant context and queues in
 * that tenant's lane (its database or schema: the scope's connections), and each batch is
 * written inside the tenant context of its lane, so that `TenantDb` reaches that tenant's
 * database, schema and role and no other. What a caller would otherwise repeat around every
 * GroupCommit it keys by tenant (postings, consumed events, validations…).
 */
export class TenantGroupCommit<I, O> {
  private readonly group: GroupCommit<Queued<I>, O>;

  constructor(run: (items: I[]) => Promise<Settled<O>[]>, options: GroupCommitOptions) {
    this.group = new GroupCommit(
      (queued) => TenantContext.run(queued[0].scope, () => run(queued.map((q) => q.item))),
      options,
    );
  }

  /** Queues an item for the current tenant; resolves with its own outcome. */
  submit(item: I, footprint?: ItemFootprint): Promise<O> {
    const scope = TenantContext.current();
    return this.group.submit(scope.connections, { scope, item }, footprint);
  }

  /** Lanes with work queued or in flight (for tests and metrics). */
  get activeLanes(): number {
    return this.group.activeLanes;
  }
}
