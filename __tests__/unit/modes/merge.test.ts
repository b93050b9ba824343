// The merge's phases, driven through the exec seam by the argv-keyed fake (answers captured from the stack) against
// the fake registry: a planned index that does not hold what was asked for fails in verify, and no tag moves.

import { describe, expect, test } from '@jest/globals';

import { digestOf } from '../../../src/image/digests.js';
import { imagetoolsCreateArgs } from '../../../src/image/imagetools.js';
import { Merge } from '../../../src/modes/merge.js';
import type { BuilderInUse } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { fakeRegistryForSuite } from '../fake-registry.js';
import { captured, configOf, runUngrouped, stepContext, tempDirForEachTest } from '../support.js';

const BUILDER: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };

const fakeRegistry = fakeRegistryForSuite();
const tempDir = tempDirForEachTest('merge-test-');

describe('a merge of sources', () => {
  const PLAN = captured('imagetools-plan');
  const PLANNED = digestOf((PLAN.stdout ?? '').replace(/\n$/, ''));
  const IMAGES = (JSON.parse(PLAN.stdout ?? '') as { manifests: { digest: string }[] }).manifests.map((entry) => entry.digest);

  test.each<[string, string, string]>([
    ['a platform not asked for', 'linux/amd64,linux/arm64', 'missing: none; unexpected: linux/arm/v7'],
    [
      'a platform asked for that no source holds',
      'linux/amd64,linux/arm64,linux/arm/v7,linux/s390x',
      'missing: linux/s390x; unexpected: none',
    ],
  ])('whose planned index holds %s fails in verify, and no tag moves', async (_, platforms, mismatch) => {
    const repository = `${fakeRegistry().host}/acme/app`;
    const sources = IMAGES.map((digest) => `${repository}@${digest}`);
    const config = configOf({ merge: 'true', tags: `${repository}:1`, sources: sources.join(','), platforms });
    const planArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { dryRun: true })].join(' ');
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { tags: [`${repository}:1`] })].join(' ');
    // the tagging command is answered, so that a tag phase run after the failed check would show in the calls
    const fake = new FakeExec({ [planArgv]: PLAN, [tagArgv]: captured('imagetools-create') });

    const run = runUngrouped(new Merge(stepContext(config, fake.exec, tempDir()), BUILDER), config);

    await expect(run).rejects.toThrow(`the index ${PLANNED} does not hold the requested platforms (${mismatch}): no tag was moved`);
    expect(fake.argvs).toEqual([planArgv]);
  });
});
