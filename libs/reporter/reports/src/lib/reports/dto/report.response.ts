import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REPORT_STATUSES, type ReportRecord, type ReportStatus } from '../report.repository';

/** A report as Reporter's API shows it. */
export class ReportResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  templateId: string;

  @ApiProperty({ enum: REPORT_STATUSES, example: 'Processing' })
  status: ReportStatus;

  @ApiProperty({ type: 'object', additionalProperties: true })
  filters: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'error (the reason of an Error), attempts, lastError, size',
  })
  metadata: Record<string, unknown>;

  @ApiPropertyOptional({ nullable: true })
  completedAt: string | null;

  @ApiProperty()
  createdAt: string;

  @ApiProperty()
  updatedAt: string;
}

export class ReportPageResponse {
  @ApiProperty({ type: [ReportResponse] })
  items: ReportResponse[];

  @ApiProperty({ example: 1 })
  page: number;

  @ApiProperty({ example: 10 })
  limit: number;

  @ApiProperty({ example: 1 })
  total: number;
}

export const toReportResponse = (report: ReportRecord): ReportResponse => ({
  id: report.id,
  templateId: report.templateId,
  status: report.status,
  filters: report.filters,
  metadata: report.metadata,
  completedAt: report.completedAt?.toISOString() ?? null,
  createdAt: report.createdAt.toISOString(),
  updatedAt: report.updatedAt.toISOString(),
});
