import {
  Body,
  Controller,
  Get,
  Headers,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { UuidParamPipe } from '@finplat/platform';
import type { Response } from 'express';
import { CreateReportDto } from './dto/create-report.dto';
import { ListReportsQueryDto } from './dto/list-reports-query.dto';
import { ReportPageResponse, ReportResponse } from './dto/report.response';
import { ReportsService } from './reports.service';

@ApiTags('Reports')
@ApiBearerAuth()
@Controller('v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @ApiOperation({
    summary: 'Generate a report from a template over live data (asynchronous: 201 Processing)',
  })
  @ApiHeader({
    name: 'X-Idempotency',
    required: false,
    description: 'a repeat with the same key and body answers with the first report',
  })
  @ApiCreatedResponse({ type: ReportResponse })
  async create(
    @Body() body: CreateReportDto,
    @Headers('x-idempotency') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ReportResponse> {
    const { report, replayed } = await this.reports.create(body, idempotencyKey);
    if (replayed) response.setHeader('X-Idempotency-Replayed', 'true');
    return report;
  }

  @Get()
  @ApiOperation({ summary: 'List reports (status, templateId, createdAt; page, limit)' })
  @ApiOkResponse({ type: ReportPageResponse })
  list(@Query() query: ListReportsQueryDto): Promise<ReportPageResponse> {
    return this.reports.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A report: status and metadata' })
  @ApiOkResponse({ type: ReportResponse })
  get(@Param('id', UuidParamPipe) id: string): Promise<ReportResponse> {
    return this.reports.get(id);
  }

  @Get(':id/download')
  @ApiOperation({ summary: "Download a finished report's file (content type of its format)" })
  @ApiProduces('text/html', 'text/csv', 'application/xml', 'text/plain', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiConflictResponse({ description: 'TPL-0029: the report is not Finished' })
  async download(
    @Param('id', UuidParamPipe) id: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<StreamableFile> {
    const file = await this.reports.download(id);
    response.setHeader('Content-Type', file.contentType);
    response.setHeader('Content-Length', String(file.size));
    response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    return Buffer.isBuffer(file.body)
      ? new StreamableFile(file.body)
      : new StreamableFile(file.body);
  }
}
