// The per-platform builds' phases, driven through the exec seam by the argv-keyed fake (answers captured from the
// stack) against the fake registry: each platform's build pushes by digest, verify reads every image back and
// checks the index they make before "Tag", and only "Tag" creates that index under the tags.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import type { Config } from '../../../src/config/index.js';
import type { Exec } from '../../../src/core/exec.js';
import { digestOf } from '../../../src/image/digests.js';
import { imagetoolsCreateArgs } from '../../../src/image/imagetools.js';
import { perPlatformBuilds } from '../../../src/modes/index.js';
import { PerPlatformBuilds } from '../../../src/modes/per-platform.js';
import type { BuilderInUse } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { OCI, PLATFORMS, PUSHED_SIZES, pushImage, REPO } from '../fake-images.js';
import { type Descriptor, fakeRegistryForSuite } from '../fake-registry.js';
import { captured, fixture, runUngrouped, stepContext, tempDirForEachTest, yamlConfigOf } from '../support.js';

const BUILDER: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };
const TWO = ['linux/amd64', 'linux/arm64'];

const fakeRegistry = fakeRegistryForSuite();
const tempDir = tempDirForEachTest('per-platform-test-');

/** A two-node builder's config for the fake registry: the default cache, pushed, so each platform builds apart. */
function twoNodeConfig(): Config {
  return yamlConfigOf({ tags: `${fakeRegistry().host}/${REPO}:1`, platforms: TWO.join(','), append: '- endpoint: arm-box\n' });
}

/** Each platform's image in the fake registry, as its build pushes it. */
function pushPlatforms(): Record<string, Descriptor & { platform: object }> {
  return Object.fromEntries(
    PLATFORMS.filter((p) => TWO.includes(p.key)).map((p) => [
      p.key,
      { ...pushImage(fakeRegistry(), OCI, p.config, p.layers), platform: p.entry },
    ]),
  );
}

/** The index imagetools --dry-run prints for `entries`: its bytes, then a newline. */
function dryRunIndex(entries: readonly object[]): string {
  return `${JSON.stringify({ schemaVersion: 2, mediaType: OCI.index, manifests: entries }, null, 2)}\n`;
}

/**
 * The exec seam with the fake behind it: a build writes its metadata file as buildx does, naming the image
 * `pushedAs` says that build pushed (each build's argv names its own metadata file and its one platform).
 */
function buildsWriting(fake: FakeExec, pushedAs: Record<string, string>): Exec {
  const METADATA = fixture('metadata-docker-container-single.json');
  const BUILT = (JSON.parse(METADATA) as Record<string, string>)['containerimage.digest'];
  return async (command, args, options) => {
    const result = await fake.exec(command, args, options);
    if (args[1] === 'build' && result.exitCode === 0) {
      const file = args[args.indexOf('--metadata-file') + 1];
      fs.writeFileSync(file, METADATA.replaceAll(BUILT, pushedAs[args[args.indexOf('--platform') + 1]]));
    }
    return result;
  };
}

/** The argv of each platform's build, as the mode runs it (its metadata file in the step's temp dir). */
function buildArgvs(config: Config): string[] {
  return (perPlatformBuilds(config) ?? []).map(({ config: one, plan }, i) =>
    ['docker', ...buildCommand(one, 'b1', path.join(tempDir(), `metadata-${i}.json`), true, plan).args].join(' '),
  );
}

