// reproducible: true on the real stack, with both drivers (docker: an OCI archive with the rewrite, loaded and pushed
// by the daemon). The context is a Git checkout; the same commit built twice, a minute apart and without any cache,
// gives the same platform images in the registry; a file changed for arm64 alone changes arm64 alone; and the same
// source built without reproducible differs, so the equality is the input's doing.
import { execFileSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type ActionRun, errorLines, indexPlatforms, nonce, registryBlob, registryManifest, stack, Workspace } from './harness.js';

const s = stack();
const COMMITTED = '2025-01-02T03:04:05Z';
const DRIVERS: [string, Record<string, string>][] = [
  ['docker-container', { 'driver-opts': 'network=host', 'buildkitd-config-inline': `[registry."${s.registry}"]\n  http = true\n` }],
  ['docker', { driver: 'docker' }],
];

describe.each(DRIVERS)('driver %s', (driver, driverInputs) => {
  const ws = new Workspace(`reproducible-${driver}`);
  const repository = `e2e/reproducible-${nonce()}`;
  const tag = `${s.registry}/${repository}:latest`;
  const runs: ActionRun[] = [];

  const inputs = (extra: Record<string, string> = {}): Record<string, string> => ({
    ...driverInputs,
    registry: s.registry,
    username: s.username,
    password: s.password,
    platforms: 'linux/amd64,linux/arm64',
    tags: tag,
    'no-cache': 'true',
    cache: 'false',
    ...extra,
  });

  const digestsOf = (run: ActionRun): Record<string, string> =>
    JSON.parse(run.outputs['platform-digests'] ?? '{}') as Record<string, string>;

  beforeAll(async () => {
    const ctx = `${ws.dir}/ctx`;
    const runNonce = nonce();
    ws.write(
      'ctx/Dockerfile',
      [
        `FROM ${s.baseImage}`,
        'ARG TARGETARCH',
        `RUN echo ${runNonce} > /nonce && uname -m > /arch`,
        'COPY data-${TARGETARCH} /data',
        '',
      ].join('\n'),
    );
    ws.write('ctx/data-amd64', 'amd64 data\n');
    ws.write('ctx/data-arm64', 'arm64 data\n');
    const git = (...args: string[]): string =>
      execFileSync('git', ['-C', ctx, ...args], {
        encoding: 'utf8',
        env: {
          ...process.env,
          GIT_AUTHOR_DATE: COMMITTED,
          GIT_COMMITTER_DATE: COMMITTED,
          GIT_AUTHOR_NAME: 'e2e',
          GIT_AUTHOR_EMAIL: 'e2e@example.com',
          GIT_COMMITTER_NAME: 'e2e',
          GIT_COMMITTER_EMAIL: 'e2e@example.com',
        },
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'source');
    const started = Date.now();
    runs.push(await ws.run(inputs({ reproducible: 'true', context: ctx })));
    // a minute later at least: every time the build could see has moved on
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 61_000 - (Date.now() - started))));
    runs.push(await ws.run(inputs({ reproducible: 'true', context: ctx })));
    ws.write('ctx/data-arm64', 'arm64 data, changed\n');
    runs.push(await ws.run(inputs({ reproducible: 'true', context: ctx })));
    ws.write('ctx/data-arm64', 'arm64 data\n');
    runs.push(await ws.run(inputs({ context: ctx })));
  }, 1_500_000);

  afterAll(() => ws.remove());

  test('every run succeeds', () => {
    for (const run of runs) expect({ code: run.main.code, errors: errorLines(run.main.stdout) }).toEqual({ code: 0, errors: [] });
  });

  test('the same commit built twice a minute apart, without cache: the same platform images in the registry', async () => {
    const [first, second] = runs;
    expect(Object.keys(digestsOf(first)).sort()).toEqual(['linux/amd64', 'linux/arm64']);
    expect(digestsOf(second)).toEqual(digestsOf(first));
    const index = await registryManifest(s, repository, second.outputs.digest);
    expect(indexPlatforms(index.body)).toEqual(digestsOf(first));
  });

  test("the images' created time is the commit's", async () => {
    for (const digest of Object.values(digestsOf(runs[0]))) {
      const manifest = JSON.parse((await registryManifest(s, repository, digest)).body) as { config: { digest: string } };
      const config = JSON.parse(await registryBlob(s, repository, manifest.config.digest)) as { created: string };
      expect(config.created).toBe(COMMITTED);
    }
  });

  test('a file changed for arm64 alone changes the arm64 image alone', () => {
    const [first, , changed] = runs;
    expect(digestsOf(changed)['linux/amd64']).toBe(digestsOf(first)['linux/amd64']);
    expect(digestsOf(changed)['linux/arm64']).not.toBe(digestsOf(first)['linux/arm64']);
  });

  test('without reproducible the same source gives other images', () => {
    const [first, , , plain] = runs;
    expect(digestsOf(plain)['linux/amd64']).not.toBe(digestsOf(first)['linux/amd64']);
    expect(digestsOf(plain)['linux/arm64']).not.toBe(digestsOf(first)['linux/arm64']);
  });

  test('the summary says what the tag held before each run', () => {
    const [first, second, changed] = runs;
    const epoch = String(Date.parse(COMMITTED) / 1000);
    expect(first.summary).toContain(`Reproducible: created and file times are \`SOURCE_DATE_EPOCH=${epoch}\` (${COMMITTED})`);
    expect(first.summary).toContain(`\`${tag}\` held nothing before this step.`);
    expect(second.summary).toContain(`Every platform image equals what \`${tag}\` held before this step (2 of 2).`);
    expect(changed.summary).toContain(`Changed from what \`${tag}\` held before this step: linux/arm64; unchanged: linux/amd64.`);
  });
});
