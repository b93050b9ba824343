// buildx 0.30 and later put the GitHub event payload into every build's provenance on a docker-container builder
// created in a job: captured with buildx 0.36.1 and BuildKit 0.32.2 (fixtures/buildx-0.36.1/). The stack's buildx
// 0.29 writes none of it, so these run on the captured files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import { eventPayloadDriverOpts, withoutEventPayload } from '../../../src/build/event-payload.js';
import { parseConfig, type RawInputs } from '../../../src/config/index.js';
import type { Exec } from '../../../src/core/exec.js';
import { SingleBuild } from '../../../src/modes/single-build.js';
import { createArgs } from '../../../src/setup/builder.js';
import { setUp } from '../../../src/setup/index.js';
import { FakeExec } from '../fake-exec.js';
import { fakeFiles, fixture } from '../support.js';

const PAYLOAD_TEXT = 'This PR body is user text';

describe('withoutEventPayload: the metadata output never holds the payload', () => {
  test.each<[string, string[]]>([
    ['buildx-0.36.1/metadata-provenance-false.json', ['buildx.build.provenance']],
    ['buildx-0.36.1/metadata-push-mode-min.json', ['buildx.build.provenance/linux/amd64', 'buildx.build.provenance/linux/arm64']],
  ])('%s', (name, keys) => {
    const captured = fixture(name);
    expect(captured).toContain(PAYLOAD_TEXT);
    const stripped = withoutEventPayload(captured);
    expect(stripped).not.toContain(PAYLOAD_TEXT);
    expect(stripped).not.toContain('github_event_payload');
    const before = JSON.parse(captured) as Record<string, { invocation: { environment: Record<string, unknown> } }>;
    const after = JSON.parse(stripped) as typeof before;
    // everything else stays: the event's name, the platform, the digests, the build ref
    for (const key of keys) {
      const rest = Object.fromEntries(
        Object.entries(before[key].invocation.environment).filter(([name]) => name !== 'github_event_payload'),
      );
      expect(after[key].invocation.environment).toEqual(rest);
      expect(after[key].invocation.environment.github_event_name).toBe('pull_request');
    }
    for (const key of Object.keys(before).filter((k) => !keys.includes(k))) expect(after[key]).toEqual(before[key]);
  });

  test.each<[string]>([
    ['metadata-docker-container-provenance.json'],
    ['metadata-docker-container.json'],
    ['metadata-build-check-warnings.json'],
  ])('buildx 0.29 metadata without a payload is kept byte for byte: %s', (name) => {
    expect(withoutEventPayload(fixture(name))).toBe(fixture(name));
  });

  test('text that is not JSON is left for the metadata parser to refuse', () => {
    expect(withoutEventPayload('{not json')).toBe('{not json');
  });
});

