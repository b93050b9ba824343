// A private Git server for the end-to-end tests: Git's smart HTTP protocol on 127.0.0.1, served by git's own
// git-http-backend as a CGI program, that answers 401 (WWW-Authenticate: Basic) to every request without the
// Authorization header BuildKit sends for a GIT_AUTH_TOKEN secret, and records every request it saw.
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

const BACKEND = '/usr/lib/git-core/git-http-backend';

export interface GitRequest {
  readonly method: string;
  readonly path: string;
  /** none: no Authorization header; wrong: one that is not the token's; token: the token's, as BuildKit sends it. */
  readonly credentials: 'none' | 'wrong' | 'token';
  readonly status: number;
}

/**
 * BuildKit's header for a GIT_AUTH_TOKEN secret: `Authorization: basic base64("x-access-token:" + token)` (moby/buildkit
 * source/git/source.go, getAuthToken, passed to git as `http.<remote>.extraheader`). The scheme is case-insensitive
 * (RFC 9110); the user and the token are not.
 */
function credentialsOf(header: string | undefined, token: string): GitRequest['credentials'] {
  if (header === undefined) return 'none';
  const [scheme, encoded] = header.split(' ');
  return scheme.toLowerCase() === 'basic' && Buffer.from(encoded ?? '', 'base64').toString('utf8') === `x-access-token:${token}`
    ? 'token'
    : 'wrong';
}

export class GitServer {
  readonly requests: GitRequest[] = [];
  private server?: http.Server;
  private port = 0;

  /** @param root the directory of the bare repositories (`<name>.git`), served as `/<name>.git`. */
  constructor(
    readonly root: string,
    private readonly token: string,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.server = http.createServer((request, response) => this.serve(request, response));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** A bare repository `<name>.git` whose branch main holds these files, in one commit. */
  addRepository(name: string, files: Record<string, string>, scratch: string): string {
    const work = fs.mkdtempSync(path.join(scratch, `${name}-work-`));
    for (const [file, content] of Object.entries(files)) fs.writeFileSync(path.join(work, file), content);
    const git = (cwd: string, ...args: string[]): void => {
      execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
        cwd,
        stdio: 'pipe',
      });
    };
    git(work, 'init', '-q');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'files');
    const bare = path.join(this.root, `${name}.git`);
    git(this.root, 'clone', '-q', '--bare', work, bare);
    fs.rmSync(work, { recursive: true, force: true });
    return `${this.url}/${name}.git`;
  }

  private serve(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', this.url);
    const credentials = credentialsOf(request.headers.authorization, this.token);
    const record = (status: number): void => {
      this.requests.push({ method: request.method ?? '', path: url.pathname, credentials, status });
    };
    if (credentials !== 'token') {
      record(401);
      request.resume();
      response
        .writeHead(401, { 'WWW-Authenticate': 'Basic realm="e2e git"', 'Content-Type': 'text/plain' })
        .end('authentication required\n');
      return;
    }
    const cgi = spawn(BACKEND, [], {
      env: {
        PATH: process.env.PATH,
        GIT_PROJECT_ROOT: this.root,
        GIT_HTTP_EXPORT_ALL: '1',
        PATH_INFO: url.pathname,
        REQUEST_METHOD: request.method,
        QUERY_STRING: url.search.slice(1),
        CONTENT_TYPE: request.headers['content-type'] ?? '',
        ...(request.headers['content-length'] ? { CONTENT_LENGTH: request.headers['content-length'] } : {}),
        ...(request.headers['content-encoding'] ? { HTTP_CONTENT_ENCODING: request.headers['content-encoding'] } : {}),
        ...(request.headers['git-protocol'] ? { GIT_PROTOCOL: String(request.headers['git-protocol']) } : {}),
        REMOTE_USER: 'x-access-token',
        REMOTE_ADDR: request.socket.remoteAddress ?? '127.0.0.1',
      },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    // the backend may exit before it read the whole body (a bad request): its answer still counts
    cgi.stdin.on('error', () => undefined);
    request.pipe(cgi.stdin);
    const chunks: Buffer[] = [];
    cgi.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    cgi.on('close', () => {
      const output = Buffer.concat(chunks);
      const end = output.indexOf('\r\n\r\n');
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of output.subarray(0, Math.max(end, 0)).toString('latin1').split('\r\n')) {
        const [name, ...value] = line.split(':');
        if (name.toLowerCase() === 'status') status = Number.parseInt(value.join(':').trim(), 10);
        else if (name) headers[name] = value.join(':').trim();
      }
      record(status);
      response.writeHead(status, headers).end(end < 0 ? output : output.subarray(end + 4));
    });
  }
}
