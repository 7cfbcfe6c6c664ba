import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, TooManyRequestsError, UnauthorizedError } from '@preempt/common';
import type { Request } from 'express';

import { ROLES_KEY } from './access.decorators';
import type { AccessConfig } from './access-env';
import { FailedAuthLimiter } from './failed-auth.limiter';
import { KeysService } from './keys.service';
import type { Principal, Role } from './principal';

export const ACCESS_CONFIG = Symbol('ACCESS_CONFIG');

const BEARER = /^Bearer ([^\s]+)$/i;

/**
 * Every route under /api/v1 needs `Authorization: Bearer <key>` (and /metrics with METRICS_REQUIRE_KEY);
 * /healthz and /readyz stay open. A route's @Roles() narrows who may call it. Failed authentications are
 * counted per client address: past the limit, 429 with Retry-After, before the key is even looked at.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly limiter: FailedAuthLimiter;

  constructor(
    private readonly keys: KeysService,
    private readonly reflector: Reflector,
    @Inject(ACCESS_CONFIG) private readonly config: AccessConfig,
  ) {
    this.limiter = new FailedAuthLimiter(config.maxFailures, config.failureWindowMs);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const path = request.path;
    const guarded =
      path === '/api/v1' ||
      path.startsWith('/api/v1/') ||
      (path === '/metrics' && this.config.metricsRequireKey);
    if (!guarded) return true;

    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const waitMs = this.limiter.retryAfterMs(client, now);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      throw new TooManyRequestsError(
        `Too many failed authentications from this address; retry in ${seconds} s`,
        seconds,
      );
    }
    const match = BEARER.exec(request.headers.authorization ?? '');
    const principal = match ? await this.keys.authenticate(match[1]) : null;
    if (!principal) {
      this.limiter.fail(client, now);
      throw new UnauthorizedError(
        match ? 'The API key is unknown or revoked' : 'This route needs "Authorization: Bearer <API key>"',
      );
    }
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (roles && !roles.includes(principal.role))
      throw new ForbiddenError(`A ${principal.role} key may not do this (needs ${roles.join(' or ')})`);
    request.principal = principal;
    return true;
  }
}