describe('per-platform builds', () => {
  const CREATED = captured('imagetools-create');
  const CREATED_DIGEST = /pushing (sha256:[a-f0-9]{64})/.exec(CREATED.stderr ?? '')?.[1] as string;

  test('hand each platform digest from build to verify and tag: the tags get the index verify planned and checked', async () => {
    const config = twoNodeConfig();
    const images = pushPlatforms();
    const repository = `${fakeRegistry().host}/${REPO}`;
    const sources = TWO.map((platform) => `${repository}@${images[platform].digest}`);
    const planned = dryRunIndex(TWO.map((platform) => images[platform]));
    const plannedDigest = digestOf(planned.replace(/\n$/, ''));
    const builds = buildArgvs(config);
    const planArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { dryRun: true })].join(' ');
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { tags: config.tags })].join(' ');
    const fake = new FakeExec({
      [builds[0]]: { stderr: fixture('stderr-build-fully-cached.txt') },
      [builds[1]]: { stderr: fixture('stderr-build-fully-cached.txt') },
      [planArgv]: { stdout: planned },
      [tagArgv]: { ...CREATED, stderr: CREATED.stderr?.replaceAll(CREATED_DIGEST, plannedDigest) },
    });
    const pushedAs = Object.fromEntries(TWO.map((platform) => [platform, images[platform].digest]));
    const split = perPlatformBuilds(config) ?? [];
    const mode = new PerPlatformBuilds(stepContext(config, buildsWriting(fake, pushedAs), tempDir()), BUILDER, split);

    const built = await mode.build();
    expect(built.pushed.map(({ platform, digest }) => [platform, digest])).toEqual(Object.entries(pushedAs));
    expect([...fake.argvs].sort()).toEqual([...builds].sort());
    const verified = await mode.verify(built);
    expect(verified.digests).toEqual(pushedAs);
    expect(verified.planned).toEqual({ json: planned.replace(/\n$/, ''), digest: plannedDigest });
    expect(verified.sizes).toEqual({ 'linux/amd64': PUSHED_SIZES['linux/amd64'], 'linux/arm64': PUSHED_SIZES['linux/arm64'] });
    expect(fake.argvs.slice(2)).toEqual([planArgv]);
    const result = await mode.tag(verified);

    expect(result).toMatchObject({ digest: plannedDigest, platformDigests: pushedAs, tags: config.tags });
    expect(fake.argvs.slice(2)).toEqual([planArgv, tagArgv]);
  });

  test.each([
    [
      'a planned index without a platform',
      (images: Record<string, object>) => [images['linux/amd64']],
      'missing: linux/arm64; unexpected: none',
    ],
    [
      "a platform's image that the planned index files under another platform",
      (images: Record<string, object>) => [
        images['linux/amd64'],
        { ...images['linux/arm64'], platform: { os: 'linux', architecture: 's390x' } },
      ],
      'missing: linux/arm64; unexpected: linux/s390x',
    ],
  ])('%s fails in verify, and no tag moves', async (_, entries, mismatch) => {
    const config = twoNodeConfig();
    const images = pushPlatforms();
    const sources = TWO.map((platform) => `${fakeRegistry().host}/${REPO}@${images[platform].digest}`);
    const planArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { dryRun: true })].join(' ');
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', sources, { tags: config.tags })].join(' ');
    const [amd64, arm64] = buildArgvs(config);
    // the tagging command is answered, so that a tag phase run after the failed check would show in the calls
    const fake = new FakeExec({ [amd64]: {}, [arm64]: {}, [planArgv]: { stdout: dryRunIndex(entries(images)) }, [tagArgv]: CREATED });
    const pushedAs = Object.fromEntries(TWO.map((platform) => [platform, images[platform].digest]));
    const exec = buildsWriting(fake, pushedAs);

    const run = runUngrouped(new PerPlatformBuilds(stepContext(config, exec, tempDir()), BUILDER, perPlatformBuilds(config) ?? []), config);

    await expect(run).rejects.toThrow(`does not hold the requested platforms (${mismatch}): no tag was moved`);
    expect(fake.argvs).not.toContain(tagArgv);
  });

  test("a build that pushed another platform's image fails in verify, before any index is planned", async () => {
    const config = twoNodeConfig();
    const images = pushPlatforms();
    const [amd64, arm64] = buildArgvs(config);
    const fake = new FakeExec({ [amd64]: {}, [arm64]: {} });
    // the arm64 build's metadata names the amd64 image
    const exec = buildsWriting(fake, { 'linux/amd64': images['linux/amd64'].digest, 'linux/arm64': images['linux/amd64'].digest });

    const run = runUngrouped(new PerPlatformBuilds(stepContext(config, exec, tempDir()), BUILDER, perPlatformBuilds(config) ?? []), config);

    await expect(run).rejects.toThrow(
      `the pushed image ${images['linux/amd64'].digest} is of another platform: linux/arm64 (its image config says linux/amd64)`,
    );
    expect([...fake.argvs].sort()).toEqual([amd64, arm64].sort());
  });

  test("one platform's failed build fails the step with that build's error; nothing is verified or tagged", async () => {
    const config = twoNodeConfig();
    const images = pushPlatforms();
    const [amd64, arm64] = buildArgvs(config);
    const fake = new FakeExec({ [amd64]: {}, [arm64]: { exitCode: 1, stderr: fixture('stderr-build-run-fails-arm64.txt') } });
    const exec = buildsWriting(fake, { 'linux/amd64': images['linux/amd64'].digest });

    const run = runUngrouped(new PerPlatformBuilds(stepContext(config, exec, tempDir()), BUILDER, perPlatformBuilds(config) ?? []), config);

    await expect(run).rejects.toThrow('building linux/arm64 (step [2/2] RUN [ "$(uname -m)" != aarch64 ]) failed: failed to build');
    expect([...fake.argvs].sort()).toEqual([amd64, arm64].sort());
  });
});
