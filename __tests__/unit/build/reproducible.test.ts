import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import {
  heldBefore,
  heldDigests,
  loadAndPush,
  nodesProblem,
  parseCommitTime,
  startReproducible,
  withSourceDateEpoch,
} from '../../../src/build/reproducible.js';
import { build as runBuild } from '../../../src/build/run.js';
import { checkAgainstDocker, type RawInputs } from '../../../src/config/index.js';
import { buildkitTooOld, imageBuildkitVersion } from '../../../src/config/reproducible.js';
import { digestOf } from '../../../src/image/digests.js';
import { FakeExec } from '../fake-exec.js';
import { FakeRegistry, PASSWORD, USERNAME } from '../fake-registry.js';
import { configOf, fixture, thrown } from '../support.js';
import { BOTH, buildxArgv, byDigest } from './buildx-argv.js';

const META = '/tmp/m.json';
const TAG = 'ghcr.io/acme/app:1';
const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const ARM64 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const ARMV7 = 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401';

describe('reproducible inputs', () => {
  test.each<[string, RawInputs, string]>([
    [
      'a date as the epoch',
      { tags: TAG, 'source-date-epoch': '2025-01-01' },
      'Input "source-date-epoch" is "2025-01-01": expected whole seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct)',
    ],
    [
      'milliseconds as the epoch',
      { tags: TAG, 'source-date-epoch': '1735689600000' },
      'Input "source-date-epoch" is "1735689600000": expected whole seconds since 1970-01-01 UTC, e.g. $(git log -1 --format=%ct)',
    ],
    ['not a boolean', { tags: TAG, reproducible: 'yes' }, 'Input "reproducible" is "yes": expected true or false'],
    [
      'a merge',
      { tags: TAG, reproducible: 'true', merge: 'true', 'run-id': 'p7', 'merge-key': 'm1' },
      'Input "reproducible" (or source-date-epoch) cannot be used with "merge", which builds nothing: give it to the legs',
    ],
    [
      'a Git context without an epoch',
      { tags: TAG, reproducible: 'true', context: 'https://github.com/acme/app.git#main' },
      'Input "reproducible" is true but the context "https://github.com/acme/app.git#main" is a URL, with no checkout to read the commit time from: give source-date-epoch',
    ],
    [
      'SOURCE_DATE_EPOCH in build-args',
      { tags: TAG, reproducible: 'true', 'build-args': 'SOURCE_DATE_EPOCH=1' },
      'Input "build-args" has SOURCE_DATE_EPOCH, which reproducible sets: give the value as source-date-epoch instead',
    ],
    [
      'a BuildKit image without rewrite-timestamp',
      { tags: TAG, reproducible: 'true', 'driver-opts': 'network=host\nimage=moby/buildkit:v0.12.5' },
      'Input "driver-opts" has a BuildKit 0.12.5 image, but reproducible builds need BuildKit 0.13.0 or newer (the image exporter\'s rewrite-timestamp)',
    ],
  ])('%s', (_, raw, message) => {
    expect(thrown(() => configOf(raw))?.message).toBe(message);
  });

  test.each<[string, RawInputs, { reproducible: boolean; sourceDateEpoch: string }]>([
    ['unset', { tags: TAG }, { reproducible: false, sourceDateEpoch: '' }],
    [
      'reproducible alone: the epoch comes from the checkout',
      { tags: TAG, reproducible: 'true' },
      { reproducible: true, sourceDateEpoch: '' },
    ],
    [
      'an epoch alone turns it on',
      { tags: TAG, 'source-date-epoch': ' 1735689600 ' },
      { reproducible: true, sourceDateEpoch: '1735689600' },
    ],
    [
      'a Git context with an epoch',
      { tags: TAG, 'source-date-epoch': '0', context: 'https://github.com/acme/app.git' },
      { reproducible: true, sourceDateEpoch: '0' },
    ],
    [
      'a new enough BuildKit image',
      { tags: TAG, reproducible: 'true', 'driver-opts': 'image=moby/buildkit:v0.13.0' },
      { reproducible: true, sourceDateEpoch: '' },
    ],
    [
      'without reproducible an old image is fine',
      { tags: TAG, 'driver-opts': 'image=moby/buildkit:v0.12.5' },
      { reproducible: false, sourceDateEpoch: '' },
    ],
  ])('%s', (_, raw, expected) => {
    const config = configOf(raw);
    expect({ reproducible: config.reproducible, sourceDateEpoch: config.sourceDateEpoch }).toEqual(expected);
  });
});

