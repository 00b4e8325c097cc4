import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The operation routes a transaction may use (links in transaction_route_operation_route). */
@Entity({ name: 'transaction_route' })
export class TransactionRouteEntity {
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId: string;
  @Column({ name: 'ledger_id', type: 'uuid' }) ledgerId: string;
  @Column({ type: 'text' }) title: string;
  @Column({ type: 'text', nullable: true }) description: string | null;
  @Column({ type: 'jsonb' }) metadata: Record<string, string | number | boolean | null>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true }) deletedAt: Date | null;
}
