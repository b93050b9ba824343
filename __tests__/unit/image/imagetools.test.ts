import { describe, expect, test } from '@jest/globals';

import { digestOf, platformDigests } from '../../../src/image/digests.js';
import {
  createdDigest,
  createIndex,
  type CreateOptions,
  imagetoolsCreateArgs,
  planIndex,
  tagTested,
} from '../../../src/image/imagetools.js';
import { FakeExec } from '../fake-exec.js';
import { captured, failure, NO_WAIT } from '../support.js';

const D1 = 'sha256:73784f9a542a1bb03fed8fc7c93ee5beabef2fe195f8265d63b89cb6e95f15bd';
const D2 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const D3 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const R = '127.0.0.1:5000';

describe('imagetoolsCreateArgs', () => {
  /** `buildx imagetools create` on builder b1, then `args`. */
  const createOnB1 = (...args: string[]): string[] => ['buildx', 'imagetools', 'create', '--builder', 'b1', ...args];
  test.each<[string, string[], string[], string[], CreateOptions?]>([
    [
      'two tags from two legs',
      ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest'],
      [`ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`],
      createOnB1('--tag', 'ghcr.io/acme/app:1', '--tag', 'ghcr.io/acme/app:latest', `ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`),
    ],
    [
      'one tag from tagged sources',
      ['127.0.0.1:5000/probe/merge:a'],
      ['127.0.0.1:5000/probe/amd64:1', '127.0.0.1:5000/probe/arm64:1', `127.0.0.1:5000/probe/armv7@${D3}`],
      createOnB1(
        '--tag',
        '127.0.0.1:5000/probe/merge:a',
        '127.0.0.1:5000/probe/amd64:1',
        '127.0.0.1:5000/probe/arm64:1',
        `127.0.0.1:5000/probe/armv7@${D3}`,
      ),
    ],
    [
      'the plan of an index: printed, not pushed, no tags',
      [],
      [`ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`],
      createOnB1('--dry-run', `ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`),
      { dryRun: true },
    ],
    [
      'a carbon copy of one tested image',
      ['ghcr.io/acme/app:1'],
      [`ghcr.io/acme/app@${D1}`],
      createOnB1('--prefer-index=false', '--tag', 'ghcr.io/acme/app:1', `ghcr.io/acme/app@${D1}`),
      { preferIndex: false },
    ],
  ])('%s', (_, tags, sources, expected, options = {}) => {
    expect(imagetoolsCreateArgs('b1', sources, { ...options, tags })).toEqual(expected);
  });
});

// `docker buildx imagetools create` progress (stderr): per tag, the blobs copied from the sources, then the index pushed
const CREATE_OUTPUT = `#1 [internal] pushing 127.0.0.1:5000/probe/merge:a
#1 0.012 copying sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7 from 127.0.0.1:5000/probe/arm64:1 to 127.0.0.1:5000/probe/merge:a
#1 0.531 copying sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671 from 127.0.0.1:5000/probe/amd64:1 to 127.0.0.1:5000/probe/merge:a
#1 DONE 0.6s

#2 [internal] pushing 127.0.0.1:5000/probe/merge:b
#2 0.848 pushing ${D1} to 127.0.0.1:5000/probe/merge:a
#2 0.861 pushing ${D1} to 127.0.0.1:5000/probe/merge:b
#2 DONE 0.9s
`;

describe('createdDigest', () => {
  test.each<[string, string, string | undefined]>([
    ['imagetools create of two tags', CREATE_OUTPUT, D1],
    ['CRLF line ends', CREATE_OUTPUT.replace(/\n/g, '\r\n'), D1],
    ['stderr then empty stdout, as createIndex joins them', `${CREATE_OUTPUT}\n`, D1],
    ['copying lines only', CREATE_OUTPUT.split('\n').slice(0, 4).join('\n'), undefined],
    ['a pushing line with a short digest', '#2 0.848 pushing sha256:73784f9a to 127.0.0.1:5000/probe/merge:a', undefined],
    ['empty', '', undefined],
  ])('%s', (_, output, digest) => {
    expect(createdDigest(output)).toBe(digest);
  });
});