describe('buildCommand of a reproducible build', () => {
  const argv = (raw: RawInputs): string[] => buildCommand(configOf({ cache: 'false', ...raw }), 'b1', META).args;
  const EPOCH_7 = ['--build-arg', 'SOURCE_DATE_EPOCH=7'];
  // the docker driver cannot rewrite timestamps in its own store: an archive, loaded and pushed after the build
  const OCI_ARCHIVE = ['--output', 'type=oci,dest=/tmp/image-oci.tar,rewrite-timestamp=true'];

  test.each<[string, RawInputs, string[]]>([
    [
      'push by digest: an image output that rewrites timestamps',
      { tags: TAG, 'source-date-epoch': '1735689600' },
      buildxArgv(META, BOTH, ['--build-arg', 'SOURCE_DATE_EPOCH=1735689600', ...byDigest('ghcr.io/acme/app', ',rewrite-timestamp=true')]),
    ],
    [
      'user build args come first',
      { tags: TAG, 'source-date-epoch': '7', 'build-args': 'A=1' },
      buildxArgv(META, BOTH, ['--build-arg', 'A=1', ...EPOCH_7, ...byDigest('ghcr.io/acme/app', ',rewrite-timestamp=true')]),
    ],
    [
      'push by digest while a test must pass',
      { tags: TAG, 'source-date-epoch': '7', 'test-command': 'true' },
      buildxArgv(META, BOTH, [
        ...EPOCH_7,
        '--output',
        'type=image,name=ghcr.io/acme/app,push-by-digest=true,name-canonical=true,push=true,rewrite-timestamp=true',
      ]),
    ],
    [
      'load: a docker output that rewrites timestamps',
      { 'source-date-epoch': '7', push: 'false', load: 'true', platforms: 'linux/amd64' },
      buildxArgv(META, 'linux/amd64', [...EPOCH_7, '--output', 'type=docker,rewrite-timestamp=true']),
    ],
    ['not reproducible: no rewrite', { tags: TAG }, buildxArgv(META, BOTH, byDigest('ghcr.io/acme/app'))],
    [
      'the docker driver: an OCI archive that rewrites timestamps, loaded and pushed after the build',
      { tags: TAG, 'source-date-epoch': '7', driver: 'docker', load: 'true' },
      buildxArgv(META, BOTH, ['--tag', 'ghcr.io/acme/app:buildx-multiarch-untested', ...EPOCH_7, ...OCI_ARCHIVE]),
    ],
    [
      'the docker driver, load only',
      { 'source-date-epoch': '7', driver: 'docker', push: 'false', load: 'true' },
      buildxArgv(META, BOTH, [...EPOCH_7, ...OCI_ARCHIVE]),
    ],
  ])('%s', (_, raw, expected) => {
    expect(argv(raw)).toEqual(expected);
  });
});

describe('the docker driver: the OCI archive loaded into the daemon, then pushed', () => {
  const LOAD = 'docker load --input /tmp/image-oci.tar';
  // what docker 28 printed loading and pushing the archive of a reproducible 2-platform build on the stack
  const LOADED = { stdout: 'Loaded image: ghcr.io/acme/app:1\n' };
  const PUSHED = { stdout: 'ghcr.io/acme/app:1\n' };

  test.each<[string, RawInputs]>([
    ['two tags', { tags: `${TAG},ghcr.io/acme/app:latest` }],
    ['a test-command', { tags: TAG, 'test-command': 'true' }],
  ])('%s: the build, the load, then one push, of the untested tag (the tags move once it is verified)', async (_, raw) => {
    const config = configOf({ ...raw, 'source-date-epoch': '7', driver: 'docker', cache: 'false' });
    const build = buildCommand(config, 'default', META).args.join(' ');
    const fake = new FakeExec({
      [`docker ${build}`]: {},
      [LOAD]: LOADED,
      'docker push ghcr.io/acme/app:buildx-multiarch-untested': PUSHED,
    });
    await runBuild(fake.exec, config, 'default', META, { canExportCache: true });
    expect(fake.argvs).toEqual([`docker ${build}`, LOAD, 'docker push ghcr.io/acme/app:buildx-multiarch-untested']);
  });

  test('a load that fails names the archive', async () => {
    const fake = new FakeExec({ [LOAD]: { exitCode: 1, stderr: 'Error response from daemon: unrecognized image format\n' } });
    await expect(loadAndPush(fake.exec, '/tmp/image-oci.tar', [TAG])).rejects.toThrow(
      'loading the reproducible image /tmp/image-oci.tar into the Docker daemon failed: Error response from daemon: unrecognized image format',
    );
  });

  test('the classic image store cannot load it: refused before anything runs', () => {
    const config = configOf({ tags: TAG, reproducible: 'true', driver: 'docker', platforms: 'linux/amd64' });
    expect(thrown(() => checkAgainstDocker(config, { containerdStore: false, buildxVersion: '0.29.1' }))?.message).toBe(
      'Input "reproducible" (or source-date-epoch) is set, but driver "docker" on the classic image store cannot load the reproducible OCI export: use driver docker-container, or enable the containerd image store',
    );
    expect(thrown(() => checkAgainstDocker(config, { containerdStore: true, buildxVersion: '0.29.1' }))).toBeUndefined();
  });
});

