// The step's result as the modes make it, and the outputs it becomes: written to a GITHUB_OUTPUT file as the
// runner hands one, and read back with the runner's own parser (scripts/runner.mjs), as the end-to-end tests do.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';

import { parseCommandFile } from '../../../scripts/runner.mjs';
import type { RawInputs } from '../../../src/config/index.js';
import { type ModeFindings, setOutputs, type StepResult, stepResult } from '../../../src/report/result.js';
import { configOf, TAG } from '../support.js';

const AMD64 = 'sha256:db06570b9ba6c79b9fb0d919d40d8b631da7356e6d2a85fcf090d9e6db889671';
const INDEX = 'sha256:5eced6f8a049a1329935fe84b2f6abcbe2bf4a18343a37086407cc6e447e8b50';
const CONFIG = 'sha256:ac97d8bcc498a728af01860973b714600fd6bd60b6e6f1160a7a0b21f5477401';

describe('stepResult', () => {
  const found: ModeFindings = { digest: INDEX, platformDigests: { 'linux/amd64': AMD64 } };
  test.each<[string, RawInputs, ModeFindings, Partial<StepResult>]>([
    [
      'a pushed build: the tags, the digest as the image id',
      { tags: `${TAG},ghcr.io/acme/app:latest`, platforms: 'linux/amd64' },
      found,
      { mode: 'build', tags: [TAG, 'ghcr.io/acme/app:latest'], pushed: true, imageid: INDEX, execution: {}, metadataJson: '' },
    ],
    [
      'a leg: no tags, the merge step owns them',
      { tags: TAG, 'push-by-digest': 'true', 'run-id': 'p7', 'merge-key': 'k1' },
      found,
      { mode: 'leg', tags: [], pushed: true },
    ],
    ['not pushed: no tags', { tags: TAG, push: 'false', platforms: 'linux/amd64' }, found, { tags: [], pushed: false }],
    [
      'what the mode found wins over the defaults',
      { tags: TAG, platforms: 'linux/amd64' },
      { ...found, imageid: CONFIG, metadataJson: '{}', execution: { 'linux/amd64': 'native' } },
      { imageid: CONFIG, metadataJson: '{}', execution: { 'linux/amd64': 'native' } },
    ],
  ])('%s', (_, raw, findings, expected) => {
    const config = configOf(raw);
    expect(stepResult(config, 'b1', findings)).toMatchObject({
      builder: 'b1',
      platforms: config.platforms,
      digest: INDEX,
      platformDigests: { 'linux/amd64': AMD64 },
      ...expected,
    });
  });
});

describe('setOutputs, in the GITHUB_OUTPUT file', () => {
  let dir: string;
  let file: string;
  const previous = process.env.GITHUB_OUTPUT;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outputs-test-'));
    file = path.join(dir, 'output');
    fs.writeFileSync(file, '');
    process.env.GITHUB_OUTPUT = file;
  });
  afterEach(() => {
    if (previous === undefined) delete process.env.GITHUB_OUTPUT;
    else process.env.GITHUB_OUTPUT = previous;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The outputs as the runner reads them back; the newline core prints beside each one kept out of the job log. */
  function outputsOf(result: StepResult): Record<string, string> {
    const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      setOutputs(result);
    } finally {
      write.mockRestore();
    }
    return parseCommandFile(fs.readFileSync(file, 'utf8'));
  }

  const result = stepResult(configOf({ tags: TAG, platforms: 'linux/amd64,linux/arm64' }), 'b1', {
    digest: INDEX,
    imageid: CONFIG,
    metadataJson: '{\n  "containerimage.digest": "x"\n}',
    platformDigests: { 'linux/amd64': AMD64 },
  });

  test('every output, the metadata on several lines as it is; no nodes, no nodes output', () => {
    expect(outputsOf(result)).toEqual({
      digest: INDEX,
      'platform-digests': JSON.stringify({ 'linux/amd64': AMD64 }),
      imageid: CONFIG,
      metadata: '{\n  "containerimage.digest": "x"\n}',
      builder: 'b1',
      platforms: 'linux/amd64,linux/arm64',
    });
  });

  test('the nodes output, as JSON, when the builder reported nodes', () => {
    const nodes = [
      { name: 'b10', endpoint: 'unix:///var/run/docker.sock', status: 'running', buildkit: 'v0.25.2', platforms: ['linux/amd64'] },
    ];
    expect(outputsOf({ ...result, nodes })).toMatchObject({ nodes: JSON.stringify(nodes) });
  });

  test('no digest (a build not pushed): empty digest and imageid', () => {
    expect(outputsOf({ ...result, digest: undefined, imageid: undefined })).toMatchObject({ digest: '', imageid: '' });
  });
});
