import { v5 } from 'uuid';

/** Namespace of self-holder ids (a fixed random UUID; changing it would orphan every default). */
const SELF_HOLDER_NAMESPACE = '5b0c2d6e-8f3a-4c1e-9d7b-2a6f4e8c1b30';

/**
 * The organization's own holder: a UUIDv5 of the organization id, the same on every instance
 * and after every restore, so accounts opened without a holder name it without a lookup.
 */
export const selfHolderIdOf = (organizationId: string): string =>
  v5(organizationId.toLowerCase(), SELF_HOLDER_NAMESPACE);
