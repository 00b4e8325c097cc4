import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A tenant's RabbitMQ vhost and user. `status` is `provisioned`, or `skipped: <reason>` when
 * the management API was switched off or unreachable at creation: recorded, never silent.
 */
@Entity({ name: 'tenant_rabbitmq' })
export class TenantRabbitmqEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId: string;

  @Column({ type: 'text' })
  vhost: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text', nullable: true })
  password: string | null;

  @Column({ type: 'text' })
  status: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
