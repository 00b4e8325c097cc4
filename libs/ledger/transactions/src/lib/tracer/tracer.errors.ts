import { defineErrors } from '@finplat/platform';

/** The ledger's answers when it consults the tracer, numbered as in Midaz's registry. */
export const TracerConsultErrors = defineErrors({
  DENIED: { code: '0177', title: 'Transaction Denied By Tracer', kind: 'business' },
  UNAVAILABLE: { code: '0178', title: 'Tracer Unavailable', kind: 'unavailable' },
});

/** Seconds a client is told to wait after a refusal because the tracer did not answer. */
export const TRACER_RETRY_AFTER_SEC = 2;
