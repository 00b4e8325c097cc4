import { Injectable } from '@nestjs/common';
import { PdfPrinter } from './report-output';

/** Where no Chromium can be used: PDF reports end in Error with this reason. */
@Injectable()
export class UnavailablePdfPrinter extends PdfPrinter {
  unavailableReason(): string {
    return 'PDF output needs headless Chromium, which this reporter was started without';
  }

  print(): Promise<Buffer> {
    return Promise.reject(new Error(this.unavailableReason()));
  }
}
