/** Injection token of the CRM's CrmOptions. */
export const CRM_OPTIONS = Symbol('CRM_OPTIONS');