describe('BuildKit minimum', () => {
  test.each<[string | undefined, boolean]>([
    ['v0.12.5', true],
    ['v0.13.0', false],
    ['v0.25.1', false],
    ['0.11.6', true],
    // Debian's dockerd reports its vendored BuildKit so; an unknown version is not judged
    ['v0.0.0+unknown', false],
    [undefined, false],
  ])('%s is too old: %s', (version, old) => {
    expect(buildkitTooOld(version)).toBe(old);
  });

  test.each<[string[], string | undefined]>([
    [['image=moby/buildkit:v0.12.5'], '0.12.5'],
    [['network=host', 'image=registry.internal:5000/moby/buildkit:v0.25.0-rootless'], '0.25.0'],
    [['image=moby/buildkit:buildx-stable-1'], undefined],
    [['image=moby/buildkit'], undefined],
    [[], undefined],
  ])('the BuildKit release of %j', (opts, version) => {
    expect(imageBuildkitVersion(opts)).toBe(version);
  });

  test('a node too old is named, with what to do', () => {
    const nodes = [
      { name: 'b10', endpoint: 'unix:///var/run/docker.sock', status: 'running', buildkit: 'v0.25.1', platforms: [] },
      { name: 'arm', endpoint: 'tcp://arm:1234', status: 'running', buildkit: 'v0.12.5', platforms: [] },
    ];
    expect(nodesProblem(nodes)).toBe(
      "reproducible builds need BuildKit 0.13.0 or newer (the image exporter's rewrite-timestamp), but arm runs BuildKit v0.12.5: use a newer BuildKit image (driver-opts image=moby/buildkit:…)",
    );
    expect(nodesProblem(nodes.slice(0, 1))).toBeUndefined();
  });
});

describe('the epoch from the checkout', () => {
  // what `git -C . log -1 --format=%ct` printed in this repository's checkout
  const GIT_LOG = { stdout: '1795936427\n' };

  test('the commit time of the context becomes the epoch', async () => {
    const fake = new FakeExec({ 'git -C app log -1 --format=%ct': GIT_LOG });
    const config = await withSourceDateEpoch(fake.exec, configOf({ tags: TAG, reproducible: 'true', context: 'app' }));
    expect(config.sourceDateEpoch).toBe('1795936427');
  });

  test('an epoch given is used as it is: git is not asked', async () => {
    const fake = new FakeExec({});
    expect((await withSourceDateEpoch(fake.exec, configOf({ tags: TAG, 'source-date-epoch': '5' }))).sourceDateEpoch).toBe('5');
    expect(fake.argvs).toEqual([]);
  });

  test('a context outside a Git checkout: the error says what to give', async () => {
    // what git 2.47 says outside a repository, exit code 128
    const fake = new FakeExec({
      'git -C . log -1 --format=%ct': { exitCode: 128, stderr: 'fatal: not a git repository (or any of the parent directories): .git\n' },
    });
    await expect(withSourceDateEpoch(fake.exec, configOf({ tags: TAG, reproducible: 'true' }))).rejects.toThrow(
      'reading the commit time of the context . (reproducible: true; give source-date-epoch where the context is no Git checkout) failed: fatal: not a git repository (or any of the parent directories): .git',
    );
  });

  test('a repository without commits prints nothing', () => {
    expect(thrown(() => parseCommitTime('', '.'))?.message).toBe('reading the commit time of .: git log printed ""');
  });

  test('not reproducible: nothing is run and nothing read', async () => {
    const fake = new FakeExec({});
    const config = configOf({ tags: TAG });
    expect(await startReproducible(fake.exec, config, [])).toEqual({ config });
    expect(fake.argvs).toEqual([]);
  });
});

describe('what the tags held before', () => {
  const INDEX = fixture('imagetools-inspect-raw-oci-attest.json');
  const SINGLE = fixture('imagetools-inspect-raw-single.json');
  let registry: FakeRegistry;

  beforeAll(async () => {
    registry = await FakeRegistry.start();
    registry.serveManifestAs('acme/app', 'latest', INDEX, 'application/vnd.oci.image.index.v1+json');
  });
  afterAll(() => registry.close());

  test.each<[string, string, string[], Record<string, string>]>([
    [
      'an index: its images, attestations left out',
      INDEX,
      ['linux/amd64'],
      { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'linux/arm/v7': ARMV7 },
    ],
    ['a single image, one platform built: that platform', SINGLE, ['linux/arm64'], { 'linux/arm64': digestOf(SINGLE) }],
    ['a single image, several built: nothing comparable', SINGLE, ['linux/amd64', 'linux/arm64'], {}],
  ])('%s', (_, body, platforms, expected) => {
    expect(heldDigests(body, platforms)).toEqual(expected);
  });

  test('a tag held, a tag absent, a registry that cannot be reached', async () => {
    const { host } = registry;
    const config = configOf({
      tags: `${host}/acme/app:latest,${host}/acme/app:v2,127.0.0.1:1/acme/app:latest`,
      reproducible: 'true',
      username: USERNAME,
      password: PASSWORD,
      registry: host,
      platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
    });
    expect(await heldBefore(config)).toEqual({
      [`${host}/acme/app:latest`]: { 'linux/amd64': AMD64, 'linux/arm64': ARM64, 'linux/arm/v7': ARMV7 },
      [`${host}/acme/app:v2`]: null,
      '127.0.0.1:1/acme/app:latest': undefined,
    });
  });
});
