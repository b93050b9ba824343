// registry-mirror on the real stack: a Distribution of this file's own stands in for Docker Hub's mirror, holding
// the builder's BuildKit image (moby/buildkit:buildx-stable-1) and library/busybox:1, and no binfmt image. The
// Dockerfile's FROM names Docker Hub (busybox:1), which this machine cannot reach: the build succeeds only through
// the mirror, and the mirror's access log shows what came through it. The mirror wants a login, as Docker Hub counts
// a user's pulls apart from anonymous ones; the step logs in to it, and the binfmt image is pulled after that login,
// as that user, from the mirror (absent there: the host's emulators stand in).
import { afterAll, beforeAll, expect, test } from '@jest/globals';

import { ACCEPT_ANY_MANIFEST } from '../../src/image/oci.js';
import { Distribution } from './distribution.js';
import {
  type ActionRun,
  basicAuth,
  docker,
  e2eFile,
  errorsOf,
  indexPlatforms,
  nonce,
  registryManifest,
  unregisterEmulators,
} from './harness.js';

const { s, ws, repository } = e2eFile('mirror');
const BUILDKIT = 'moby/buildkit:buildx-stable-1';
const MIRROR_USER = { username: 'hub-user', password: nonce() };
let mirror: Distribution;
let run: ActionRun;

/**
 * Copies an image (an index and what it refers to) from the stack's registry to the mirror over both APIs:
 * `imagetools create` from one loopback registry to another waits forever here.
 */
async function copyImage(from: string, reference: string, to: string): Promise<void> {
  const source = (kind: string, ref: string): Promise<Response> =>
    fetch(`http://${s.registry}/v2/${from}/${kind}/${ref}`, {
      headers: { Accept: ACCEPT_ANY_MANIFEST, Authorization: basicAuth(s.username, s.password) },
    });
  const auth = basicAuth(MIRROR_USER.username, MIRROR_USER.password);
  const putBlob = async (digest: string): Promise<void> => {
    const bytes = Buffer.from(await (await source('blobs', digest)).arrayBuffer());
    const upload = await fetch(`${mirror.url}/v2/${to}/blobs/uploads/`, { method: 'POST', headers: { Authorization: auth } });
    const location = new URL(upload.headers.get('location') ?? '', mirror.url);
    location.searchParams.set('digest', digest);
    const put = await fetch(location, {
      method: 'PUT',
      body: bytes,
      headers: { Authorization: auth, 'Content-Type': 'application/octet-stream' },
    });
    if (put.status !== 201) throw new Error(`blob ${digest} to the mirror: ${put.status}`);
  };
  const putManifest = async (ref: string): Promise<void> => {
    const response = await source('manifests', ref);
    const body = Buffer.from(await response.arrayBuffer());
    const manifest = JSON.parse(body.toString()) as {
      manifests?: { digest: string }[];
      config?: { digest: string };
      layers?: { digest: string }[];
    };
    for (const child of manifest.manifests ?? []) await putManifest(child.digest);
    for (const blob of [...(manifest.config ? [manifest.config] : []), ...(manifest.layers ?? [])]) await putBlob(blob.digest);
    const type = response.headers.get('content-type') ?? '';
    const put = await fetch(`${mirror.url}/v2/${to}/manifests/${ref}`, {
      method: 'PUT',
      body,
      headers: { Authorization: auth, 'Content-Type': type },
    });
    if (put.status !== 201) throw new Error(`manifest ${ref} to the mirror: ${put.status} ${await put.text()}`);
  };
  await putManifest(reference);
}

