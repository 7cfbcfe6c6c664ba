import {
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  type DynamicModule,
} from '@nestjs/common';
import type { Database } from '@preempt/storage';

import type { EmbeddedBroker } from './broker/embedded-broker';

const PLATFORM_RESOURCES = Symbol('PLATFORM_RESOURCES');

interface Resources {
  database: Database;
  broker?: EmbeddedBroker;
}

/**
 * What the all-in-one runtime opens itself and shares between the apps: one database (PGlite cannot be
 * opened twice) and the embedded broker. Closed after Nest has closed the apps (the last MQTT
 * acknowledgements and checkpoints go out first).
 */
@Injectable()
class PlatformResourcesLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('Platform');

  constructor(@Inject(PLATFORM_RESOURCES) private readonly resources: Resources) {}

  async onApplicationShutdown(): Promise<void> {
    await this.resources.database.close().catch((error: unknown) => this.logger.error(String(error)));
    await this.resources.broker?.close();
    this.logger.log('Shut down');
  }
}

@Module({})
export class PlatformResourcesModule {
  static register(resources: Resources): DynamicModule {
    return {
      module: PlatformResourcesModule,
      providers: [{ provide: PLATFORM_RESOURCES, useValue: resources }, PlatformResourcesLifecycle],
    };
  }
}
