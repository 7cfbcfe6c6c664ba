import { randomUUID } from 'node:crypto';

import { Injectable, Logger } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@preempt/common';

import { NocState } from '../operations/noc-state';
import { NocRepository, type WindowRecord } from '../storage/noc.repository';
import type { WindowFields } from './maintenance-windows.dto';

/** Maintenance windows: create, read, change, delete; every change reaches the detectors (NocState). */
@Injectable()
export class MaintenanceWindowsService {
  private readonly logger = new Logger(MaintenanceWindowsService.name);

  constructor(
    private readonly repository: NocRepository,
    private readonly state: NocState,
  ) {}

  async create(fields: WindowFields, actor: string): Promise<WindowRecord> {
    const now = Date.now();
    const window = await this.repository.insertWindow({
      ...fields,
      id: randomUUID(),
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
      version: 1,
    });
    this.logger.log(`Maintenance window ${window.id} (${describe(window)}) created by ${actor}`);
    await this.state.refresh();
    return window;
  }

  list(tenant: string | null): Promise<WindowRecord[]> {
    return this.repository.listWindows(tenant);
  }

  async get(id: string): Promise<WindowRecord> {
    const window = await this.repository.findWindow(id);
    if (!window) throw new NotFoundError(`maintenance window ${id} does not exist`);
    return window;
  }

  async update(
    current: WindowRecord,
    fields: WindowFields,
    expectedVersion: number | undefined,
    actor: string,
  ) {
    const version = expectedVersion ?? current.version;
    const updated = await this.repository.updateWindow({ ...current, ...fields }, version, Date.now());
    if (!updated)
      throw new ConflictError(`maintenance window ${current.id} changed since version ${version}; reload it`);
    this.logger.log(`Maintenance window ${current.id} (${describe(updated)}) changed by ${actor}`);
    await this.state.refresh();
    return updated;
  }

  async delete(id: string, actor: string): Promise<void> {
    if (!(await this.repository.deleteWindow(id)))
      throw new NotFoundError(`maintenance window ${id} does not exist`);
    this.logger.log(`Maintenance window ${id} deleted by ${actor}`);
    await this.state.refresh();
  }
}

function describe(w: WindowFields): string {
  const scope = w.devices ? `devices ${w.devices.join(',')}` : w.site ? `site ${w.site}` : 'every device';
  return `${w.tenant}, ${scope}, ${w.start} ${w.timeZone} for ${w.durationMinutes} min${w.rrule ? `, ${w.rrule}` : ''}`;
}
