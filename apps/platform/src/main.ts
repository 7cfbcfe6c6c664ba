import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CONTRACTS_VERSION } from '@preempt/contracts';

@Module({})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  await app.listen(18080);
  console.log('up', CONTRACTS_VERSION);
  await app.close();
}
void main();
