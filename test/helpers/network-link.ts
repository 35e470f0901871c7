/**
 * A TCP link between a device and its broker that a test can pull like a cable: `cut()` makes it
 * a black hole — bytes either way are dropped, nothing is closed, new connections are accepted and
 * never answered — so both ends notice only by their own timeouts (MQTT keepalive, connect
 * timeout), as with a pulled cable or a dead switch; a close on one side is not passed to the
 * other while cut. `restore()` brings the link back: connections that lived through the cut lost
 * bytes and are reset, new ones pass.
 */
import net, { type AddressInfo } from 'node:net';

interface Pair {
  device: net.Socket;
  broker: net.Socket | null;
  /** Lost bytes or a close during a cut: reset at restore. */
  broken: boolean;
}

export interface NetworkLink {
  port: number;
  readonly isCut: boolean;
  stats: { connections: number; droppedBytes: number };
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startNetworkLink(target: { host?: string; port: number }): Promise<NetworkLink> {
  const pairs = new Set<Pair>();
  let cut = false;
  const stats = { connections: 0, droppedBytes: 0 };
  const destroy = (pair: Pair) => {
    pair.device.destroy();
    pair.broker?.destroy();
    pairs.delete(pair);
  };
  const server = net.createServer((device) => {
    stats.connections++;
    const pair: Pair = { device, broker: null, broken: cut };
    pairs.add(pair);
    const forward = (to: net.Socket | null) => (chunk: Buffer) => {
      if (cut || pair.broken || !to) stats.droppedBytes += chunk.length;
      else to.write(chunk);
    };
    const closed = () => {
      if (cut) pair.broken = true; // the other end is not told
      else destroy(pair);
    };
    device.on('error', () => undefined);
    device.on('close', closed);
    if (!cut) {
      const broker = net.connect(target.port, target.host ?? '127.0.0.1');
      pair.broker = broker;
      broker.on('error', () => undefined);
      broker.on('close', closed);
      broker.on('data', forward(device));
    }
    device.on('data', forward(pair.broker));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    get isCut() {
      return cut;
    },
    stats,
    cut() {
      cut = true;
      for (const pair of pairs) pair.broken = true;
    },
    restore() {
      cut = false;
      for (const pair of [...pairs]) if (pair.broken) destroy(pair);
    },
    async close() {
      for (const pair of [...pairs]) destroy(pair);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
