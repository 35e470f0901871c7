/** Who is calling: a person with a role, a device, or the bootstrap admin token. */
import type { Role } from '../branch/branch-config.ts';
import type { UserPrincipal } from '../auth/sessions.ts';
import type { DevicePrincipal } from '../devices/device-registry.ts';

export type Principal =
  | UserPrincipal
  | { kind: 'device'; role: 'edge' | 'kiosk'; name: string; device: DevicePrincipal }
  | { kind: 'token'; role: 'admin'; name: 'token:admin' };

export const ALL_ROLES: readonly Role[] = ['admin', 'hq', 'floor', 'staff', 'kiosk', 'edge'];
/** People and screens inside the branch that may read its live state. */
export const BRANCH_READERS: readonly Role[] = ['admin', 'floor', 'staff'];
