import { DomainError } from '@finplat/platform';
import { ReporterErrors } from '@finplat/reporter-domain';
import { TemplateRenderError, TemplateSyntaxError } from '@finplat/reporter-engine';
import { isBusinessFailure, retryDelaySec } from './generate-report.use-case';
import { ReportBusinessError } from './report-output';

describe('report generation failures', () => {
  it('should send template, data and field problems straight to Error', () => {
    for (const error of [
      new TemplateRenderError('division by zero'),
      new TemplateSyntaxError('bad'),
      new ReportBusinessError('no chromium'),
      new DomainError(ReporterErrors.MISSING_TABLE_FIELDS, 'gone'),
      new DomainError(ReporterErrors.ENTITY_NOT_FOUND, 'gone'),
    ]) {
      expect(isBusinessFailure(error)).toBe(true);
    }
  });

  it('should retry what may pass later: an unreachable data source, a dropped connection', () => {
    for (const error of [
      new DomainError(ReporterErrors.DATA_SOURCE_UNAVAILABLE, 'down'),
      Object.assign(new Error('terminating connection due to administrator command'), {
        code: '57P01',
      }),
      new Error('connect ECONNREFUSED 127.0.0.1:5432'),
    ]) {
      expect(isBusinessFailure(error)).toBe(false);
    }
  });

  it('should back off 1, 2, 4, 8, 16 then 30 seconds', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelaySec)).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });
});
