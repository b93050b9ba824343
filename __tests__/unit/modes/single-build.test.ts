// The single build's phases, driven through the exec seam by the argv-keyed fake (answers captured from the stack)
// against the fake registry: what each phase hands the next, and that the tags get the image the registry holds.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import type { Exec } from '../../../src/core/exec.js';
import { testArgs } from '../../../src/image/imagetest.js';
import { createdDigest, imagetoolsCreateArgs } from '../../../src/image/imagetools.js';
import { SingleBuild } from '../../../src/modes/single-build.js';
import type { BuilderInUse } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { OCI } from '../fake-images.js';
import { type Descriptor, fakeRegistryForSuite } from '../fake-registry.js';
import { captured, configOf, fixture, stepContext, tempDirForEachTest } from '../support.js';

const BUILDER: BuilderInUse = { name: 'b1', nodes: [], startedByBuild: false };

const fakeRegistry = fakeRegistryForSuite();
const tempDir = tempDirForEachTest('single-build-test-');

/** A linux/amd64 image in the fake fakeRegistry(), as BuildKit pushes it: its config blob, then its manifest. */
function pushAmd64(repository: string): { manifest: Descriptor; config: Descriptor } {
  const configJson = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: { Cmd: ['sh'] },
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const config = fakeRegistry().pushBlob(repository, configJson, 'application/vnd.oci.image.config.v1+json');
  const manifest = fakeRegistry().pushManifest(
    repository,
    JSON.stringify({ schemaVersion: 2, mediaType: OCI.manifest, config, layers: [] }, null, 2),
    OCI.manifest,
  );
  return { manifest, config };
}

describe('a single build', () => {
  // the captured metadata and tagging output, of the image the fake registry holds instead
  const METADATA = fixture('metadata-docker-container-single.json');
  const { 'containerimage.digest': BUILT, 'containerimage.config.digest': BUILT_CONFIG } = JSON.parse(METADATA) as Record<string, string>;
  const TAGGED = captured('imagetools-create-single');
  const TAGGED_DIGEST = createdDigest(TAGGED.stderr ?? '') as string;

  test('hands its digest from build to verify, test and tag: the tags get the image the registry holds', async () => {
    const repository = `${fakeRegistry().host}/acme/app`;
    const elsewhere = `${fakeRegistry().host}/acme/mirror:1`;
    const image = pushAmd64('acme/app');
    const digest = image.manifest.digest;
    const tags = `${repository}:1,${elsewhere}`;
    const config = configOf({ tags, platforms: 'linux/amd64', cache: 'false', 'test-command': 'true' });
    const metadataFile = path.join(tempDir(), 'metadata.json');
    const buildArgv = ['docker', ...buildCommand(config, 'b1', metadataFile).args].join(' ');
    const pinned = `${repository}@${digest}`;
    const testArgv = ['docker', ...testArgs(pinned, 'linux/amd64', 'true')].join(' ');
    // a tag of another repository needs the image copied there: imagetools does that
    const tagArgv = ['docker', ...imagetoolsCreateArgs('b1', [pinned], { tags: [elsewhere], preferIndex: false })].join(' ');
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
    const mode = new SingleBuild(stepContext(config, exec, tempDir()), BUILDER);

    const built = await mode.build();
    expect(built.metadata).toEqual({ digest, configDigest: image.config.digest });
    const verified = await mode.verify(built);
    expect(verified.digests).toEqual({ 'linux/amd64': digest });
    expect(fake.argvs).toEqual([buildArgv]);
    await mode.test(verified);
    expect(fakeRegistry().hasManifest('acme/app', '1')).toBe(false);
    const result = await mode.tag(verified);

    expect(result).toMatchObject({
      digest,
      imageid: image.config.digest,
      platformDigests: { 'linux/amd64': digest },
      tags: [`${repository}:1`, elsewhere],
    });
    // the tag of the pushed repository by one PUT of the very bytes verified, the other through imagetools
    expect(fakeRegistry().manifestBytes('acme/app', '1')).toBe(fakeRegistry().manifestBytes('acme/app', digest));
    expect(fake.argvs).toEqual([buildArgv, testArgv, `docker image rm ${pinned}`, tagArgv]);
    expect(JSON.parse(result.metadataJson)['image.name']).toBe(`${repository}:1,${elsewhere}`);
  });
  test('asks a builder the build starts for its nodes while the build runs, and verify hands them to tag', async () => {
    const config = configOf({ push: 'false', platforms: 'linux/amd64', cache: 'false' });
    const metadataFile = path.join(tempDir(), 'metadata.json');
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
    const mode = new SingleBuild(stepContext(config, exec, tempDir()), { ...BUILDER, startedByBuild: true });

    const built = await mode.build();
    expect(seen).toEqual([`${inspectArgv} ended`, `${buildArgv} ended`]);
    const result = await mode.tag(await mode.verify(built));

    expect(result.nodes?.map((node) => node.name)).toEqual(['fixtures0']);
    expect(fake.argvs).toEqual([buildArgv, inspectArgv]);
  });
});
