import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidRequestError } from '@preempt/common';

import { Roles } from './access.decorators';
import type { KeyRecord } from './keys.repository';
import { KeysService } from './keys.service';
import type { Role } from './principal';

const FIELDS = new Set(['name', 'role', 'tenant']);

/** Key management: admin keys only. The key is in the creation's answer, and nowhere else ever. */
@Controller('api/v1/keys')
@ApiTags('keys')
@Roles('admin')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({ summary: 'Create a key (admin): the answer is the only place the key is ever shown' })
  @ApiBody({
    schema: {
      type: 'object',
      required: ['name', 'role'],
      properties: {
        name: { type: 'string', maxLength: 100, example: 'Acme portal' },
        role: { type: 'string', enum: ['admin', 'noc', 'customer'] },
        tenant: { type: 'string', description: 'required for customer keys, refused for the others' },
      },
      additionalProperties: false,
    },
  })
  async create(@Body() body: unknown): Promise<KeyRecord & { key: string }> {
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new InvalidRequestError('The body must be a JSON object {"name", "role", "tenant"?}', 'body');
    const input = body as Record<string, unknown>;
    for (const field of Object.keys(input))
      if (!FIELDS.has(field)) throw new InvalidRequestError(`Unknown field "${field}"`, field);
    if (typeof input.name !== 'string') throw new InvalidRequestError('"name" must be a string', 'name');
    if (typeof input.role !== 'string') throw new InvalidRequestError('"role" must be a string', 'role');
    if (input.tenant !== undefined && input.tenant !== null && typeof input.tenant !== 'string')
      throw new InvalidRequestError('"tenant" must be a string', 'tenant');
    const { key, record } = await this.keys.create({
      name: input.name,
      role: input.role as Role,
      tenant: (input.tenant as string | null | undefined) ?? null,
    });
    return { ...record, key };
  }

  @Get()
  @ApiOperation({ summary: 'Every key (admin): name, role, tenant, prefix, dates; never the key' })
  async list(): Promise<{ items: KeyRecord[] }> {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key (admin): it is refused from then on' })
  revoke(@Param('id') id: string): Promise<KeyRecord> {
    return this.keys.revoke(id);
  }
}
