// Which proxy a request to a registry goes through, decided as the docker CLI and buildx decide it (Go's
// ProxyFromEnvironment, golang.org/x/net/http/httpproxy), so that the action reads back through the same proxy
// that pushed: HTTPS_PROXY for https URLs and HTTP_PROXY for http ones (upper case first, then lower case), none
// for localhost, loopback addresses or a NO_PROXY match.
import * as net from 'node:net';

import { isLoopback } from '../config/values.js';

function envAny(env: NodeJS.ProcessEnv, ...names: string[]): string {
  for (const name of names) if (env[name]) return env[name] as string;
  return '';
}

/** The proxy URL for a request to `url`, or undefined to connect directly. */
export function proxyFor(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  const proxy = url.protocol === 'https:' ? envAny(env, 'HTTPS_PROXY', 'https_proxy') : envAny(env, 'HTTP_PROXY', 'http_proxy');
  if (proxy === '') return undefined;
  if (isLoopback(url.host)) return undefined;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (noProxyMatches(envAny(env, 'NO_PROXY', 'no_proxy'), host, port)) return undefined;
  return withScheme(proxy);
}

/** Go takes a proxy without a scheme as http:// */
function withScheme(proxy: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

/**
 * The passwords in the environment's proxy URLs (`http://user:password@proxy:3128`), as written and decoded: the
 * runner does not mask them, and a tool's error that quotes its proxy must not show one.
 */
export function proxyPasswords(env: NodeJS.ProcessEnv): string[] {
  const passwords = new Set<string>();
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
    const value = env[name];
    if (!value) continue;
    try {
      const { password } = new URL(withScheme(value));
      if (password === '') continue;
      passwords.add(password);
      passwords.add(decodeURIComponent(password));
    } catch {
      // not a URL: nothing in it the URL syntax marks as a password
    }
  }
  return [...passwords];
}

/**
 * NO_PROXY as Go reads it: comma-separated entries, `*` for everything, an IP address or CIDR block, or a domain
 * (matching it and its subdomains; with a leading "." or "*.", its subdomains only), each with an optional port.
 */
export function noProxyMatches(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean)) {
    if (raw === '*') return true;
    if (raw.includes('/')) {
      if (inCidr(host, raw)) return true;
      continue;
    }
    const [entryHost, entryPort] = splitPort(raw);
    if (entryPort !== '' && entryPort !== port) continue;
    if (net.isIP(entryHost)) {
      if (entryHost === host) return true;
      continue;
    }
    const subdomainsOnly = entryHost.startsWith('.') || entryHost.startsWith('*.');
    const domain = entryHost.replace(/^\*?\./, '');
    if (host.endsWith(`.${domain}`) || (!subdomainsOnly && host === domain)) return true;
  }
  return false;
}

/** `host:port`, `[v6]:port`, or a bare host (a bare IPv6 address keeps its colons). */
function splitPort(entry: string): [string, string] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1], bracketed[2] ?? ''];
  if (net.isIPv6(entry)) return [entry, ''];
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? [withPort[1], withPort[2]] : [entry, ''];
}

function inCidr(host: string, cidr: string): boolean {
  const [base, bits] = cidr.split('/');
  const family = net.isIPv4(base) ? 'ipv4' : net.isIPv6(base) ? 'ipv6' : undefined;
  if (!family || net.isIP(host) !== (family === 'ipv4' ? 4 : 6) || !/^\d+$/.test(bits)) return false;
  const list = new net.BlockList();
  try {
    list.addSubnet(base, Number(bits), family);
  } catch {
    return false;
  }
  return list.check(host, family);
}
