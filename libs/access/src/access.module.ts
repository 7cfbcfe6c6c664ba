import { type DynamicModule, Inject, Injectable, Logger, Module, type OnModuleInit } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { DATABASE, type Database, runMigrations } from '@preempt/storage';

import { ACCESS_CONFIG, AccessGuard } from './access.guard';
import type { AccessConfig } from './access-env';
import { KeysController } from './keys.controller';
import { ACCESS_MIGRATIONS } from './keys.repository';
import { KeysService } from './keys.service';

export interface AccessOptions extends AccessConfig {
  /**
   * The all-in-one's first start (no key at all): an admin key is created and handed to this, which prints
   * it once with a login URL (as Jupyter prints its token). Absent: no key is created.
   */
  onFirstKey?: (key: string) => void;
}

const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');

@Injectable()
class AccessLifecycle implements OnModuleInit {
  private readonly logger = new Logger('Access');

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
    private readonly keys: KeysService,
  ) {}

  async onModuleInit(): Promise<void> {
    await runMigrations(this.db, ACCESS_MIGRATIONS);
    if (this.options.adminApiKey && (await this.keys.provisionAdmin(this.options.adminApiKey)))
      this.logger.log('Admin key from ADMIN_API_KEY provisioned');
    if (this.options.onFirstKey) {
      const key = await this.keys.firstKey();
      if (key) this.options.onFirstKey(key);
    }
  }
}

/**
 * API keys and roles for every route under /api/v1 of the application it is part of, and the key
 * management API (/api/v1/keys). Needs the DatabaseModule of its composition root.
 */
@Module({})
export class AccessModule {
  static register(options: AccessOptions): DynamicModule {
    return {
      module: AccessModule,
      global: true,
      controllers: [KeysController],
      providers: [
        { provide: ACCESS_OPTIONS, useValue: options },
        { provide: ACCESS_CONFIG, useValue: options },
        KeysService,
        AccessLifecycle,
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [KeysService],
    };
  }
}
