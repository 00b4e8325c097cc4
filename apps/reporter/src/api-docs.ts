import type { ApiDocsOptions } from '@finplat/platform';

export const REPORTER_API_DOCS: ApiDocsOptions = {
  title: 'Reporter',
  description:
    'Regulatory and business reports from templates: upload templates (Django/Jinja-style, rendered to HTML, CSV, XML, TXT or PDF).',
  version: '1.0.0',
};
