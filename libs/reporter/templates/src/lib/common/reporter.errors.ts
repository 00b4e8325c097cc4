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
  INVALID_FILE_UPLOADED: { code: 'TPL-0005', title: 'Invalid File Uploaded', kind: 'validation' },
  EMPTY_FILE: { code: 'TPL-0006', title: 'Empty File', kind: 'validation' },
  INVALID_TEMPLATE_CONTENT: {
    code: 'TPL-0007',
    title: 'Invalid Template Content',
    kind: 'validation',
  },
  ENTITY_NOT_FOUND: { code: 'TPL-0011', title: 'Entity Not Found', kind: 'not-found' },
  INVALID_DATE_FORMAT: { code: 'TPL-0020', title: 'Invalid Date Format', kind: 'validation' },
  SCRIPT_TAG_DETECTED: { code: 'TPL-0032', title: 'Script Tag Detected', kind: 'validation' },
  INVALID_UTF8: { code: 'TPL-0061', title: 'Invalid UTF-8 Content', kind: 'validation' },
});