test("a build's metadata output leaves the payload out", async () => {
  const raw: RawInputs = { push: 'false', platforms: 'linux/amd64,linux/arm64' };
  const config = parseConfig(raw, { files: fakeFiles });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-payload-test-'));
  try {
    const metadataFile = path.join(tempDir, 'metadata.json');
    const fake = new FakeExec({
      [['docker', ...buildCommand(config, 'b1', metadataFile).args].join(' ')]: { stderr: fixture('stderr-build-cold.txt') },
    });
    // buildx writes the metadata file as the build ends
    const exec: Exec = async (command, args, options) => {
      const result = await fake.exec(command, args, options);
      fs.writeFileSync(metadataFile, fixture('buildx-0.36.1/metadata-push-mode-min.json'));
      return result;
    };
    const ctx = {
      config,
      docker: { hostPlatform: 'linux/amd64', containerdStore: true },
      buildxVersion: '0.36.1',
      exec,
      tempDir,
    };
    const mode = new SingleBuild(ctx, { name: 'b1', nodes: [], startedByBuild: false });
    const built = await mode.build();
    const result = await mode.tag(await mode.verify(built));
    expect(result.metadataJson).not.toContain(PAYLOAD_TEXT);
    expect(JSON.parse(result.metadataJson)).toHaveProperty(
      ['buildx.build.provenance/linux/arm64', 'invocation', 'environment', 'github_event_name'],
      'pull_request',
    );
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
});

describe("the docker-container builder this step creates leaves the payload out of a private repository's provenance", () => {
  const PRIVATE = { repository: { private: true } };
  const configFor = (payload: unknown, raw: RawInputs = {}) =>
    parseConfig(
      { push: 'false', ...raw },
      { files: { ...fakeFiles, readText: () => JSON.stringify(payload) }, env: { GITHUB_EVENT_PATH: '/event.json' } },
    );
  const CREATE = ['buildx', 'create', '--name', 'b1', '--driver', 'docker-container'];
  test.each<[string, unknown, RawInputs, string | undefined, string[]]>([
    [
      'private, buildx 0.36.1 (the captured event)',
      JSON.parse(fixture('buildx-0.36.1/event.json')),
      {},
      '0.36.1',
      [...CREATE, '--driver-opt', 'provenance-add-gha=false'],
    ],
    ['private, buildx 0.30.0, the first that adds it', PRIVATE, {}, '0.30.0', [...CREATE, '--driver-opt', 'provenance-add-gha=false']],
    ['private, buildx-version latest', PRIVATE, {}, 'latest', [...CREATE, '--driver-opt', 'provenance-add-gha=false']],
    [
      "private, after the user's driver-opts",
      PRIVATE,
      { 'driver-opts': 'network=host' },
      '0.36.1',
      [...CREATE, '--driver-opt', 'network=host', '--driver-opt', 'provenance-add-gha=false'],
    ],
    // older buildx refuse a driver option they do not know, and add no payload either
    ["private, buildx 0.29.1 (the stack's)", PRIVATE, {}, '0.29.1+ds1', CREATE],
    ['private, buildx version unknown', PRIVATE, {}, undefined, CREATE],
    ['public: what build-push-action gives', { repository: { private: false } }, {}, '0.36.1', CREATE],
    ['a payload that says nothing: public, as build-push-action reads it', {}, {}, '0.36.1', CREATE],
    [
      'driver-opts decide: a private repository that wants it in',
      PRIVATE,
      { 'driver-opts': 'provenance-add-gha=true' },
      '0.36.1',
      [...CREATE, '--driver-opt', 'provenance-add-gha=true'],
    ],
    [
      'driver-opts decide: a public repository that wants it out',
      { repository: { private: false } },
      { 'driver-opts': 'provenance-add-gha=false' },
      '0.36.1',
      [...CREATE, '--driver-opt', 'provenance-add-gha=false'],
    ],
  ])('%s', (_, payload, raw, version, expected) => {
    expect(createArgs(configFor(payload, raw), 'b1', { buildxVersion: version })).toEqual(expected);
  });

  test('only the docker-container driver adds it', () => {
    for (const driver of ['remote', 'kubernetes', 'docker'] as const) {
      expect(eventPayloadDriverOpts({ driver, privateRepository: true }, [], '0.36.1')).toEqual([]);
    }
  });

  test('setUp creates the builder with it, knowing the buildx that runs', async () => {
    const config = configFor(PRIVATE, { name: 'b1', qemu: 'false' });
    const fake = new FakeExec({
      'docker buildx inspect b1': { exitCode: 1, stderr: 'ERROR: no builder "b1" found\n' },
      'docker buildx create --name b1 --driver docker-container --driver-opt provenance-add-gha=false': { stdout: 'b1\n' },
    });
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-payload-setup-'));
    try {
      await setUp({
        config,
        docker: { hostPlatform: 'linux/amd64', containerdStore: true },
        buildxVersion: '0.36.1',
        exec: fake.exec,
        tempDir,
      });
      expect(fake.argvs).toEqual([
        'docker buildx inspect b1',
        'docker buildx create --name b1 --driver docker-container --driver-opt provenance-add-gha=false',
      ]);
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });
});
