/** Base path of every resource that lives inside a ledger. */
export const LEDGER_SCOPED_PATH = 'v1/organizations/:organization_id/ledgers/:ledger_id';
