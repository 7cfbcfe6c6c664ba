import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { InvalidRequestError } from '@preempt/common';

import { Roles } from './access.decorators';
import type { KeyRecord } from './keys.repository';
import { KeysService } from './keys.service';
import type { Role } from './principal';

const FIELDS = new Set(['name', 'role', 'tenant']);

/** Key management: admin keys only. The key is in the creation's answer, and nowhere else ever. */
@Controller('api/v1/keys')
@Roles('admin')
export class KeysController {
  constructor(private readonly keys: KeysService) {}

  @Post()
  @HttpCode(201)
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
  async list(): Promise<{ items: KeyRecord[] }> {
    return { items: await this.keys.list() };
  }

  @Delete(':id')
  @HttpCode(200)
  revoke(@Param('id') id: string): Promise<KeyRecord> {
    return this.keys.revoke(id);
  }
}
