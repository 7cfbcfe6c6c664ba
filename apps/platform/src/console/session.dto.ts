import type { Role } from '@preempt/access';

/** GET /api/v1/session: the calling key (never the key itself). */
export interface SessionResponseDto {
  keyId: string;
  name: string;
  role: Role;
  /** the one tenant of a customer key; null for admin and noc keys */
  tenant: string | null;
}