// planIndex, createIndex and tagTested, driven through the exec seam by the argv-keyed fake with the answers
// captured from the stack (fixtures/cmd-*)
describe('planIndex', () => {
  const argv = `docker buildx imagetools create --builder default --dry-run ${R}/base/busybox:1`;

  test('returns the bytes imagetools would push and their digest, pushing nothing', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-plan') });
    const plan = await planIndex(fake.exec, 'default', [`${R}/base/busybox:1`], NO_WAIT);
    expect(`${plan.json}\n`).toBe(captured('imagetools-plan').stdout);
    expect(plan.digest).toBe(digestOf(plan.json));
    expect(Object.keys(platformDigests(plan.json, [], plan.digest)).sort()).toEqual(['linux/amd64', 'linux/arm/v7', 'linux/arm64']);
  });

  test('a 503 from the registry is retried', async () => {
    const fake = new FakeExec({
      [argv]: [
        { exitCode: 1, stderr: 'ERROR: unexpected status from GET request: 503 Service Unavailable\n' },
        captured('imagetools-plan'),
      ],
    });
    await planIndex(fake.exec, 'default', [`${R}/base/busybox:1`], NO_WAIT);
    expect(fake.argvs).toEqual([argv, argv]);
  });
});

describe('createIndex', () => {
  const argv = `docker buildx imagetools create --builder default --tag ${R}/fixtures/cmd:1 ${R}/base/busybox:1`;
  const pushed = /pushing (sha256:[a-f0-9]{64})/.exec(captured('imagetools-create').stderr ?? '')?.[1] as string;

  test('passes when imagetools pushed the planned index', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    await createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], pushed, NO_WAIT);
    expect(fake.argvs).toEqual([argv]);
  });

  test('another index than the planned one fails, saying the tags now point at it', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    const planned = `sha256:${'0'.repeat(64)}`;
    const error = await failure(createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], planned, NO_WAIT));
    expect(error.message).toBe(`creating ${R}/fixtures/cmd:1 pushed ${pushed}, not the verified ${planned}: the tags now point at it`);
  });

  test('a 503 from the registry is retried, then the index is created', async () => {
    const fake = new FakeExec({
      [argv]: [
        { exitCode: 1, stderr: 'ERROR: unexpected status from PUT request: 503 Service Unavailable\n' },
        captured('imagetools-create'),
      ],
    });
    await createIndex(fake.exec, 'default', [`${R}/fixtures/cmd:1`], [`${R}/base/busybox:1`], pushed, NO_WAIT);
    expect(fake.argvs).toEqual([argv, argv]);
  });
});

describe('tagTested', () => {
  const single = 'sha256:8f492249c159e51fbe9218fc61126fbd9dba73a6a652f596c7c7a7ea00cbd439';
  const argv = `docker buildx imagetools create --builder b1 --prefer-index=false --tag ${R}/exp/single:1 ${R}/exp/single@${single}`;

  test('a single manifest is copied as it is: the tag holds the tested digest', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create-single') });
    await tagTested(fake.exec, 'b1', [`${R}/exp/single:1`], `${R}/exp/single`, single, NO_WAIT);
    expect(fake.argvs).toEqual([argv]);
  });

  test('a tag that ends on another digest (a wrapping index) fails the step, naming both', async () => {
    const fake = new FakeExec({ [argv]: captured('imagetools-create') });
    const error = await failure(tagTested(fake.exec, 'b1', [`${R}/exp/single:1`], `${R}/exp/single`, single, NO_WAIT));
    expect(error.message).toMatch(new RegExp(`^tagging ${R}/exp/single:1 pushed sha256:[a-f0-9]{64}, not the tested ${single}$`));
  });
});
