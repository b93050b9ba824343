// The tags end on the image that was pushed, verified and tested, on every path: one platform without attestations
// (a plain manifest, which a default imagetools create would wrap in a new index), the docker driver (which cannot
// push by digest), and load beside push (two exporters, one digest to report: the pushed one).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { docker, errorsOf, nonce, registryManifest, stack, Workspace } from './harness.js';

const s = stack();
const ws = new Workspace('verify-before-tag');
const login = { registry: s.registry, username: s.username, password: s.password };
// the docker-container builder reaches the loopback registry over the host's network, in plain HTTP
const containerOpts = { 'driver-opts': 'network=host', 'buildkitd-config-inline': `[registry."${s.registry}"]\n  http = true\n` };
const MANIFEST = /application\/vnd\.(oci\.image\.manifest\.v1|docker\.distribution\.manifest\.v2)\+json/;

beforeAll(() => {
  ws.write('ctx/Dockerfile', `FROM ${s.baseImage}\nRUN uname -m > /arch && echo ${nonce()} > /nonce\n`);
});
afterAll(() => ws.remove());

describe('test-command', () => {
  test.each<[string, Record<string, string>]>([
    ['one platform without attestations (docker-container)', { ...containerOpts, platforms: 'linux/arm64', provenance: 'false' }],
    ['the docker driver, two platforms', { driver: 'docker', platforms: 'linux/amd64,linux/arm64' }],
    ['the docker driver, one platform without attestations', { driver: 'docker', platforms: 'linux/arm64', provenance: 'false' }],
  ])(
    '%s: the tags hold the tested digest, and the step succeeds',
    async (_, inputs) => {
      const repository = `e2e/tested-${nonce()}`;
      const run = await ws.run({
        ...login,
        ...inputs,
        'test-command': 'test -s /arch',
        tags: `${s.registry}/${repository}:1,${s.registry}/${repository}:stable`,
        context: `${ws.dir}/ctx`,
      });
      expect({ main: run.main.code, post: run.post.code, errors: errorsOf(run) }).toEqual({ main: 0, post: 0, errors: [] });
      const tagged = await Promise.all(['1', 'stable'].map((tag) => registryManifest(s, repository, tag)));
      expect(tagged.map((m) => m.digest)).toEqual([run.outputs.digest, run.outputs.digest]);
      if (inputs.provenance === 'false') expect(JSON.parse(tagged[0].body).mediaType).toMatch(MANIFEST);
      expect(JSON.parse(run.outputs['platform-digests'])).toEqual(
        Object.fromEntries(inputs.platforms.split(',').map((platform) => [platform, expect.stringMatching(/^sha256:[a-f0-9]{64}$/)])),
      );
    },
    600_000,
  );

  test('the docker driver: a failing test moves no tag, and only the one untested tag is left', async () => {
    const repository = `e2e/untested-${nonce()}`;
    const run = await ws.run({
      ...login,
      driver: 'docker',
      platforms: 'linux/amd64',
      'test-command': 'false',
      tags: `${s.registry}/${repository}:1`,
      context: `${ws.dir}/ctx`,
    });
    expect(run.main.code).toBe(1);
    expect(errorsOf(run).some((line) => line.includes('test-command failed on linux/amd64'))).toBe(true);
    expect((await registryManifest(s, repository, '1')).status).toBe(404);
    expect((await registryManifest(s, repository, 'buildx-multiarch-untested')).status).toBe(200);
  }, 600_000);
});

describe('load beside push', () => {
  test.each<[string, Record<string, string>]>([
    ['docker-container, two platforms', { ...containerOpts, platforms: 'linux/amd64,linux/arm64' }],
    ['docker-container, one platform', { ...containerOpts, platforms: 'linux/arm64' }],
    ['docker, two platforms', { driver: 'docker', platforms: 'linux/amd64,linux/arm64' }],
    ['docker, one platform', { driver: 'docker', platforms: 'linux/amd64' }],
  ])(
    '%s: digest is the pushed index, and the image is in the daemon',
    async (_, inputs) => {
      const repository = `e2e/load-push-${nonce()}`;
      const tag = `${s.registry}/${repository}:1`;
      const run = await ws.run({ ...login, ...inputs, load: 'true', tags: tag, context: `${ws.dir}/ctx` });
      expect({ main: run.main.code, errors: errorsOf(run) }).toEqual({ main: 0, errors: [] });
      const pushed = await registryManifest(s, repository, '1');
      expect(run.outputs.digest).toBe(pushed.digest);
      // several platforms: the image ID is the index; one platform: its config, as without load
      if (inputs.platforms.includes(',')) expect(run.outputs.imageid).toBe(pushed.digest);
      else expect(run.outputs.imageid).toMatch(/^sha256:[a-f0-9]{64}$/);
      expect(docker(['image', 'inspect', '--format', '{{.Id}}', tag]).code).toBe(0);
      docker(['image', 'rm', tag]);
    },
    600_000,
  );
});
