import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';

import type { Principal, Role } from './principal';

export const ROLES_KEY = 'preempt:roles';

/** Only these roles may call the route (403 for the others); without it, every authenticated role may. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated caller of an `/api/v1` route (set by the AccessGuard). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal =>
    context.switchToHttp().getRequest<{ principal: Principal }>().principal,
);
