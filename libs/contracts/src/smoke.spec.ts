import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CONTRACTS_VERSION } from '@preempt/contracts';

@Injectable()
class Svc {
  v = CONTRACTS_VERSION;
}
@Module({ providers: [Svc] })
class M {}

it('boots a module', async () => {
  const ref = await Test.createTestingModule({ imports: [M] }).compile();
  expect(ref.get(Svc).v).toBe(1);
});
