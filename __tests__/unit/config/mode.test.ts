// The merge section: what the step does (a build, one leg, the merge), its variant and the run that ties legs together.
import { describe, expect, test } from '@jest/globals';

import { type Config, type ParseContext, type RawInputs } from '../../../src/config/index.js';
import { configWithCredentials, DIGEST, expectRefusal, fakeFiles, NO_RUN } from '../support.js';

describe('the merge section refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'push-by-digest and merge',
      { 'push-by-digest': 'true', merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "merge" is true and so is "push-by-digest": a step either pushes one leg or merges them',
    ],
    [
      'a source in upper case',
      { merge: 'true', sources: 'ghcr.io/acme/app:a, ghcr.io/Acme/app:b' },
      'Input "sources" has "ghcr.io/Acme/app:b", which has an upper-case repository name "Acme" (repository names are lower case)',
    ],
    [
      'a source with a short digest',
      { merge: 'true', sources: 'ghcr.io/acme/app@sha256:abc' },
      'Input "sources" has "ghcr.io/acme/app@sha256:abc", which has an invalid digest "sha256:abc"',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});

describe('the merge section accepts a build, a leg and a merge', () => {
  const RUN: ParseContext = { files: fakeFiles, run: { id: '9876543210', attempt: '2' } };
  test.each<[string, RawInputs, ParseContext, Partial<Config>]>([
    ['a build by default', {}, NO_RUN, { mode: 'build', mergeKey: '', sources: [], testCommand: '' }],
    [
      "a leg: the variant is the first tag's tag",
      { 'push-by-digest': 'true', tags: 'ghcr.io/acme/app:slim,ghcr.io/acme/app:slim-1a2b' },
      RUN,
      { mode: 'leg', mergeKey: 'slim', run: { id: '9876543210', attempt: 2 } },
    ],
    [
      'a leg in the first attempt (no GITHUB_RUN_ATTEMPT)',
      { 'push-by-digest': 'True' },
      { files: fakeFiles, run: { id: '42' } },
      { mode: 'leg', mergeKey: '1', run: { id: '42', attempt: 1 } },
    ],
    [
      'a leg of an untagged reference: variant latest',
      { 'push-by-digest': 'true', tags: 'localhost:5000/acme/app' },
      RUN,
      { mode: 'leg', mergeKey: 'latest' },
    ],
    [
      'a leg with an explicit merge-key',
      { 'push-by-digest': 'true', 'merge-key': ' release_1.2-rc ' },
      RUN,
      { mode: 'leg', mergeKey: 'release_1.2-rc' },
    ],
    [
      'a merge of legs',
      { merge: 'true', platforms: 'linux/amd64,linux/arm64' },
      RUN,
      { mode: 'merge', mergeKey: '1', run: { id: '9876543210', attempt: 2 }, sources: [], platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    [
      'a merge of legs with an explicit merge-key',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      NO_RUN,
      { mode: 'merge', mergeKey: 'k1' },
    ],
    [
      'a merge of sources needs no merge-key',
      { merge: 'true', sources: 'ghcr.io/acme/app:amd64, ghcr.io/acme/app@' + DIGEST },
      NO_RUN,
      { mode: 'merge', sources: ['ghcr.io/acme/app:amd64', 'ghcr.io/acme/app@' + DIGEST] },
    ],
  ])('%s', (_, raw, ctx, expected) => {
    expect(configWithCredentials(raw, ctx)).toMatchObject(expected);
  });
});
