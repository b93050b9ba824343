// The merge's phases, driven through the exec seam by the argv-keyed fake (answers captured from the stack) against
// the fake registry: a planned index that does not hold what was asked for fails in verify, and no tag moves.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import type { Config } from '../../../src/config/index.js';
import { digestOf } from '../../../src/image/digests.js';
import { imagetoolsCreateArgs } from '../../../src/image/imagetools.js';
import type { Mode } from '../../../src/modes/index.js';
import { Merge } from '../../../src/modes/merge.js';
import type { StepResult } from '../../../src/report/result.js';
import type { BuilderInUse } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { FakeRegistry } from '../fake-registry.js';
import { captured, configOf, stepContext } from '../support.js';

const BUILDER: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };

let registry: FakeRegistry;
let tempDir: string;

beforeAll(async () => {
  registry = await FakeRegistry.start();
});

afterAll(async () => {
  await registry.close();
});

beforeEach(() => {
  registry.reset();
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'merge-test-'));
});

afterEach(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

/** The phases in main's order (without its groups), each given what the one before returned. */
async function phases<Built, Verified>(mode: Mode<Built, Verified>, config: Config): Promise<StepResult> {
  const built = await mode.build();
  const verified = await mode.verify(built);
  if (config.testCommand !== '') await mode.test?.(verified);
  return mode.tag(verified);
}

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
    const repository = `${registry.host}/acme/app`;
    const sources = IMAGES.map((digest) => `${repository}@${digest}`);
    const config = configOf({ merge: 'true', tags: `${repository}:1`, sources: sources.join(','), platforms });
    const planArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { dryRun: true })].join(' ');
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { tags: [`${repository}:1`] })].join(' ');
    // the tagging command is answered, so that a tag phase run after the failed check would show in the calls
    const fake = new FakeExec({ [planArgv]: PLAN, [tagArgv]: captured('imagetools-create') });

    const run = phases(new Merge(stepContext(config, fake.exec, tempDir), BUILDER), config);

    await expect(run).rejects.toThrow(`the index ${PLANNED} does not hold the requested platforms (${mismatch}): no tag was moved`);
    expect(fake.argvs).toEqual([planArgv]);
  });
});
