/** What a template renders to. Stored and answered upper-case, as Reporter's API shows. */
export const OUTPUT_FORMATS = ['HTML', 'CSV', 'XML', 'TXT', 'PDF'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * The canonical form of a client's output format: any case, surrounding blanks ignored.
 * Returns undefined for anything that is not one of OUTPUT_FORMATS.
 */
export function normalizeOutputFormat(value: unknown): OutputFormat | undefined {
  if (typeof value !== 'string') return undefined;
  const upper = value.trim().toUpperCase();
  return (OUTPUT_FORMATS as readonly string[]).includes(upper)
    ? (upper as OutputFormat)
    : undefined;
}

/** The MIME type a rendered report of this format is served with. */
export function mimeTypeOf(format: OutputFormat): string {
  switch (format) {
    case 'HTML':
      return 'text/html';
    case 'CSV':
      return 'text/csv';
    case 'XML':
      return 'application/xml';
    case 'TXT':
      return 'text/plain';
    case 'PDF':
      return 'application/pdf';
  }
}
