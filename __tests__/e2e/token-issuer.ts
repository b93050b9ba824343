// The token service a Distribution of distribution.ts can be configured with (`auth: token:`), written here: what
// Docker Hub, GHCR and Harbor do in front of their registries, with tokens of a lifetime the test chooses.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';

import { type Credentials, selfSignedCertificate, tempDir } from './distribution.js';

/**
 * A token service as Distribution's `auth: token:` expects one (registry/auth/token/token.go): an ES256 JWT whose
 * `x5c` header holds the self-signed certificate that is also the registry's `rootcertbundle`; `iss` the issuer,
 * `aud` the service, `access` what the scope asked for. Users log in with Basic; anonymous requests are refused.
 */
export class TokenIssuer {
  readonly service = 'test-registry';
  readonly issuer = 'test-issuer';
  /** Every request, with its Authorization header and query (or POSTed form), in order. */
  readonly requests: { method: string; authorization: string | undefined; query: URLSearchParams }[] = [];
  /** The identity (OAuth2 refresh) token its user may use instead of the password. */
  readonly identityToken = `identity-${crypto.randomBytes(12).toString('hex')}`;
  issued = 0;

  private constructor(
    private readonly server: http.Server,
    private readonly dir: string,
    /** The rootcertbundle path. */
    readonly certificate: string,
    private readonly key: crypto.KeyObject,
    private readonly x5c: string,
    private readonly user: Credentials,
    /** How long a token is good for, seconds. */
    readonly lifetime: number,
  ) {}

  static async start(user: Credentials, lifetimeSeconds: number): Promise<TokenIssuer> {
    const dir = tempDir('token-issuer-');
    const { cert, key } = selfSignedCertificate(dir, 'token-signer');
    const der = new crypto.X509Certificate(fs.readFileSync(cert)).raw.toString('base64');
    const server = http.createServer();
    const issuer = new TokenIssuer(server, dir, cert, crypto.createPrivateKey(fs.readFileSync(key)), der, user, lifetimeSeconds);
    server.on('request', (req, res) => issuer.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return issuer;
  }

  get realm(): string {
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}/token`;
  }

  /** A token for `scope` strings ("repository:acme/app:pull,push"). */
  sign(scopes: readonly string[]): string {
    const now = Math.floor(Date.now() / 1000);
    const access = scopes.map((scope) => {
      const [type, name, actions] = scope.split(':');
      return { type, name, actions: actions.split(',') };
    });
    // Distribution adds 60 s of leeway to exp (token.go, Leeway): a token meant to live `lifetime` s says so
    const claims = {
      iss: this.issuer,
      sub: this.user.username,
      aud: this.service,
      exp: now + this.lifetime - 60,
      nbf: now - 1,
      iat: now,
      jti: crypto.randomUUID(),
      access,
    };
    const header = { typ: 'JWT', alg: 'ES256', x5c: [this.x5c] };
    const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const payload = `${encode(header)}.${encode(claims)}`;
    const signature = crypto.sign('sha256', Buffer.from(payload), { key: this.key, dsaEncoding: 'ieee-p1363' }).toString('base64url');
    this.issued++;
    return `${payload}.${signature}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'POST') {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => this.refresh(req, new URLSearchParams(body), res));
      return;
    }
    const query = new URL(req.url ?? '/', 'http://x').searchParams;
    this.requests.push({ method: 'GET', authorization: req.headers.authorization, query });
    const basic = `Basic ${Buffer.from(`${this.user.username}:${this.user.password}`).toString('base64')}`;
    if (req.headers.authorization !== basic) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'WWW-Authenticate': 'Basic realm="token"' });
      return void res.end('{"details":"incorrect username or password"}');
    }
    const token = this.sign(query.getAll('scope'));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ token, access_token: token, expires_in: this.lifetime, issued_at: new Date().toISOString() }));
  }

  /**
   * The OAuth2 grants of distribution's docs/spec/auth/oauth.md: refresh_token, as clients holding an identity
   * token use, and password, as BuildKit's pushes use with a login's username and password.
   */
  private refresh(req: http.IncomingMessage, form: URLSearchParams, res: http.ServerResponse): void {
    this.requests.push({ method: 'POST', authorization: req.headers.authorization, query: form });
    const refresh = form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === this.identityToken;
    const password =
      form.get('grant_type') === 'password' && form.get('username') === this.user.username && form.get('password') === this.user.password;
    if (!refresh && !password) {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return void res.end('{"error":"invalid_grant"}');
    }
    const token = this.sign(form.getAll('scope').flatMap((scope) => scope.split(' ')));
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ access_token: token, expires_in: this.lifetime, scope: form.getAll('scope').join(' ') }));
  }
}
