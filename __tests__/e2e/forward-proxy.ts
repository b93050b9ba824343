// A forward proxy for tests, on 127.0.0.1: it resolves *.proxy.test to 127.0.0.1 (same port), a name nothing else
// resolves, so a request to such a name that succeeds went through it (as a corporate proxy resolves what the
// runner cannot). CONNECT tunnels and forwarded plain-HTTP requests; with `requireAuth`, Basic proxy credentials.
// It records the request line of each.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as net from 'node:net';

export const PROXY_USER = 'corp';
export const PROXY_PASSWORD = 'pr0xy-s3cret';

/** A forward proxy that resolves *.proxy.test to 127.0.0.1 (same port) and records what it was asked. */
export class TestProxy {
  readonly seen: string[] = [];
  requireAuth = false;
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<TestProxy> {
    const proxy = new TestProxy(http.createServer());
    proxy.server.on('request', (req, res) => proxy.forward(req, res));
    proxy.server.on('connect', (req, socket: net.Socket, head) => proxy.tunnel(req, socket, head));
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  url(withCredentials = false): string {
    const credentials = withCredentials ? `${PROXY_USER}:${encodeURIComponent(PROXY_PASSWORD)}@` : '';
    return `http://${credentials}127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private refused(req: http.IncomingMessage): boolean {
    const expected = `Basic ${Buffer.from(`${PROXY_USER}:${PROXY_PASSWORD}`).toString('base64')}`;
    return this.requireAuth && req.headers['proxy-authorization'] !== expected;
  }

  private forward(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.seen.push(`${req.method} ${req.url}`);
    const target = new URL(req.url ?? '');
    if (this.refused(req)) return void res.writeHead(407, { 'Proxy-Authenticate': 'Basic realm="corp"' }).end();
    if (!target.hostname.endsWith('.proxy.test')) return void res.writeHead(502).end();
    const headers = { ...req.headers, host: target.host };
    delete headers['proxy-authorization'];
    const upstream = http.request(
      { host: '127.0.0.1', port: target.port, method: req.method, path: target.pathname + target.search, headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(upstream);
  }

  private tunnel(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    this.seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    if (this.refused(req)) return void socket.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
    if (!host.endsWith('.proxy.test')) return void socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
    const upstream = net.connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
