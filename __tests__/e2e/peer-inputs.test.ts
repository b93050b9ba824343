// build-push-action's and setup-buildx-action's inputs on the real stack, each checked by its effect: what the RUN
// steps saw is written into the image and read back by running the pushed image; attestations and tags are read
// from the registry; the named builder is looked up in buildx. Three runs share one named builder: the first
// creates and keeps it (cleanup: false), the second reuses and removes it, the third is a failing `call: check`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type ActionRun, docker, e2eFile, errorsOf, fileInImage, nonce, registryBlob, registryManifest, Workspace } from './harness.js';

const { s, ws, repository } = e2eFile('peer-inputs');
const builderName = `e2e-named-${nonce()}`;
const PLAIN = `plain-${nonce()}`;
const PEM = ['-----BEGIN TEST KEY-----', `MIIB${nonce()}${nonce()}`, `Zm9v${nonce()}`, '-----END TEST KEY-----'].join('\n');
const FROM_FILE = `file-${nonce()}`;
const FROM_ENV = `env-${nonce()}`;
const CGROUP_PARENT = `e2e-peer-${nonce()}`;
const SECRETS = [PLAIN, PEM, FROM_FILE, FROM_ENV, ...PEM.split('\n').slice(1, 3)];

// the base image's busybox has cat, df, grep, test, touch and ash's ulimit
const DOCKERFILE = [
  `FROM ${s.baseImage} AS helper`,
  'RUN cat /proc/sys/kernel/random/uuid > /helper',
  `FROM ${s.baseImage}`,
  'RUN --mount=type=secret,id=plain cat /run/secrets/plain > /plain',
  'RUN --mount=type=secret,id=pem cat /run/secrets/pem > /pem',
  'RUN --mount=type=secret,id=fromfile cat /run/secrets/fromfile > /fromfile',
  'RUN --mount=type=secret,id=fromenv cat /run/secrets/fromenv > /fromenv',
  'RUN --mount=type=secret,id=empty (test -e /run/secrets/empty && echo mounted || echo absent) > /empty',
  'RUN --mount=type=ssh test -S "$SSH_AUTH_SOCK" && touch /ssh-ok',
  'RUN --mount=type=ssh,id=keyed test -S "$SSH_AUTH_SOCK" && touch /ssh-key-ok',
  'COPY --from=extra note.txt /extra-note',
  'COPY --from=img /bin/busybox /img-busybox',
  'COPY --from=helper /helper /helper',
  'RUN cat /etc/hosts > /hosts && df -k /dev/shm > /shm && ulimit -n > /nofile && ulimit -Hn > /nofile-hard && cat /proc/net/dev > /netdev && cat /proc/self/cgroup > /cgroup',
  '',
].join('\n');

let agent: ChildProcess;
let first: ActionRun;
let second: ActionRun;
let check: ActionRun;
let cleanCheck: ActionRun;
let keptAfterFirst: boolean;

const login = { registry: s.registry, username: s.username, password: s.password };
// the builder's BuildKit reaches the loopback registry over the host's network, in plain HTTP
const builderInputs = { 'driver-opts': 'network=host', 'buildkitd-config-inline': `[registry."${s.registry}"]\n  http = true\n` };

function event(isPrivate: boolean): string {
  return ws.write(
    `event-${isPrivate ? 'private' : 'public'}.json`,
    JSON.stringify({ repository: { full_name: 'acme/app', private: isPrivate } }),
  );
}

