/**
 * A TCP proxy in front of DynamoDB Local that a test can break: 'refuse' (nothing listens, as when
 * the service is down) or 'blackhole' (connections are accepted and never answered, as when a
 * network path drops packets), then 'pass' again.
 */
import net from 'node:net';
import { freePort } from './ports';

export type Fault = 'pass' | 'refuse' | 'blackhole';

export interface FaultyProxy {
  url: string;
  set(fault: Fault): Promise<void>;
  close(): Promise<void>;
}

export async function faultyProxy(target: { host: string; port: number }): Promise<FaultyProxy> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let fault: Fault = 'pass';
  let server: net.Server | undefined;

  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  };
  const onConnection = (client: net.Socket) => {
    track(client);
    if (fault === 'blackhole') return;
    const upstream = net.connect(target.port, target.host);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.destroy());
  };
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  const stopListening = () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  const dropAll = () => sockets.forEach((socket) => socket.destroy());

  await listen();
  return {
    url: `http://127.0.0.1:${port}`,
    async set(next) {
      dropAll();
      if (next === 'refuse' && fault !== 'refuse') await stopListening();
      if (next !== 'refuse' && fault === 'refuse') await listen();
      fault = next;
    },
    async close() {
      dropAll();
      await stopListening();
    },
  };
}
