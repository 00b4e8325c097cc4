import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LifecycleStatus as RuleStatus, Scope } from '@finplat/tracer-domain';

export const RULE_ACTIONS = ['ALLOW', 'DENY', 'REVIEW'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

@Entity({ name: 'rules' })
export class RuleEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  @Column({ type: 'text' })
  expression: string;

  @Column({ type: 'text' })
  action: RuleAction;

  @Column({ type: 'jsonb' })
  scopes: Scope[];

  @Column({ type: 'text' })
  status: RuleStatus;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
