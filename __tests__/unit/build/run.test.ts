// The run of one build, driven through the exec seam by the argv-keyed fake: what it runs, what it makes of the
// streamed log, and which failures it retries.
import { describe, expect, test } from '@jest/globals';

import { build } from '../../../src/build/run.js';
import { FakeExec } from '../fake-exec.js';
import { configOf, failure, fixture, NO_WAIT } from '../support.js';

const R = '127.0.0.1:5000';

describe('build', () => {
  const config = configOf({ tags: `${R}/app:1`, platforms: 'linux/arm64', cache: 'false' });
  const argv = `docker buildx build --builder b1 --platform linux/arm64 --output type=image,name=${R}/app,push-by-digest=true,name-canonical=true,push=true --metadata-file /m.json .`;

  test("a failing RUN step is the project's error: built once, not retried, named by platform and step", async () => {
    const fake = new FakeExec({ [argv]: { exitCode: 1, stderr: fixture('stderr-build-run-fails-arm64.txt') } });
    const error = await failure(build(fake.exec, config, 'b1', '/m.json', { canExportCache: true, policy: NO_WAIT }));
    expect(fake.argvs).toEqual([argv]);
    expect(error.message).toMatch(/^building linux\/arm64 \(step \[2\/2\] RUN \[ "\$\(uname -m\)" != aarch64 \]\) failed: /);
  });

  test('the step counts and times come from the streamed log', async () => {
    const log = `#5 [linux/arm64 1/2] FROM ${R}/base/busybox:1\n#5 CACHED\n\n#6 [linux/arm64 2/2] RUN true\n#6 DONE 0.1s\n`;
    const fake = new FakeExec({ [argv]: { exitCode: 0, stderr: log } });
    await expect(build(fake.exec, config, 'b1', '/m.json', { canExportCache: true, policy: NO_WAIT })).resolves.toEqual({
      steps: { 'linux/arm64': 2 },
      cached: { 'linux/arm64': 1 },
      seconds: { 'linux/arm64': 0.1 },
    });
  });
});
