/**
 * Roles, as Grafana's and PagerDuty's API keys have them:
 * - `admin`: everything, keys included;
 * - `noc`: every tenant, may act on tickets;
 * - `customer`: one tenant, read only; another tenant's objects do not exist for it (404).
 */
export const ROLES = ['admin', 'noc', 'customer'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: the key that authenticated the request. */
export interface Principal {
  keyId: string;
  name: string;
  role: Role;
  /** the one tenant of a customer key; null for admin and noc */
  tenant: string | null;
}

/** True when the principal may see the tenant's objects. */
export function canSeeTenant(principal: Principal, tenant: string): boolean {
  return principal.role !== 'customer' || principal.tenant === tenant;
}

/** The actor written to audit trails and lifecycle events: the key's name and id. */
export function actorOf(principal: Principal): string {
  return `${principal.name} (key ${principal.keyId})`;
}
