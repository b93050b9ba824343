// What a failed build's error says (the step that failed, buildx's reason) and whether a rerun could help.
import { describe, expect, test } from '@jest/globals';

import { buildError, failedStep, isRetriableBuildFailure } from '../../../src/build/failure.js';
import { configOf, fixture, runFalseFailure, TAG } from '../support.js';

const MULTI_PLATFORM_FAILURE = `#0 building with "buildx-multiarch-1a2b3c4d" instance using docker-container driver

#1 [internal] load build definition from Dockerfile
#1 transferring dockerfile: 93B done
#1 DONE 0.0s

#5 [linux/amd64 2/2] RUN [ "$(uname -m)" != aarch64 ]
#5 DONE 0.2s

#6 [linux/arm64 2/2] RUN [ "$(uname -m)" != aarch64 ]
#6 ERROR: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1
------
 > [linux/arm64 2/2] RUN [ "$(uname -m)" != aarch64 ]:
------
Dockerfile:2
--------------------
   1 |     FROM alpine:3.20
   2 | >>> RUN [ "$(uname -m)" != aarch64 ]
   3 |
--------------------
ERROR: failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1
`;

const SINGLE_PLATFORM_FAILURE = runFalseFailure('[2/2]');

describe('failedStep', () => {
  test.each<[string, string, { platform?: string; step: string } | undefined]>([
    ['multi-platform RUN', MULTI_PLATFORM_FAILURE, { platform: 'linux/arm64', step: '[2/2] RUN [ "$(uname -m)" != aarch64 ]' }],
    ['single-platform RUN', SINGLE_PLATFORM_FAILURE, { platform: undefined, step: '[2/2] RUN false' }],
    ['CRLF line ends', SINGLE_PLATFORM_FAILURE.replace(/\n/g, '\r\n'), { platform: undefined, step: '[2/2] RUN false' }],
    [
      'three-part platform and a named stage',
      '------\n > [linux/arm/v7 build 3/4] RUN make -j4:\n------\nERROR: failed to build\n',
      { platform: 'linux/arm/v7', step: '[build 3/4] RUN make -j4' },
    ],
    [
      'RUN output inside the summary',
      '------\n > [linux/arm64 2/2] RUN echo boom && false:\n0.123 boom\n------\nERROR: x\n',
      { platform: 'linux/arm64', step: '[2/2] RUN echo boom && false' },
    ],
    [
      'base image not found',
      '------\n > [internal] load metadata for docker.io/library/nope:latest:\n------\nERROR: failed to build: failed to solve: nope: not found\n',
      { platform: undefined, step: '[internal] load metadata for docker.io/library/nope:latest' },
    ],
    [
      'last summary wins',
      '------\n > [linux/amd64 2/2] RUN a:\n------\n------\n > [linux/arm64 2/2] RUN b:\n------\n',
      { platform: 'linux/arm64', step: '[2/2] RUN b' },
    ],
    [
      'no summary',
      'ERROR: failed to build: failed to solve: failed to read dockerfile: open Dockerfile: no such file or directory\n',
      undefined,
    ],
    ['progress line only (no ">")', '#6 [linux/arm64 2/2] RUN false\n#6 ERROR: exit code: 1\n', undefined],
    ['empty', '', undefined],
  ])('%s', (_, stderr, expected) => {
    expect(failedStep(stderr)).toEqual(expected);
  });
});

describe('failedStep on captured buildx stderr', () => {
  test.each<[string, { platform?: string; step: string } | undefined]>([
    ['stderr-build-run-fails-arm64.txt', { platform: 'linux/arm64', step: '[2/2] RUN [ "$(uname -m)" != aarch64 ]' }],
    ['stderr-push-no-auth.txt', undefined],
    ['stderr-docker-driver-push-no-auth.txt', undefined],
    ['stderr-docker-driver-classic-push-no-auth.txt', undefined],
    ['stderr-docker-driver-classic-multiplatform.txt', undefined],
  ])('%s', (name, expected) => {
    expect(failedStep(fixture(name))).toEqual(expected);
  });
});

describe('buildError: what failed, and whether a rerun could help', () => {
  const config = configOf({ tags: TAG, platforms: 'linux/amd64,linux/arm64,linux/arm/v7' });
  const PUSH_503 = [
    '#12 exporting to image',
    '#12 pushing layers 0.1s done',
    '#12 ERROR: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable',
    '------',
    ' > exporting to image:',
    '------',
    'ERROR: failed to build: failed to solve: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable',
  ].join('\n');
  const RUN_PRINTS_503 = [
    '------',
    ' > [linux/arm64 2/2] RUN curl -f http://example.invalid/ || (echo 503 Service Unavailable; exit 1):',
    '------',
    'ERROR: failed to build: failed to solve: process "/bin/sh -c curl -f http://example.invalid/ || (echo 503 Service Unavailable; exit 1)" did not complete successfully: exit code: 1',
  ].join('\n');

  test.each<[string, string, { message: string; userStep: boolean; retried: boolean }]>([
    [
      'a RUN step fails on arm64 (captured)',
      fixture('stderr-build-run-fails-arm64.txt'),
      {
        message:
          'building linux/arm64 (step [2/2] RUN [ "$(uname -m)" != aarch64 ]) failed: failed to build: failed to solve: process "/bin/sh -c [ \\"$(uname -m)\\" != aarch64 ]" did not complete successfully: exit code: 1',
        userStep: true,
        retried: false,
      },
    ],
    [
      'the registry answers 503 to the manifest push',
      PUSH_503,
      {
        message: `building linux/amd64, linux/arm64, linux/arm/v7 and pushing by digest to ghcr.io/acme/app failed: failed to build: failed to solve: failed to push ghcr.io/acme/app:1: unexpected status from PUT request to https://ghcr.io/v2/acme/app/manifests/1: 503 Service Unavailable`,
        userStep: false,
        retried: true,
      },
    ],
    [
      "a RUN step's own output looks like a registry hiccup",
      RUN_PRINTS_503,
      {
        message: expect.stringMatching(/^building linux\/arm64 \(step \[2\/2\] RUN curl/) as unknown as string,
        userStep: true,
        retried: false,
      },
    ],
  ])('%s', (_, stderr, expected) => {
    const error = buildError(config, { exitCode: 1, stdout: '', stderr });
    expect({ message: error.message, userStep: error.userStep, retried: isRetriableBuildFailure(error) }).toEqual(expected);
  });
});
