import * as net from 'node:net';

import { Logger } from '@nestjs/common';
import { Aedes } from 'aedes';

/**
 * The demo default when MQTT_URL is unset: an in-process aedes broker (MQTT 3.1.1, in-memory persistence,
 * so persistent sessions survive ingest reconnects but not a restart of this process). Production runs
 * Mosquitto/EMQX and sets MQTT_URL.
 */
export class EmbeddedBroker {
  private readonly logger = new Logger(EmbeddedBroker.name);

  private constructor(
    private readonly broker: Aedes,
    private readonly server: net.Server,
    readonly url: string,
  ) {}

  static async start(host: string, port: number): Promise<EmbeddedBroker> {
    const broker = await Aedes.createBroker();
    const server = net.createServer(broker.handle);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    const local = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    const embedded = new EmbeddedBroker(broker, server, `mqtt://${local}:${address.port}`);
    embedded.logger.log(`Embedded MQTT broker (aedes) listening on ${host}:${address.port}`);
    return embedded;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
