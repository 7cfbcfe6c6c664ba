import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@preempt/access';

import type { SessionResponseDto } from './session.dto';

/**
 * Who the calling key is, so the console shows a customer its portal and a NOC engineer the queue without
 * probing the API with requests its role may not make. Every role may ask; the key itself is never echoed.
 */
@Controller('api/v1/session')
@ApiTags('session')
export class SessionController {
  @Get()
  @ApiOperation({ summary: "The calling key's name, role and tenant (customer keys)" })
  @ApiOkResponse({
    schema: {
      type: 'object',
      required: ['keyId', 'name', 'role', 'tenant'],
      properties: {
        keyId: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string', enum: ['admin', 'noc', 'customer'] },
        tenant: { type: 'string', nullable: true },
      },
    },
  })
  session(@CurrentPrincipal() principal: Principal): SessionResponseDto {
    return { keyId: principal.keyId, name: principal.name, role: principal.role, tenant: principal.tenant };
  }
}
