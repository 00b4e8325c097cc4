import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MappedFields } from '@finplat/reporter-engine';
import type { OutputFormat } from '@finplat/reporter-domain';

@Entity({ name: 'templates' })
export class TemplateEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'output_format', type: 'text' })
  outputFormat: OutputFormat;

  @Column({ type: 'text' })
  description: string;

  @Column({ name: 'filename', type: 'text' })
  fileName: string;

  /** The template text as uploaded (UTF-8). */
  @Column({ type: 'text' })
  content: string;

  @Column({ name: 'mapped_fields', type: 'jsonb' })
  mappedFields: MappedFields;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
