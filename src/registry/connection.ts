// How the registry client's requests reach a registry: directly, or through the proxy the environment names (as
// the docker CLI and buildx would, see proxy.ts), with certificate checks off only for a registry named insecure.
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';

import { basicAuthorization } from './auth.js';
import { proxyFor } from './proxy.js';

/** A registry that stops answering is given up on (and buildx asked instead) long before undici's 5 minutes. */
export const TIMEOUT_MS = 20_000;

/**
 * The dispatcher fetch needs for `url`: a proxy's, or one that accepts any certificate; undefined for fetch's own.
 * undici is loaded only then: it is big, and most runs need neither.
 */
export async function dispatcherFor(url: URL, acceptAnyCertificate: boolean, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  const proxy = proxyFor(url, env);
  if (!proxy && !acceptAnyCertificate) return undefined;
  const { Agent, ProxyAgent } = await import('undici');
  const certificates = acceptAnyCertificate ? { rejectUnauthorized: false } : undefined;
  // https goes through a CONNECT tunnel, TLS end to end (the proxy sees the host, never the requests or the
  // credentials in them); plain http is forwarded, as Go does (proxies commonly allow CONNECT to port 443 only)
  return proxy
    ? new ProxyAgent({ uri: proxy, requestTls: certificates, proxyTunnel: url.protocol === 'https:' })
    : new Agent({ connect: certificates });
}

/**
 * Whether the registry at host:port completes a TLS handshake (any certificate); false when it speaks plain HTTP.
 * Through the environment's proxy when it names one for the registry, as the requests that follow will go.
 */
export async function speaksTls(host: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const url = new URL(`https://${host}`);
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = Number(url.port || 443);
  const proxy = proxyFor(url, env);
  const socket = proxy ? await tunnel(new URL(proxy), hostname, port) : undefined;
  return new Promise((resolve, reject) => {
    const servername = net.isIP(hostname) ? undefined : hostname;
    const connection = tls.connect({
      ...(socket ? { socket } : { host: hostname, port }),
      servername,
      rejectUnauthorized: false,
      timeout: TIMEOUT_MS,
    });
    connection.once('secureConnect', () => {
      connection.destroy();
      resolve(true);
    });
    connection.once('timeout', () => connection.destroy(new Error(`no TLS handshake with ${host} within ${TIMEOUT_MS / 1000}s`)));
    // a plain-HTTP server answers the ClientHello with an HTTP error, which OpenSSL reads as a bad record
    connection.once('error', (error: NodeJS.ErrnoException) => (error.code?.startsWith('ERR_SSL_') ? resolve(false) : reject(error)));
  });
}

/** A connection to host:port through the proxy's CONNECT tunnel. Errors name the target, never the proxy's credentials. */
function tunnel(proxy: URL, host: string, port: number): Promise<net.Socket> {
  const target = `${net.isIPv6(host) ? `[${host}]` : host}:${port}`;
  const headers: Record<string, string> = { Host: target };
  if (proxy.username)
    headers['Proxy-Authorization'] = basicAuthorization({
      username: decodeURIComponent(proxy.username),
      password: decodeURIComponent(proxy.password),
    });
  const client = proxy.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request({
      host: proxy.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: proxy.port || (proxy.protocol === 'https:' ? 443 : 80),
      method: 'CONNECT',
      path: target,
      headers,
      timeout: TIMEOUT_MS,
    });
    request.once('connect', (response, socket) => {
      if (response.statusCode === 200) return resolve(socket);
      socket.destroy();
      reject(new Error(`the proxy answered ${response.statusCode} to a tunnel to ${target}`));
    });
    request.once('timeout', () => request.destroy(new Error(`the proxy opened no tunnel to ${target} within ${TIMEOUT_MS / 1000}s`)));
    request.once('error', reject);
    request.end();
  });
}
