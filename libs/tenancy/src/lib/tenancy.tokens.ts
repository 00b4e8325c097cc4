export const TENANCY_OPTIONS = Symbol('TENANCY_OPTIONS');
