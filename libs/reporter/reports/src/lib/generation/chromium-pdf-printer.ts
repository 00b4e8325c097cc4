import { accessSync, constants } from 'node:fs';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { ReadinessRegistry } from '@finplat/platform';
import puppeteer, { type Browser } from 'puppeteer-core';
import { REPORTS_OPTIONS, type ReportsOptions } from '../reports.options';
import { PdfPrinter } from './report-output';

/** Waits its turn: at most `size` holders at once. */
class Slots {
  private used = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(private readonly size: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.used >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.used += 1;
    try {
      return await work();
    } finally {
      this.used -= 1;
      this.waiting.shift()?.();
    }
  }
}

/**
 * Prints rendered HTML to PDF in headless Chromium (Debian's `chromium`; decision 0032): one
 * browser, started on first use, at most PDF_POOL_WORKERS pages at once, each with a timeout.
 * Pages run no JavaScript and fetch nothing from the network.
 */
@Injectable()
export class ChromiumPdfPrinter extends PdfPrinter implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ChromiumPdfPrinter.name);
  private readonly slots: Slots;
  private browser?: Promise<Browser>;
  private readonly missing?: string;

  constructor(
    @Inject(REPORTS_OPTIONS) private readonly options: ReportsOptions,
    private readonly readiness: ReadinessRegistry,
  ) {
    super();
    this.slots = new Slots(options.pdf.poolSize);
    try {
      accessSync(options.pdf.chromiumPath, constants.X_OK);
    } catch {
      this.missing = `PDF output needs headless Chromium, but ${options.pdf.chromiumPath} is not installed (apt-get install chromium, or set CHROMIUM_PATH)`;
    }
  }

  onModuleInit(): void {
    this.readiness.register('pdf', async () =>
      this.missing ? { degraded: this.missing } : undefined,
    );
    if (this.missing) this.logger.warn(this.missing);
  }

  async onApplicationShutdown(): Promise<void> {
    const browser = await this.browser?.catch(() => undefined);
    await browser?.close().catch(() => undefined);
  }

  unavailableReason(): string | undefined {
    return this.missing;
  }

  print(html: string): Promise<Buffer> {
    return this.slots.run(async () => {
      const browser = await this.launch();
      const page = await browser.newPage();
      const timeout = this.options.pdf.timeoutMs;
      try {
        page.setDefaultTimeout(timeout);
        await page.setJavaScriptEnabled(false);
        await page.setRequestInterception(true);
        page.on('request', (request) => {
          if (request.url().startsWith('data:')) void request.continue();
          else void request.abort();
        });
        await page.setContent(html, { waitUntil: 'load', timeout });
        const pdf = await page.pdf({
          format: 'letter',
          margin: { top: '0.5in', right: '0.5in', bottom: '0.5in', left: '0.5in' },
          printBackground: true,
          timeout,
        });
        return Buffer.from(pdf);
      } finally {
        await page.close().catch(() => undefined);
      }
    });
  }

  private launch(): Promise<Browser> {
    if (!this.browser) {
      const starting = puppeteer.launch({
        executablePath: this.options.pdf.chromiumPath,
        headless: true,
        args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run'],
      });
      this.browser = starting;
      starting
        .then((browser) =>
          browser.on('disconnected', () => {
            if (this.browser === starting) this.browser = undefined;
          }),
        )
        .catch((error: Error) => {
          this.logger.warn(`chromium did not start: ${error.message}`);
          if (this.browser === starting) this.browser = undefined;
        });
    }
    return this.browser;
  }
}
