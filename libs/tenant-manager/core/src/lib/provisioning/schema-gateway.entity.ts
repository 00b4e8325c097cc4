import type { ServiceName } from '@finplat/contracts';
import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The login a service's shared pool uses on one SCHEMA-mode database. It owns nothing and
 * inherits nothing; it may only switch (`SET LOCAL ROLE`) to the tenant roles granted to it.
 */
@Entity({ name: 'schema_gateways' })
export class SchemaGatewayEntity {
  @PrimaryColumn({ type: 'text' })
  service: ServiceName;

  @PrimaryColumn({ type: 'text' })
  host: string;

  @PrimaryColumn({ type: 'integer' })
  port: number;

  @PrimaryColumn({ type: 'text' })
  database: string;

  @Column({ type: 'text' })
  username: string;

  @Column({ type: 'text' })
  password: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
