import { lookup as dnsLookup } from 'node:dns';

import { Receiver } from '../../test/notifier.fixture';
import { type Lookup, postJson, PrivateTargetError } from './http-post';
import { WebhookSender } from './webhook.sender';

// Names no DNS server knows, resolved by the test the way a resolver would (to the loopback receiver):
// a connection that reaches the receiver can only have gone to the address this lookup gave.
const resolver =
  (answers: Record<string, string>): Lookup =>
  (hostname, options, callback) => {
    const address = answers[hostname];
    if (address === undefined) return dnsLookup(hostname, options, callback as never);
    if (options.all) callback(null, [{ address, family: 4 }]);
    else callback(null, address, 4);
  };

describe('postJson: a target that resolves to a private address while those are not allowed', () => {
  let receiver: Receiver;
  const body = JSON.stringify({ hello: 'noc' });
  const lookup = resolver({ 'hooks.example.test': '127.0.0.1' });

  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(() => receiver.stop());

  it('connects to the address the name resolved to when private targets are allowed', async () => {
    receiver.status = 503;
    receiver.headers = { 'retry-after': '7' };
    const url = `http://hooks.example.test:${receiver.port}/hook`;
    const response = await postJson(url, {
      headers: { 'content-type': 'application/json' },
      body,
      timeoutMs: 5_000,
      allowPrivate: true,
      lookup,
    });
    expect(response).toEqual({ status: 503, retryAfter: '7' });
    expect(receiver.requests.map((r) => r.body)).toEqual([body]);
    expect(receiver.requests[0].headers.host).toBe(`hooks.example.test:${receiver.port}`);
  });

  it('refuses a name resolving to loopback, and a literal private address, before sending anything', async () => {
    const options = { headers: {}, body, timeoutMs: 5_000, allowPrivate: false, lookup };
    await expect(postJson(`http://hooks.example.test:${receiver.port}/hook`, options)).rejects.toThrow(
      new PrivateTargetError('hooks.example.test', '127.0.0.1'),
    );
    await expect(postJson(receiver.url, options)).rejects.toThrow(PrivateTargetError);
    await expect(postJson(`http://[::1]:${receiver.port}/hook`, options)).rejects.toThrow(PrivateTargetError);
    expect(receiver.requests).toEqual([]);
  });

  it('makes the webhook delivery a permanent failure with the reason (no retry of a refused target)', async () => {
    const sender = new WebhookSender(5_000, false, Date.now, lookup);
    const outcome = await sender.send({
      delivery: { id: 'msg_1' },
      notice: { payload: { kind: 'opened' } },
      subscription: {
        secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'),
        target: { url: `http://hooks.example.test:${receiver.port}/h` },
      },
    } as never);
    expect(outcome).toEqual({
      ok: false,
      retryable: false,
      statusCode: null,
      error:
        'hooks.example.test resolves to 127.0.0.1: a loopback or private address (WEBHOOK_ALLOW_PRIVATE=false)',
    });
    expect(receiver.requests).toEqual([]);
  });

  it('retries what the network refused or left unanswered, naming it', async () => {
    const send = (url: string, timeoutMs: number) =>
      new WebhookSender(timeoutMs, true).send({
        delivery: { id: 'msg_2' },
        notice: { payload: { kind: 'opened' } },
        subscription: { secret: 'whsec_' + Buffer.alloc(32, 1).toString('base64'), target: { url } },
      } as never);
    receiver.hang = true;
    expect(await send(receiver.url, 200)).toEqual({
      ok: false,
      retryable: true,
      statusCode: null,
      error: 'timeout',
    });
    const closed = receiver.url;
    await receiver.stop();
    expect(await send(closed, 2_000)).toEqual({
      ok: false,
      retryable: true,
      statusCode: null,
      error: 'ECONNREFUSED',
    });
  });
});
