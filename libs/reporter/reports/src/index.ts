export * from './lib/reports.options';
export * from './lib/reports.module';
export * from './lib/generation/report-output';
export * from './lib/generation/report-worker';
export * from './lib/generation/report-jobs.repository';
export * from './lib/generation/generate-report.use-case';
export * from './lib/generation/unavailable-pdf-printer';
export * from './lib/generation/chromium-pdf-printer';
