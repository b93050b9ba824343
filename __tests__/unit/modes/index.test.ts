// The modes' phases, driven through the exec seam by the argv-keyed fake (answers captured from the stack) against
// the fake registry: what each phase hands the next, and that no tag moves unless the phases before it passed.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import type { Config } from '../../../src/config/index.js';
import type { Exec } from '../../../src/core/exec.js';
import { digestOf } from '../../../src/image/digests.js';
import { testArgs } from '../../../src/image/imagetest.js';
import { imagetoolsCreateArgs } from '../../../src/image/imagetools.js';
import type { Mode } from '../../../src/modes/index.js';
import { Merge } from '../../../src/modes/merge.js';
import { SingleBuild } from '../../../src/modes/single-build.js';
import type { StepResult } from '../../../src/report/result.js';
import type { BuilderInUse, StepContext } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { type Descriptor, FakeRegistry } from '../fake-registry.js';
import { captured, configOf, fixture } from '../support.js';

const BUILDER: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

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
  tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'modes-test-'));
});

afterEach(() => {
  fs.rmSync(tempDir, { recursive: true, force: true });
});

function contextOf(config: Config, exec: Exec): StepContext {
  return { config, docker: { hostPlatform: 'linux/amd64', containerdStore: true }, buildxVersion: '0.29.1', exec, tempDir };
}

/** The phases in main's order (without its groups), each given what the one before returned. */
async function phases<Built, Verified>(mode: Mode<Built, Verified>, config: Config): Promise<StepResult> {
  const built = await mode.build();
  const verified = await mode.verify(built);
  if (config.testCommand !== '') await mode.test?.(verified);
  return mode.tag(verified);
}

/** A linux/amd64 image in the fake registry, as BuildKit pushes it: its config blob, then its manifest. */
function pushAmd64(repository: string): { manifest: Descriptor; config: Descriptor } {
  const configJson = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const config = registry.pushBlob(repository, configJson, 'application/vnd.oci.image.config.v1+json');
  const manifest = registry.pushManifest(
    repository,
    JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers: [] }, null, 2),
    OCI_MANIFEST,
  );
  return { manifest, config };
}

describe('a single build', () => {
  // the captured metadata and tagging output, of the image the fake registry holds instead
  const METADATA = fixture('metadata-docker-container-single.json');
  const { 'containerimage.digest': BUILT, 'containerimage.config.digest': BUILT_CONFIG } = JSON.parse(METADATA) as Record<string, string>;
  const TAGGED = captured('imagetools-create-single');
  const TAGGED_DIGEST = /pushing (sha256:[a-f0-9]{64})/.exec(TAGGED.stderr ?? '')?.[1] as string;

  test('hands its digest from build to verify, test and tag: the tags get the image the registry holds', async () => {
    const repository = `${registry.host}/acme/app`;
    const image = pushAmd64('acme/app');
    const digest = image.manifest.digest;
    const config = configOf({ tags: `${repository}:1`, platforms: 'linux/amd64', cache: 'false', 'test-command': 'true' });
    const metadataFile = path.join(tempDir, 'metadata.json');
    const buildArgv = ['docker', ...buildCommand(config, 'b1', metadataFile).args].join(' ');
    const pinned = `${repository}@${digest}`;
    const testArgv = ['docker', ...testArgs(pinned, 'linux/amd64', 'true')].join(' ');
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', [pinned], { tags: [`${repository}:1`], preferIndex: false })].join(' ');
    const fake = new FakeExec({
      [buildArgv]: { stderr: fixture('stderr-build-cold.txt') },
      [testArgv]: {},
      [`docker image rm ${pinned}`]: {},
      [tagArgv]: { ...TAGGED, stderr: TAGGED.stderr?.replaceAll(TAGGED_DIGEST, digest) },
    });
    // buildx writes the metadata file as the build ends
    const exec: Exec = async (command, args, options) => {
      const result = await fake.exec(command, args, options);
      if (args.includes('build'))
        fs.writeFileSync(metadataFile, METADATA.replaceAll(BUILT, digest).replaceAll(BUILT_CONFIG, image.config.digest));
      return result;
    };
    const mode = new SingleBuild(contextOf(config, exec), BUILDER);

    const built = await mode.build();
    expect(built.metadata).toEqual({ digest, configDigest: image.config.digest });
    const verified = await mode.verify(built);
    expect(verified.digests).toEqual({ 'linux/amd64': digest });
    expect(fake.argvs).toEqual([buildArgv]);
    await mode.test(verified);
    const result = await mode.tag(verified);

    expect(result).toMatchObject({
      digest,
      imageid: image.config.digest,
      platformDigests: { 'linux/amd64': digest },
      tags: [`${repository}:1`],
    });
    expect(fake.argvs).toEqual([buildArgv, testArgv, `docker image rm ${pinned}`, tagArgv]);
  });
  test('asks a builder the build starts for its nodes while the build runs, and verify hands them to tag', async () => {
    const config = configOf({ push: 'false', platforms: 'linux/amd64', cache: 'false' });
    const metadataFile = path.join(tempDir, 'metadata.json');
    const buildArgv = ['docker', ...buildCommand(config, 'b1', metadataFile).args].join(' ');
    const inspectArgv = 'docker buildx inspect --builder b1';
    const fake = new FakeExec({
      [buildArgv]: { stderr: fixture('stderr-build-cold.txt') },
      [inspectArgv]: { stdout: fixture('buildx-inspect-docker-container.txt') },
    });
    const seen: string[] = [];
    const exec: Exec = async (command, args, options) => {
      const result = await fake.exec(command, args, options);
      if (args.includes('build')) fs.writeFileSync(metadataFile, METADATA);
      seen.push(`${[command, ...args].join(' ')} ended`);
      return result;
    };
    const mode = new SingleBuild(contextOf(config, exec), { ...BUILDER, startedByBuild: true });

    const built = await mode.build();
    expect(seen).toEqual([`${inspectArgv} ended`, `${buildArgv} ended`]);
    const result = await mode.tag(await mode.verify(built));

    expect(result.nodes?.map((node) => node.name)).toEqual(['fixtures0']);
    expect(fake.argvs).toEqual([buildArgv, inspectArgv]);
  });
});

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

    const run = phases(new Merge(contextOf(config, fake.exec), BUILDER), config);

    await expect(run).rejects.toThrow(`the index ${PLANNED} does not hold the requested platforms (${mismatch}): no tag was moved`);
    expect(fake.argvs).toEqual([planArgv]);
  });
});
