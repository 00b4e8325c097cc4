import { defineErrors } from '@finplat/platform';

/**
 * Reporter failures, numbered as in Lerian Reporter's registry (`TPL-xxxx`), so a client of
 * Reporter handles ours unchanged. Generic failures (bad UUID, unknown body field, payload
 * too large, tenant errors) keep the platform's codes.
 */
export const ReporterErrors = defineErrors({
  MISSING_REQUIRED_FIELDS: {
    code: 'TPL-0001',
    title: 'Missing Required Fields',
    kind: 'validation',
  },
  INVALID_OUTPUT_FORMAT: { code: 'TPL-0003', title: 'Invalid Output Format', kind: 'validation' },
  INVALID_HEADER_PARAMETER: {
    code: 'TPL-0004',
    title: 'Invalid Header Parameter',
    kind: 'validation',
  },
  INVALID_FILE_UPLOADED: { code: 'TPL-0005', title: 'Invalid File Uploaded', kind: 'validation' },
  EMPTY_FILE: { code: 'TPL-0006', title: 'Empty File', kind: 'validation' },
  INVALID_TEMPLATE_CONTENT: {
    code: 'TPL-0007',
    title: 'Invalid Template Content',
    kind: 'validation',
  },
  INVALID_MAPPED_FIELDS: { code: 'TPL-0008', title: 'Invalid Mapped Fields', kind: 'validation' },
  ENTITY_NOT_FOUND: { code: 'TPL-0011', title: 'Entity Not Found', kind: 'not-found' },
  INVALID_TEMPLATE_ID: { code: 'TPL-0012', title: 'Invalid Template ID', kind: 'validation' },
  MISSING_TABLE_FIELDS: { code: 'TPL-0014', title: 'Missing Table Fields', kind: 'validation' },
  INVALID_FILTERS: { code: 'TPL-0017', title: 'Invalid Report Filters', kind: 'validation' },
  INVALID_QUERY_PARAMETER: {
    code: 'TPL-0019',
    title: 'Invalid Query Parameter',
    kind: 'validation',
  },
  INVALID_DATE_FORMAT: { code: 'TPL-0020', title: 'Invalid Date Format', kind: 'validation' },
  REPORT_NOT_FINISHED: {
    code: 'TPL-0029',
    title: 'Report Status Not Finished',
    kind: 'conflict',
  },
  MISSING_SCHEMA_TABLE: { code: 'TPL-0030', title: 'Missing Schema Table', kind: 'validation' },
  MISSING_DATA_SOURCE: { code: 'TPL-0031', title: 'Missing Data Source', kind: 'validation' },
  STORAGE_UNAVAILABLE: { code: 'TPL-0035', title: 'Storage Unavailable', kind: 'unavailable' },
  DATA_SOURCE_UNAVAILABLE: {
    code: 'TPL-0036',
    title: 'Data Source Unavailable',
    kind: 'unavailable',
  },
  IDEMPOTENCY_CONFLICT: {
    code: 'TPL-0037',
    title: 'Idempotency Key Reused',
    kind: 'conflict',
  },
  SCRIPT_TAG_DETECTED: { code: 'TPL-0032', title: 'Script Tag Detected', kind: 'validation' },
  INVALID_UTF8: { code: 'TPL-0061', title: 'Invalid UTF-8 Content', kind: 'validation' },
});
