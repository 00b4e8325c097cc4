import { v7 } from 'uuid';

/** Time-ordered UUIDv7, as Midaz uses: ids sort by creation time, which keyset pagination relies on. */
export const newId = (): string => v7();
