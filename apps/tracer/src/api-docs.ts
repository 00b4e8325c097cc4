import type { ApiDocsOptions } from '@finplat/platform';

export const TRACER_API_DOCS: ApiDocsOptions = {
  title: 'Tracer',
  description:
    'Real-time transaction validation: CEL fraud rules with a DRAFT → ACTIVE ⇄ INACTIVE → DELETED lifecycle.',
  version: '1.0.0',
};
