// The step's registries: one client per repository (one token for every read of it), and buildx for what the
// registry API cannot serve, against the fake registry on 127.0.0.1 and the argv fake with captured output.
import { describe, expect, test } from '@jest/globals';

import { parseInspect } from '../../../src/image/digests.js';
import { StepRegistry } from '../../../src/registry/step-registry.js';
import { FakeExec } from '../fake-exec.js';
import { OCI } from '../fake-images.js';
import { fakeRegistryForSuite, PASSWORD, USERNAME } from '../fake-registry.js';
import { fixture } from '../support.js';

const REPO = 'acme/app';
const CONFIG = { architecture: 'arm64', os: 'linux', variant: 'v8' };

const fakeRegistry = fakeRegistryForSuite();

/** One image of one layer in the fake registry: its manifest's digest. */
function pushImage(): string {
  const config = fakeRegistry().pushBlob(REPO, JSON.stringify(CONFIG), 'application/vnd.oci.image.config.v1+json');
  const layer = fakeRegistry().pushBlob(REPO, 'layer', 'application/vnd.oci.image.layer.v1.tar+gzip');
  const manifest = { schemaVersion: 2, mediaType: OCI.manifest, config, layers: [layer] };
  return fakeRegistry().pushManifest(REPO, JSON.stringify(manifest), OCI.manifest).digest;
}

function stepRegistry(exec: FakeExec, password = PASSWORD): StepRegistry {
  return new StepRegistry({
    exec: exec.exec,
    builder: 'b1',
    logins: [{ registry: fakeRegistry().host, username: USERNAME, password }],
    insecure: [],
  });
}

describe('StepRegistry', () => {
  test('every read of one repository shares its client: one Bearer token for the index and the image', async () => {
    fakeRegistry().auth = 'bearer';
    const digest = pushImage();
    const step = stepRegistry(new FakeExec({}));
    const repository = `${fakeRegistry().host}/${REPO}`;

    const pushed = await step.pushed(repository, digest);
    const image = await step.image(repository, digest);

    expect(pushed.configs).toEqual({ '': CONFIG });
    expect(pushed.overApi).toBe(true);
    expect(image).toEqual({ config: CONFIG, size: 'layer'.length });
    expect(fakeRegistry().tokenRequests()).toHaveLength(1);
    expect(step.client(repository)).toBe(step.client(repository));
  });

  test('a read the registry API refuses is asked of buildx, through the step builder', async () => {
    fakeRegistry().auth = 'basic';
    const digest = pushImage();
    const repository = `${fakeRegistry().host}/${REPO}`;
    const inspected = fixture('imagetools-inspect-format-all-single.json');
    const argv = `docker buildx imagetools inspect --builder b1 --format {{json .}} ${repository}@${digest}`;
    const exec = new FakeExec({ [argv]: { stdout: inspected } });

    const pushed = await stepRegistry(exec, 'wrong').pushed(repository, digest);
    const image = await stepRegistry(exec, 'wrong').image(repository, digest);

    // buildx's rendering of the bytes, not the registry's: a tag gets them through imagetools, never a PUT
    expect(pushed).toEqual({ ...parseInspect(inspected), repository, digest, overApi: false });
    expect(image).toEqual({ config: parseInspect(inspected).configs[''], size: 0 });
    expect(exec.argvs).toEqual([argv, argv]);
  });
});
