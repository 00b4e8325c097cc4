// Runs in every ledger e2e file: a test whose requests got a response the contract does not
// describe fails with the differences; at the end the file records which operations it
// exercised (printed by contract-coverage.teardown.ts).
import { formatViolations } from '@finplat/testing';
import { CONFORMANCE_DIR, conformanceStarted, suiteConformance } from './ledger-contract';

afterEach(() => {
  if (!conformanceStarted()) return;
  const violations = suiteConformance().takeViolations();
  if (violations.length > 0) {
    throw new Error(`responses that do not match the contract:\n${formatViolations(violations)}`);
  }
});

afterAll(() => {
  if (conformanceStarted()) suiteConformance().flush(CONFORMANCE_DIR);
});
