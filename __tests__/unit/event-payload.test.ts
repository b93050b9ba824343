// buildx 0.30 and later put the GitHub event payload into every build's provenance on a docker-container builder
// created in a job: captured with buildx 0.36.1 and BuildKit 0.32.2 (fixtures/buildx-0.36.1/). The stack's buildx
// 0.29 writes none of it, so these run on the captured files.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { buildCommand } from '../../src/build.js';
import { parseConfig, type RawInputs } from '../../src/config/index.js';
import { withoutEventPayload } from '../../src/event-payload.js';
import type { Exec } from '../../src/exec.js';
import { SingleBuild } from '../../src/modes/build.js';
import { FakeExec } from './fake-exec.js';
import { fakeFiles, fixture } from './support.js';

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
      const rest = Object.fromEntries(Object.entries(before[key].invocation.environment).filter(([name]) => name !== 'github_event_payload'));
      expect(after[key].invocation.environment).toEqual(rest);
      expect(after[key].invocation.environment.github_event_name).toBe('pull_request');
    }
    for (const key of Object.keys(before).filter((k) => !keys.includes(k))) expect(after[key]).toEqual(before[key]);
  });

  test.each<[string]>([['metadata-docker-container-provenance.json'], ['metadata-docker-container.json'], ['metadata-build-check-warnings.json']])(
    'buildx 0.29 metadata without a payload is kept byte for byte: %s',
    (name) => {
      expect(withoutEventPayload(fixture(name))).toBe(fixture(name));
    },
  );

  test('text that is not JSON is left for the metadata parser to refuse', () => {
    expect(withoutEventPayload('{not json')).toBe('{not json');
  });
});

test('a build\'s metadata output leaves the payload out', async () => {
  const raw: RawInputs = { push: 'false', platforms: 'linux/amd64,linux/arm64' };
  const config = parseConfig(raw, { files: fakeFiles });
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'event-payload-test-'));
  try {
    const metadataFile = path.join(tempDir, 'metadata.json');
    const fake = new FakeExec({ [['docker', ...buildCommand(config, 'b1', metadataFile).args].join(' ')]: { stderr: fixture('stderr-build-cold.txt') } });
    // buildx writes the metadata file as the build ends
    const exec: Exec = async (command, args, options) => {
      const result = await fake.exec(command, args, options);
      fs.writeFileSync(metadataFile, fixture('buildx-0.36.1/metadata-push-mode-min.json'));
      return result;
    };
    const ctx = { config, docker: { hostPlatform: 'linux/amd64', containerdStore: true }, buildx: Promise.resolve('0.36.1'), exec, tempDir };
    const mode = new SingleBuild(ctx, { name: 'b1', nodes: [], startedByBuild: false });
    await mode.build();
    await mode.verify();
    const result = await mode.tag();
    expect(result.metadataJson).not.toContain(PAYLOAD_TEXT);
    expect(JSON.parse(result.metadataJson)).toHaveProperty(['buildx.build.provenance/linux/arm64', 'invocation', 'environment', 'github_event_name'], 'pull_request');
  } finally {
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
});
