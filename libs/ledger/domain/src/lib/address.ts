/** An address as stored: any of its lines may be missing. */
export interface AddressInput {
  line1?: string;
  line2?: string | null;
  zipCode?: string;
  city?: string;
  state?: string;
  country?: string;
  description?: string;
}

/** An address as Midaz sends it (organizations, holders): every line, "" when not given. */
export interface AddressView {
  line1: string;
  /** The one line Midaz sends as null when not given. */
  line2: string | null;
  zipCode: string;
  city: string;
  state: string;
  country: string;
  description?: string;
}

export function toAddressView(address: AddressInput): AddressView {
  return {
    line1: address.line1 ?? '',
    line2: address.line2 ?? null,
    zipCode: address.zipCode ?? '',
    city: address.city ?? '',
    state: address.state ?? '',
    country: address.country ?? '',
    ...(address.description === undefined ? {} : { description: address.description }),
  };
}
