import { defineErrors } from '@finplat/platform';

/**
 * Tracer failures, numbered as in Lerian Tracer's error registry (TRC-xxxx). Generic body
 * failures caught by the global validation pipe keep the platform codes (0009, 0047, 0053,
 * 0094); everything Tracer decides itself carries one of these.
 */
export const TracerErrors = defineErrors({
  NO_FIELDS_TO_UPDATE: {
    code: 'TRC-0002',
    title: 'At Least One Field Required',
    kind: 'validation',
  },
  INVALID_QUERY_PARAMETER: {
    code: 'TRC-0006',
    title: 'Invalid Query Parameter',
    kind: 'validation',
  },
  INVALID_PATH_PARAMETER: { code: 'TRC-0007', title: 'Invalid Path Parameter', kind: 'validation' },
  LIMIT_ABOVE_MAXIMUM: { code: 'TRC-0040', title: 'Limit Exceeds Maximum', kind: 'validation' },
  LIMIT_BELOW_MINIMUM: { code: 'TRC-0041', title: 'Limit Below Minimum', kind: 'validation' },
  INVALID_SORT_ORDER: { code: 'TRC-0042', title: 'Invalid Sort Order', kind: 'validation' },
  INVALID_SORT_COLUMN: { code: 'TRC-0043', title: 'Invalid Sort Column', kind: 'validation' },
  INVALID_CURSOR: { code: 'TRC-0044', title: 'Invalid Pagination Cursor', kind: 'validation' },
  CURSOR_SORT_MISMATCH: {
    code: 'TRC-0045',
    title: 'Cursor Does Not Match Sort Parameters',
    kind: 'validation',
  },
  EXPRESSION_SYNTAX: { code: 'TRC-0083', title: 'Invalid Expression Syntax', kind: 'validation' },
  EXPRESSION_TYPE: { code: 'TRC-0084', title: 'Invalid Expression Type', kind: 'validation' },
  EXPRESSION_TOO_COSTLY: {
    code: 'TRC-0085',
    title: 'Expression Too Costly',
    kind: 'validation',
  },
  RULE_NOT_FOUND: { code: 'TRC-0100', title: 'Rule Not Found', kind: 'not-found' },
  RULE_NAME_EXISTS: { code: 'TRC-0101', title: 'Rule Name Already Exists', kind: 'conflict' },
  INVALID_STATUS_TRANSITION: {
    code: 'TRC-0102',
    title: 'Invalid State Transition',
    kind: 'business',
  },
  EXPRESSION_NOT_MODIFIABLE: {
    code: 'TRC-0104',
    title: 'Expression Not Modifiable',
    kind: 'business',
  },
  INVALID_SCOPE: { code: 'TRC-0111', title: 'Invalid Scope', kind: 'validation' },
  AUDIT_EVENT_NOT_FOUND: { code: 'TRC-0300', title: 'Audit Event Not Found', kind: 'not-found' },
  PAYLOAD_TOO_LARGE: { code: 'TRC-0012', title: 'Payload Too Large', kind: 'too-large' },
  INVALID_FIELD: { code: 'TRC-0001', title: 'Validation Error', kind: 'validation' },
  TIMESTAMP_OUT_OF_RANGE: {
    code: 'TRC-0120',
    title: 'Transaction Timestamp Out Of Range',
    kind: 'validation',
  },
  LIMIT_NOT_FOUND: { code: 'TRC-0200', title: 'Limit Not Found', kind: 'not-found' },
  LIMIT_NAME_EXISTS: { code: 'TRC-0201', title: 'Limit Name Already Exists', kind: 'conflict' },
  INVALID_LIMIT: { code: 'TRC-0202', title: 'Invalid Limit', kind: 'validation' },
  LIMIT_NOT_MODIFIABLE: {
    code: 'TRC-0203',
    title: 'Limit Not Modifiable',
    kind: 'business',
  },
  VALIDATION_NOT_FOUND: { code: 'TRC-0150', title: 'Validation Not Found', kind: 'not-found' },
  RESERVATION_NOT_FOUND: { code: 'TRC-0250', title: 'Reservation Not Found', kind: 'not-found' },
  RESERVATION_NOT_PENDING: {
    code: 'TRC-0251',
    title: 'Reservation Already Settled',
    kind: 'business',
  },
  TRACER_UNAVAILABLE: { code: 'TRC-0503', title: 'Tracer Unavailable', kind: 'unavailable' },
});
