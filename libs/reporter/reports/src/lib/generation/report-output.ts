import { mimeTypeOf, type OutputFormat } from '@finplat/reporter-domain';

/** How one output format is produced and served. */
export interface OutputSpec {
  /** Escape HTML in printed values (HTML, XML and the HTML a PDF is printed from). */
  autoescape: boolean;
  contentType: string;
  extension: string;
}

export const OUTPUT_SPECS: Record<OutputFormat, OutputSpec> = {
  HTML: {
    autoescape: true,
    contentType: `${mimeTypeOf('HTML')}; charset=utf-8`,
    extension: 'html',
  },
  CSV: { autoescape: false, contentType: `${mimeTypeOf('CSV')}; charset=utf-8`, extension: 'csv' },
  XML: { autoescape: true, contentType: `${mimeTypeOf('XML')}; charset=utf-8`, extension: 'xml' },
  TXT: { autoescape: false, contentType: `${mimeTypeOf('TXT')}; charset=utf-8`, extension: 'txt' },
  PDF: { autoescape: true, contentType: mimeTypeOf('PDF'), extension: 'pdf' },
};

/** Prints rendered HTML to PDF (headless Chromium); see pdf-printer.ts. */
export abstract class PdfPrinter {
  /** Why PDF cannot be produced here, or undefined when it can. */
  abstract unavailableReason(): string | undefined;
  abstract print(html: string): Promise<Buffer>;
}

/** Raised when a report cannot be produced from its template and data: not worth a retry. */
export class ReportBusinessError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'ReportBusinessError';
  }
}
