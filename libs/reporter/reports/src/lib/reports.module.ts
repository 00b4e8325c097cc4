import { DynamicModule, Module } from '@nestjs/common';
import { OutboxModule } from '@finplat/messaging';
import { runsWorkers } from '@finplat/platform';
import { IdempotencyRepository } from '@finplat/reporter-database';
import { TemplatesModule } from '@finplat/reporter-templates';
import { GenerateReportUseCase } from './generation/generate-report.use-case';
import { ReportJobsRepository } from './generation/report-jobs.repository';
import { ReportJobQueue } from './generation/report-job-queue';
import { PdfPrinter } from './generation/report-output';
import { ReportBrokerReadiness } from './broker/report-broker.readiness';
import { OutboxReportJobQueue, reportJobsOutbox } from './broker/report-jobs.outbox';
import { ReportWorker } from './generation/report-worker';
import { ReportRepository } from './reports/report.repository';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { jobsViaBroker, REPORTS_OPTIONS, type ReportsOptions } from './reports.options';
import { ReportFileStore } from './storage/report-file-store';
import { ReportFilesRepository } from './storage/report-files.repository';
import { ReportObjectStorage } from './storage/report-object-storage';

export interface ReportsModuleOptions {
  options: ReportsOptions;
  /** The PDF printer (headless Chromium), provided by the app. */
  pdfPrinter: new (...args: never[]) => PdfPrinter;
}

/** Reports: the HTTP API, the PostgreSQL-claim worker and generation. */
@Module({})
export class ReportsModule {
  static forRoot({ options, pdfPrinter }: ReportsModuleOptions): DynamicModule {
    const objectStorage = options.objectStorage;
    return {
      module: ReportsModule,
      imports: [TemplatesModule],
      controllers: options.runMode === 'worker' ? [] : [ReportsController],
      providers: [
        { provide: REPORTS_OPTIONS, useValue: options },
        { provide: PdfPrinter, useClass: pdfPrinter },
        IdempotencyRepository,
        ReportRepository,
        ReportJobsRepository,
        ReportFilesRepository,
        ...(objectStorage
          ? [
              {
                provide: ReportObjectStorage,
                useFactory: () => new ReportObjectStorage(objectStorage),
              },
            ]
          : []),
        ReportFileStore,
        GenerateReportUseCase,
        ReportWorker,
        ReportsService,
        ReportBrokerReadiness,
        jobsViaBroker(options)
          ? { provide: ReportJobQueue, useClass: OutboxReportJobQueue }
          : ReportJobQueue,
      ],
      exports: [ReportWorker, ReportJobsRepository, PdfPrinter],
    };
  }

  /**
   * The reports module and, when jobs go through a broker, the OutboxModule that relays them
   * and runs their consumer (decision 0034); the app imports both.
   */
  static withJobs(options: ReportsModuleOptions): DynamicModule[] {
    const reports = ReportsModule.forRoot(options);
    if (!jobsViaBroker(options.options)) return [reports];
    return [
      reports,
      OutboxModule.register({
        ...reportJobsOutbox(options.options.rabbitmqUrl, runsWorkers(options.options.runMode)),
        imports: [reports],
      }),
    ];
  }
}
