import { type DynamicModule, Global, Module } from '@nestjs/common';

import { DATABASE, type Database } from './database';

/**
 * The SQL database a composition root opened, provided as DATABASE to every module (the all-in-one's
 * apps share one: PGlite cannot be opened twice). The root closes it after the application has closed.
 */
@Global()
@Module({})
export class DatabaseModule {
  static register(db: Database): DynamicModule {
    return { module: DatabaseModule, providers: [{ provide: DATABASE, useValue: db }], exports: [DATABASE] };
  }
}