/** Requests the mirror answered, as "METHOD path status" (Distribution's access log, combined format). */
function mirrorRequests(): string[] {
  return [...mirror.logs().matchAll(/"(GET|HEAD) (\/v2\/[^ ?]+)[^"]*" (\d{3})/g)].map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

beforeAll(async () => {
  mirror = await Distribution.start({ auth: { htpasswd: MIRROR_USER } });
  const seed = { DOCKER_CONFIG: ws.dockerConfig };
  expect(docker(['login', s.registry, '-u', s.username, '--password-stdin'], seed, s.password).code).toBe(0);
  expect(docker(['login', mirror.host, '-u', MIRROR_USER.username, '--password-stdin'], seed, MIRROR_USER.password).code).toBe(0);
  // the mirror holds what Docker Hub would serve: the stack's busybox as library/busybox, the local BuildKit image
  const base = /^[^/]+\/(.+):([^:]+)$/.exec(s.baseImage) as RegExpExecArray;
  await copyImage(base[1], base[2], 'library/busybox');
  // the tag the Dockerfile names; copyImage put the index under the source's tag
  if (base[2] !== '1') throw new Error(`the stack's base image is ${s.baseImage}, not a busybox:1`);
  const mirrored = `${mirror.host}/${BUILDKIT}`;
  expect(docker(['tag', BUILDKIT, mirrored]).code).toBe(0);
  const pushed = docker(['push', '--platform', 'linux/amd64', mirrored], seed);
  docker(['rmi', mirrored]);
  expect(pushed.code === 0 ? '' : pushed.stderr).toBe('');
  docker(['logout', s.registry], seed);
  docker(['logout', mirror.host], seed);
  ws.write('ctx/Dockerfile', 'FROM busybox:1\nRUN uname -m > /arch\n');
  // the action must register the emulators itself, and so pull the binfmt image
  unregisterEmulators(['qemu-aarch64']);
  run = await ws.run({
    'driver-opts': 'network=host',
    'registry-mirror': mirror.host,
    'insecure-registries': `${s.registry},${mirror.host}`,
    registry: s.registry,
    username: s.username,
    password: s.password,
    'registry-auth': `- registry: ${mirror.host}\n  username: ${MIRROR_USER.username}\n  password: ${MIRROR_USER.password}\n`,
    platforms: 'linux/amd64,linux/arm64',
    tags: `${s.registry}/${repository}:1`,
    context: `${ws.dir}/ctx`,
    cache: 'false',
  });
}, 600_000);

afterAll(async () => {
  await mirror.stop();
  ws.remove();
});

test('the build of a Docker Hub FROM succeeds and is pushed', async () => {
  expect({ code: run.main.code, errors: errorsOf(run) }).toEqual({ code: 0, errors: [] });
  const index = await registryManifest(s, repository, '1');
  expect(Object.keys(indexPlatforms(index.body)).sort()).toEqual(['linux/amd64', 'linux/arm64']);
});

test("the FROM image and the builder's BuildKit image came through the mirror", () => {
  const requests = mirrorRequests();
  expect(requests).toContainEqual(expect.stringMatching(/^(GET|HEAD) \/v2\/library\/busybox\/manifests\/1 200$/));
  expect(requests).toContainEqual(expect.stringMatching(/^GET \/v2\/library\/busybox\/blobs\/sha256:[0-9a-f]{64} 200$/));
  expect(requests).toContainEqual(expect.stringMatching(/^(GET|HEAD) \/v2\/moby\/buildkit\/manifests\/buildx-stable-1 200$/));
});

test('the binfmt image was asked of the mirror as the logged-in user', () => {
  // the daemon's first request goes without credentials and meets the challenge (401); with the login's credentials
  // the mirror looks for the image and has none (404). Pulled before the login was done, there were none to send
  const binfmt = mirrorRequests().filter((request) => request.includes('/v2/tonistiigi/binfmt/'));
  expect(binfmt).toContainEqual(expect.stringMatching(/^(GET|HEAD) \/v2\/tonistiigi\/binfmt\/manifests\/latest 404$/));
  expect(run.main.stdout).toContain(`QEMU: pulling ${mirror.host}/tonistiigi/binfmt:latest once logged in to ${mirror.host}`);
  // the exec seam's debug lines come as commands start (the phases' groups are shown only once all have ended)
  const login = run.main.stdout.indexOf(`::debug::run: docker login ${mirror.host} `);
  const binfmtRun = run.main.stdout.indexOf(
    `::debug::run: docker run --rm --privileged ${mirror.host}/tonistiigi/binfmt:latest --install arm64`,
  );
  expect(login).toBeGreaterThan(-1);
  expect(binfmtRun).toBeGreaterThan(login);
});
