// Registry authentication, as the docker CLI and registries practise it: the challenges a 401 carries, the token
// request they ask for, and the credentials an earlier `docker login` or a credential helper left.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import { dockerConfigDir } from '../docker/facts.js';
import { canonicalRegistry } from '../image/reference.js';

/** One challenge of a WWW-Authenticate header: its scheme (lower case) and its parameters (names lower case). */
export interface Challenge {
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * The challenges in a WWW-Authenticate header (RFC 7235): several in one header (fetch also joins repeated headers
 * with ", "), parameter values quoted (with backslash escapes) or bare tokens, any parameters, schemes in any case.
 */
export function parseChallenges(header: string): Challenge[] {
  const challenges: { scheme: string; params: Record<string, string> }[] = [];
  const token = /[^\s,="]+/y;
  let i = 0;
  const skip = (chars: RegExp): void => {
    while (i < header.length && chars.test(header[i])) i++;
  };
  while (i < header.length) {
    skip(/[\s,]/);
    token.lastIndex = i;
    const name = token.exec(header)?.[0];
    if (!name) {
      i++;
      continue;
    }
    i += name.length;
    skip(/[ \t]/);
    if (header[i] !== '=') {
      challenges.push({ scheme: name.toLowerCase(), params: {} });
      continue;
    }
    i++;
    skip(/[ \t]/);
    let value = '';
    if (header[i] === '"') {
      for (i++; i < header.length && header[i] !== '"'; i++) value += header[i] === '\\' ? (header[++i] ?? '') : header[i];
      i++;
    } else {
      token.lastIndex = i;
      value = token.exec(header)?.[0] ?? '';
      i += value.length;
    }
    const current = challenges.at(-1);
    if (current) current.params[name.toLowerCase()] = value;
  }
  return challenges;
}

/** The token request a Bearer challenge asks for ("Bearer realm=…,service=…,scope=…"), or undefined without one. */
export function tokenUrl(header: string, scope: string): string | undefined {
  const bearer = parseChallenges(header).find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm);
  if (!bearer) return undefined;
  const url = new URL(bearer.params.realm);
  if (bearer.params.service) url.searchParams.set('service', bearer.params.service);
  url.searchParams.set('scope', scope);
  return url.toString();
}

export interface Credentials {
  readonly username: string;
  readonly password: string;
  /**
   * An identity token (an OAuth2 refresh token, as `az acr login` or a browser login leaves) instead of a
   * password: exchanged at the token service, never sent to the registry itself.
   */
  readonly identityToken?: string;
}

/** The docker CLI's username for an identity token. */
const IDENTITY_TOKEN_USER = '<token>';

export function basicAuthorization(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

/**
 * How to ask a token service for a token: a GET with Basic credentials (or none, for public repositories), or
 * with an identity token the OAuth2 refresh-token grant (distribution's docs/spec/auth/oauth.md): a form POST.
 */
export function tokenRequestInit(
  url: URL,
  credentials: Credentials | undefined,
): { method: string; headers: Record<string, string>; body?: string } {
  if (!credentials) return { method: 'GET', headers: {} };
  if (!credentials.identityToken) return { method: 'GET', headers: { Authorization: basicAuthorization(credentials) } };
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: credentials.identityToken,
    client_id: 'buildx-multiarch',
  });
  for (const name of ['service', 'scope']) {
    for (const value of url.searchParams.getAll(name)) form.append(name, value);
  }
  return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString() };
}

/** The key `docker login` files a registry under in config.json: Docker Hub keeps its historical URL. */
function configKey(registry: string): string {
  return registry === 'docker.io' ? 'https://index.docker.io/v1/' : registry;
}

/** A config.json key's registry: keys may carry a scheme and a path (`https://index.docker.io/v1/`). */
function registryOfKey(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
  return canonicalRegistry(host);
}

/**
 * `docker-credential-<helper> get`: the server on stdin, {Username, Secret} on stdout; undefined when it has none.
 * Run directly, not through the exec seam: its whole stdout is a secret, which must never be echoed or logged.
 */
function credentialHelper(helper: string, server: string): Promise<Credentials | undefined> {
  return new Promise((resolve) => {
    const child = execFile(`docker-credential-${helper}`, ['get'], { env: process.env, timeout: 10_000 }, (error, stdout) => {
      if (error) return resolve(undefined);
      try {
        const answer = JSON.parse(stdout) as { Username?: string; Secret?: string };
        if (!answer.Secret || !answer.Username) return resolve(undefined);
        resolve(
          answer.Username === IDENTITY_TOKEN_USER
            ? { username: answer.Username, password: '', identityToken: answer.Secret }
            : { username: answer.Username, password: answer.Secret },
        );
      } catch {
        resolve(undefined);
      }
    });
    child.stdin?.end(server);
  });
}

/**
 * The credentials a `docker login` earlier in the job left for a registry, where the docker CLI keeps them:
 * the registry's credHelpers entry or the credsStore (a docker-credential-* helper), else config.json's auths.
 */
export async function dockerConfigCredentials(registry: string, env: NodeJS.ProcessEnv = process.env): Promise<Credentials | undefined> {
  const config = readDockerConfig(env);
  if (!config) return undefined;
  const helper = Object.entries(config.credHelpers ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1] ?? config.credsStore;
  const fromHelper = helper ? await credentialHelper(helper, configKey(registry)) : undefined;
  if (fromHelper) {
    core.setSecret(fromHelper.identityToken ?? fromHelper.password);
    return fromHelper;
  }
  const entry = authsEntry(config, registry);
  if (entry?.identitytoken) {
    core.setSecret(entry.identitytoken);
    return { username: IDENTITY_TOKEN_USER, password: '', identityToken: entry.identitytoken };
  }
  if (entry?.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      core.setSecret(decoded.slice(colon + 1));
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
  }
  return entry?.username && entry.password ? { username: entry.username, password: entry.password } : undefined;
}

/**
 * The config.json that still holds a secret for the registry (an `auths` entry with auth, a password or an
 * identity token), else undefined: `docker logout` exits 0 and leaves it there when it cannot write the file. What
 * a credential helper keeps is not looked at: a helper such as ecr-login answers for a registry whatever logout did.
 */
export function configFileHoldingSecret(registry: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const entry = authsEntry(readDockerConfig(env), registry);
  return entry?.auth || entry?.password || entry?.identitytoken ? configFile(env) : undefined;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string }>;
  credHelpers?: Record<string, string>;
  credsStore?: string;
}

const configFile = (env: NodeJS.ProcessEnv): string => path.join(dockerConfigDir(env), 'config.json');

/** The docker CLI's config.json; undefined when there is none, or it is not JSON. */
function readDockerConfig(env: NodeJS.ProcessEnv): DockerConfigFile | undefined {
  try {
    return JSON.parse(fs.readFileSync(configFile(env), 'utf8')) as DockerConfigFile;
  } catch {
    return undefined;
  }
}

function authsEntry(config: DockerConfigFile | undefined, registry: string): NonNullable<DockerConfigFile['auths']>[string] | undefined {
  return Object.entries(config?.auths ?? {}).find(([key]) => registryOfKey(key) === registry)?.[1];
}
