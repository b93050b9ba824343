// What the legs suites share (legs.test.ts, legs.registry.test.ts): the registries and the Actions cache they run
// against, a workflow job as the runner runs it, legs and merges of it, and reads of the registry's HTTP API.
import { afterAll, beforeAll } from '@jest/globals';

import { ActionsCache } from './actions-cache.js';
import { Distribution } from './distribution.js';
import { type ActionRun, nonce, stack, Workspace } from './harness.js';

export const s = stack();
export const user = { username: 'legs', password: `legs-${nonce()}` };
// the Actions cache service job() points a cached job at, once legsRegistries() has started it
let cache: ActionsCache | undefined;
const workspaces: Workspace[] = [];
export const warningsOf = (run: ActionRun): string[] => run.main.stdout.split('\n').filter((line) => line.startsWith('::warning::'));
const ACCEPT = 'application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest.v1+json';
export const auth = (): Record<string, string> => ({
  Authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`,
});
export const isRecord = (tag: string): boolean => tag.startsWith('buildx-multiarch-leg-');

export async function tagsOf(host: string, repository: string): Promise<string[]> {
  const response = await fetch(`http://${host}/v2/${repository}/tags/list`, { headers: auth() });
  return ((await response.json()) as { tags: string[] | null }).tags?.sort() ?? [];
}

export async function manifestOf(
  host: string,
  repository: string,
  reference: string,
): Promise<{ status: number; digest: string; body: string }> {
  const response = await fetch(`http://${host}/v2/${repository}/manifests/${reference}`, { headers: { ...auth(), Accept: ACCEPT } });
  return { status: response.status, digest: response.headers.get('docker-content-digest') ?? '', body: await response.text() };
}

export interface Job {
  readonly host: string;
  readonly run: string;
  readonly attempt?: number;
  /** With the Actions cache service in the job's environment. */
  readonly cached?: boolean;
}

/** One job of a workflow run: its own runner (workspace), the run id and attempt in the environment. */
export function job(label: string, inputs: Record<string, string>, where: Job): Promise<ActionRun> {
  const ws = new Workspace(label);
  workspaces.push(ws);
  const env = {
    GITHUB_RUN_ID: where.run,
    GITHUB_RUN_ATTEMPT: String(where.attempt ?? 1),
    ...(where.cached ? (cache as ActionsCache).env() : {}),
  };
  const base = {
    registry: where.host,
    username: user.username,
    password: user.password,
    'driver-opts': 'network=host',
    'insecure-registries': `${s.registry},${where.host}`,
  };
  // the base image comes from the stack's registry
  const stackLogin = { 'registry-auth': `- registry: ${s.registry}\n  username: ${s.username}\n  password: ${s.password}\n` };
  return ws.run({ ...base, ...stackLogin, ...inputs }, { env });
}

export function context(name: string, dockerfile: string): string {
  const ws = new Workspace(`ctx-${name}`);
  workspaces.push(ws);
  ws.write('Dockerfile', dockerfile);
  return ws.dir;
}

export const image = (where: Job, repository: string, tag: string): string => `${where.host}/${repository}:${tag}`;

export function leg(
  where: Job,
  repository: string,
  tag: string,
  platforms: string,
  ctx: string,
  extra: Record<string, string> = {},
): Promise<ActionRun> {
  return job(
    `leg-${platforms.replace(/[/,]/g, '-')}`,
    { 'push-by-digest': 'true', platforms, tags: image(where, repository, tag), context: ctx, ...extra },
    where,
  );
}

export function merge(
  where: Job,
  repository: string,
  tags: string[],
  platforms?: string,
  extra: Record<string, string> = {},
): Promise<ActionRun> {
  return job(
    'merge',
    { merge: 'true', ...(platforms ? { platforms } : {}), tags: tags.map((tag) => image(where, repository, tag)).join(','), ...extra },
    where,
  );
}

export const ARCH = `FROM ${s.baseImage}\nRUN uname -m > /arch\n`;

/** The registries the legs run against and the Actions cache service, started before the file's tests, stopped after. */
export interface LegsRegistries {
  /** Refuses DELETE, as Docker Hub and GHCR do. */
  refusing: Distribution;
  deleting: Distribution;
  cache: ActionsCache;
}

/** Registers the file's beforeAll and afterAll; the fields are there once beforeAll has run. */
export function legsRegistries(): LegsRegistries {
  const started = {} as LegsRegistries;
  beforeAll(async () => {
    [started.refusing, started.deleting, started.cache] = await Promise.all([
      Distribution.start({ auth: { htpasswd: user }, deleteEnabled: false }),
      Distribution.start({ auth: { htpasswd: user }, deleteEnabled: true }),
      ActionsCache.start(),
    ]);
    cache = started.cache;
  }, 60_000);
  afterAll(async () => {
    workspaces.forEach((ws) => ws.remove());
    await Promise.all([started.refusing.stop(), started.deleting.stop(), started.cache.close()]);
  });
  return started;
}
