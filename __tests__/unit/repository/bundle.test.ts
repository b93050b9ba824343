// What the committed bundle loads before a step does anything: @actions/core without its OIDC client, whose
// @actions/http-client and undici pull in node's http2, zlib and worker_threads on import (scripts/patches/README.md).
// The bundle is run as the runner runs it, and node's own list of the built-in modules it loaded is read at exit.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, test } from '@jest/globals';

import { ROOT } from '../support.js';

/** Built-in modules that only the HTTP client stack loads on import; the action's own code needs none of them. */
const HTTP_CLIENT_STACK = ['http2', 'zlib', 'worker_threads'];

const MARK = 'built-in modules loaded:';
const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

/** A run of dist/index.js in an environment with no docker (PATH names none): its log and the built-in modules it loaded. */
function runBundle(env: NodeJS.ProcessEnv): { log: string; loaded: string[] } {
  for (const file of ['output', 'state', 'summary']) fs.writeFileSync(path.join(temp, file), '');
  const report = `process.on('exit', () => console.error(${JSON.stringify(MARK)} + JSON.stringify(process.moduleLoadList)))`;
  const result = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(report)}`, path.join(ROOT, 'dist', 'index.js')],
    {
      env: {
        PATH: temp,
        RUNNER_OS: 'Linux',
        RUNNER_TEMP: temp,
        GITHUB_OUTPUT: path.join(temp, 'output'),
        GITHUB_STATE: path.join(temp, 'state'),
        GITHUB_STEP_SUMMARY: path.join(temp, 'summary'),
        ...env,
      },
      encoding: 'utf8',
    },
  );
  const line = result.stderr.split('\n').find((l) => l.startsWith(MARK));
  if (!line) throw new Error(`dist/index.js reported no modules (exit ${result.status}): ${result.stderr}${result.stdout}`);
  const modules = JSON.parse(line.slice(MARK.length)) as string[];
  const loaded = modules.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length));
  return { log: result.stdout, loaded };
}

describe("the bundle's start loads no HTTP client stack", () => {
  test('main, as far as a rejected input (it has read every input and asked for docker by then)', () => {
    const { log, loaded } = runBundle({ INPUT_PUSH: 'true', INPUT_PLATFORMS: 'linux/amd64' });
    // the run got as far as it should: @actions/core loaded, docker was asked for, the inputs were read and judged
    expect(log).toContain('::error::Input "tags" is empty but "push" is true');
    expect(loaded).toContain('child_process');
    expect(loaded.filter((m) => HTTP_CLIENT_STACK.includes(m))).toEqual([]);
  });

  test('post, with nothing to undo', () => {
    const { loaded } = runBundle({ STATE_isPost: 'true' });
    expect(loaded.filter((m) => HTTP_CLIENT_STACK.includes(m))).toEqual([]);
  });
});
