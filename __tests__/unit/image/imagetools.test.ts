import { describe, expect, test } from '@jest/globals';

import { createdDigest, type CreateOptions, imagetoolsCreateArgs } from '../../../src/image/imagetools.js';

const D1 = 'sha256:73784f9a542a1bb03fed8fc7c93ee5beabef2fe195f8265d63b89cb6e95f15bd';
const D2 = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';
const D3 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';

describe('imagetoolsCreateArgs', () => {
  test.each<[string, string[], string[], string[], CreateOptions?]>([
    [
      'two tags from two legs',
      ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest'],
      [`ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`],
      [
        'buildx',
        'imagetools',
        'create',
        '--builder',
        'b1',
        '--tag',
        'ghcr.io/acme/app:1',
        '--tag',
        'ghcr.io/acme/app:latest',
        `ghcr.io/acme/app@${D1}`,
        `ghcr.io/acme/app@${D2}`,
      ],
    ],
    [
      'one tag from tagged sources',
      ['127.0.0.1:5000/probe/merge:a'],
      ['127.0.0.1:5000/probe/amd64:1', '127.0.0.1:5000/probe/arm64:1', `127.0.0.1:5000/probe/armv7@${D3}`],
      [
        'buildx',
        'imagetools',
        'create',
        '--builder',
        'b1',
        '--tag',
        '127.0.0.1:5000/probe/merge:a',
        '127.0.0.1:5000/probe/amd64:1',
        '127.0.0.1:5000/probe/arm64:1',
        `127.0.0.1:5000/probe/armv7@${D3}`,
      ],
    ],
    [
      'the plan of an index: printed, not pushed, no tags',
      [],
      [`ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`],
      ['buildx', 'imagetools', 'create', '--builder', 'b1', '--dry-run', `ghcr.io/acme/app@${D1}`, `ghcr.io/acme/app@${D2}`],
      { dryRun: true },
    ],
    [
      'a carbon copy of one tested image',
      ['ghcr.io/acme/app:1'],
      [`ghcr.io/acme/app@${D1}`],
      [
        'buildx',
        'imagetools',
        'create',
        '--builder',
        'b1',
        '--prefer-index=false',
        '--tag',
        'ghcr.io/acme/app:1',
        `ghcr.io/acme/app@${D1}`,
      ],
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