beforeAll(async () => {
  ws.write('ctx/Dockerfile', DOCKERFILE);
  ws.write('extra/note.txt', 'from the extra context\n');
  const secretFile = ws.write('secret.txt', FROM_FILE);
  const key = path.join(ws.dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', key]);
  const socket = path.join(ws.dir, 'agent.sock');
  agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !fs.existsSync(socket); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  execFileSync('ssh-add', ['-q', key], { env: { ...process.env, SSH_AUTH_SOCK: socket } });

  const env = { SSH_AUTH_SOCK: socket, E2E_SECRET_ENV: FROM_ENV, GITHUB_EVENT_PATH: event(false) };
  const inputs = {
    ...login,
    ...builderInputs,
    platforms: 'linux/amd64',
    context: `${ws.dir}/ctx`,
    name: builderName,
    secrets: `plain=${PLAIN}\n"pem=${PEM}"\nempty=\n`,
    // INVALID_SECRET= is in build-push-action's own CI: skipped there with a warning
    'secret-files': `fromfile=${secretFile}\nINVALID_SECRET=`,
    'secret-envs': 'fromenv=E2E_SECRET_ENV\nINVALID_SECRET=',
    ssh: `default\nkeyed=${key}`,
    // lines quoted whole, as build-push-action reads them (CSV records): the quotes do not reach buildx
    'build-contexts': `"extra=${ws.dir}/extra"\nimg=docker-image://${s.baseImage}`,
    'add-hosts': 'peerhost:10.11.12.13,otherhost=10.11.12.14',
    'shm-size': '96m',
    ulimit: '"nofile=1024:2048"',
    'cgroup-parent': CGROUP_PARENT,
  };
  // allow: the created builder gets the entitlement, which the second run's network: host needs of the reused builder
  first = await ws.run(
    { ...inputs, tags: `${s.registry}/${repository}:first`, network: 'none', allow: 'network.host', cleanup: 'false' },
    { env },
  );
  keptAfterFirst = ws.builders().includes(builderName);
  second = await ws.run(
    {
      ...inputs,
      tags: `${s.registry}/${repository}:second`,
      network: 'host',
      allow: 'network.host',
      'no-cache-filters': 'helper',
      attests: 'type=provenance,mode=min',
    },
    { env: { ...env, GITHUB_EVENT_PATH: event(true) } },
  );
  ws.write('check/Dockerfile', `FROM ${s.baseImage} as base\nRUN true\n`);
  check = await ws.run({
    ...login,
    ...builderInputs,
    platforms: 'linux/amd64',
    context: `${ws.dir}/check`,
    call: 'check',
    tags: `${s.registry}/${repository}:check`,
  });
  ws.write('clean/Dockerfile', `FROM ${s.baseImage} AS base\nRUN true\n`);
  cleanCheck = await ws.run({
    ...login,
    ...builderInputs,
    platforms: 'linux/amd64',
    context: `${ws.dir}/clean`,
    call: 'check',
    tags: `${s.registry}/${repository}:clean`,
  });
}, 900_000);

afterAll(() => {
  agent?.kill();
  docker(['buildx', 'rm', '--force', builderName], { DOCKER_CONFIG: ws.dockerConfig });
  ws.remove();
});

/** A file of the pushed image, read by running it. */
const fileIn = (run: ActionRun, file: string): string =>
  fileInImage(`${s.registry}/${repository}@${run.outputs.digest}`, file, pullConfig.dockerConfig);

const pullConfig = new Workspace('peer-inputs-pull');
beforeAll(() => {
  expect(
    docker(['login', s.registry, '-u', s.username, '--password-stdin'], { DOCKER_CONFIG: pullConfig.dockerConfig }, s.password).code,
  ).toBe(0);
});
afterAll(() => pullConfig.remove());

test('both builds succeed and push', () => {
  for (const run of [first, second])
    expect({ main: run.main.code, post: run.post.code, errors: errorsOf(run), digest: run.outputs.digest }).toEqual({
      main: 0,
      post: 0,
      errors: [],
      digest: expect.stringMatching(/^sha256:/),
    });
});

describe('secrets, secret-files, secret-envs', () => {
  test('each reaches its RUN --mount=type=secret, the multi-line one byte for byte', () => {
    expect({
      plain: fileIn(first, '/plain'),
      pem: fileIn(first, '/pem'),
      file: fileIn(first, '/fromfile'),
      env: fileIn(first, '/fromenv'),
    }).toEqual({ plain: PLAIN, pem: PEM, file: FROM_FILE, env: FROM_ENV });
  });

  test('an empty secret is not mounted, with a warning naming its id', () => {
    expect(fileIn(first, '/empty')).toBe('absent\n');
    expect(first.main.stdout).toContain('::warning::Input "secrets": the secret "empty" has an empty value and is not passed to the build');
  });

  test('an entry id= of secret-files and secret-envs is skipped with a warning, as build-push-action skips it', () => {
    expect(first.main.stdout).toContain(
      '::warning::Input "secret-files": the secret "INVALID_SECRET" has no path and is not passed to the build',
    );
    expect(first.main.stdout).toContain(
      '::warning::Input "secret-envs": the secret "INVALID_SECRET" names no variable and is not passed to the build',
    );
  });

  test('no value, nor a line of the multi-line one, appears in any log, output, state or summary', () => {
    for (const run of [first, second]) {
      expect(SECRETS.filter((secret) => run.everything.includes(secret))).toEqual([]);
      expect(run.everything).not.toContain(s.password);
    }
  });
});

test('ssh: the agent and the key are mounted for RUN --mount=type=ssh', () => {
  expect({ agent: fileIn(first, '/ssh-ok'), key: fileIn(first, '/ssh-key-ok') }).toEqual({ agent: '', key: '' });
});

test('build-contexts: a local directory and a docker-image:// context are what COPY --from reads', () => {
  expect(fileIn(first, '/extra-note')).toBe('from the extra context\n');
  expect(fileIn(first, '/img-busybox').length).toBeGreaterThan(100_000);
});

test('add-hosts, shm-size and ulimit are what the RUN step saw', () => {
  const hosts = fileIn(first, '/hosts');
  expect(hosts).toMatch(/^10\.11\.12\.13\s+peerhost$/m);
  expect(hosts).toMatch(/^10\.11\.12\.14\s+otherhost$/m);
  expect(fileIn(first, '/shm').split('\n')[1].trim().split(/\s+/)[1]).toBe(String(96 * 1024));
  expect({ soft: fileIn(first, '/nofile').trim(), hard: fileIn(first, '/nofile-hard').trim() }).toEqual({ soft: '1024', hard: '2048' });
});

test('cgroup-parent: the RUN step ran in a cgroup below it', () => {
  expect(fileIn(first, '/cgroup')).toContain(CGROUP_PARENT);
});

test("network: none leaves RUN only the loopback; host (allowed through allow) shows the host's interfaces", () => {
  const interfaces = (run: ActionRun): string[] =>
    fileIn(run, '/netdev')
      .split('\n')
      .slice(2)
      .map((line) => line.split(':')[0].trim())
      .filter(Boolean);
  expect(interfaces(first)).toEqual(['lo']);
  expect(interfaces(second).length).toBeGreaterThan(1);
});

test('no-cache-filters: the filtered stage runs again, the others come from the cache', () => {
  expect(fileIn(second, '/helper')).not.toBe(fileIn(first, '/helper'));
  expect(fileIn(second, '/plain')).toBe(PLAIN);
});

/** The provenance predicate attached to the pushed image, straight from the registry. */
async function provenanceOf(run: ActionRun): Promise<Record<string, unknown>> {
  const index = JSON.parse((await registryManifest(s, repository, run.outputs.digest)).body) as {
    manifests: { digest: string; annotations?: Record<string, string> }[];
  };
  const attestation = index.manifests.find((m) => m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest');
  if (!attestation) throw new Error('no attestation manifest in the index');
  const manifest = JSON.parse((await registryManifest(s, repository, attestation.digest)).body) as {
    layers: { digest: string; annotations?: Record<string, string> }[];
  };
  const layer = manifest.layers.find((l) => (l.annotations?.['in-toto.io/predicate-type'] ?? '').includes('slsa.dev/provenance'));
  if (!layer) throw new Error('no provenance layer in the attestation manifest');
  return (JSON.parse(await registryBlob(s, repository, layer.digest)) as { predicate: Record<string, unknown> }).predicate;
}

test('provenance: empty on a public repository gives mode=max, as build-push-action; attests mode=min is kept as given', async () => {
  // mode=max records the build's configuration (its LLB steps); mode=min leaves it out
  const max = JSON.stringify(await provenanceOf(first));
  const min = JSON.stringify(await provenanceOf(second));
  expect({ max: /buildConfig|"llbDefinition"/.test(max), min: /buildConfig|"llbDefinition"/.test(min) }).toEqual({ max: true, min: false });
});

test('name and cleanup: the first run creates the named builder and keeps it, the second reuses it and removes it', () => {
  expect(first.outputs.builder).toBe(builderName);
  expect(second.outputs.builder).toBe(builderName);
  expect(first.main.stdout).toMatch(new RegExp(`^\\[command\\]\\S*docker buildx create --name ${builderName} `, 'm'));
  expect(second.main.stdout).not.toMatch(/^\[command\]\S*docker buildx create/m);
  expect(second.main.stdout).toContain(`Builder ${builderName} exists: reused`);
  expect({ keptAfterFirst, afterSecond: ws.builders().includes(builderName) }).toEqual({ keptAfterFirst: true, afterSecond: false });
});

describe('call: check', () => {
  test("fails the step with the checks' summary, reports the findings in metadata, and pushes nothing", async () => {
    expect({ code: check.main.code, errors: errorsOf(check) }).toEqual({
      code: 1,
      errors: [expect.stringMatching(/^::error::check of the build failed: Check complete, 1 warning has been found!$/)],
    });
    expect(check.outputs.metadata).toContain('FromAsCasing');
    expect((await registryManifest(s, repository, 'check')).status).toBe(404);
    expect(check.outputs.digest ?? '').toBe('');
  });

  test('passes a Dockerfile without findings: the step succeeds, with no digest, and pushes nothing', async () => {
    expect({
      code: cleanCheck.main.code,
      errors: errorsOf(cleanCheck),
      digest: cleanCheck.outputs.digest,
      platformDigests: cleanCheck.outputs['platform-digests'],
    }).toEqual({ code: 0, errors: [], digest: '', platformDigests: '{}' });
    expect(cleanCheck.outputs.metadata).not.toContain('ruleName');
    // build-push-action writes no summary for a check either
    expect(cleanCheck.summary).toBe('');
    expect((await registryManifest(s, repository, 'clean')).status).toBe(404);
  });
});
