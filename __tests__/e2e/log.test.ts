// What the job log and the summary show, as a migrating user of docker/build-push-action expects: a group per
// phase, the build checks' warnings as annotations at their Dockerfile lines, and the variables that turn the
// annotations and the summary off.
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type ActionRun, docker, nonce, stack, Workspace } from './harness.js';

const s = stack();
const ws = new Workspace('log');
const inputs = (): Record<string, string> => ({
  registry: s.registry,
  username: s.username,
  password: s.password,
  driver: 'docker',
  platforms: 'linux/amd64',
  tags: `${s.registry}/e2e/log-${nonce()}:1`,
  context: `${ws.dir}/ctx`,
});
const warnings = (run: ActionRun): string[] => run.main.stdout.split('\n').filter((line) => line.startsWith('::warning '));
let plain: ActionRun;
let quiet: ActionRun;
let unwritable: ActionRun;
let authsAfterPost: string[];

beforeAll(async () => {
  // two build checks fire: a lower-case instruction (line 1) and a shell-form CMD (line 3)
  ws.write('ctx/Dockerfile', `from ${s.baseImage}\nRUN echo ${nonce()} > /n\nCMD echo hi\n`);
  plain = await ws.run(inputs());
  quiet = await ws.run(inputs(), { env: { DOCKER_BUILD_CHECKS_ANNOTATIONS: 'false', DOCKER_BUILD_SUMMARY: 'false' } });
  // a config.json nobody may rewrite (root included) once main has logged in: docker logout exits 0 and leaves it
  const configJson = path.join(ws.dockerConfig, 'config.json');
  try {
    unwritable = await ws.run(inputs(), { beforePost: () => execFileSync('chattr', ['+i', configJson]) });
  } finally {
    execFileSync('chattr', ['-i', configJson]);
  }
  authsAfterPost = ws.auths();
  docker(['logout', s.registry], { DOCKER_CONFIG: ws.dockerConfig });
}, 600_000);
afterAll(() => ws.remove());

describe('job log', () => {
  test('both runs succeed', () => {
    expect([plain.main.code, plain.post.code, quiet.main.code, quiet.post.code]).toEqual([0, 0, 0, 0]);
  });

  test('one group per phase, in order, never nested', () => {
    const groups = plain.main.stdout.split('\n').filter((line) => line.startsWith('::group::') || line === '::endgroup::');
    expect(groups.filter((line) => line !== '::endgroup::')).toEqual([
      '::group::Docker',
      '::group::Login',
      '::group::QEMU',
      '::group::Build',
      '::group::Read back and verify',
      '::group::Tag',
    ]);
    expect(groups.every((line, i) => (i % 2 === 0 ? line.startsWith('::group::') : line === '::endgroup::'))).toBe(true);
    expect(plain.post.stdout.split('\n').filter((line) => line.startsWith('::group::'))).toEqual(['::group::Log out']);
  });

  test("the build checks' warnings are annotations at their Dockerfile lines", () => {
    expect(warnings(plain)).toEqual([
      expect.stringMatching(new RegExp(`^::warning title=Build check ConsistentInstructionCasing,file=${ws.dir}/ctx/Dockerfile,line=1::`)),
      expect.stringMatching(new RegExp(`^::warning title=Build check JSONArgsRecommended,file=${ws.dir}/ctx/Dockerfile,line=3::`)),
    ]);
  });

  test('DOCKER_BUILD_CHECKS_ANNOTATIONS=false: no check annotation; DOCKER_BUILD_SUMMARY=false: no summary', () => {
    expect({ warnings: warnings(quiet), summary: quiet.summary }).toEqual({ warnings: [], summary: '' });
    expect(plain.summary).toContain('### Pushed: 1 platform');
  });
});

describe('post', () => {
  test('credentials docker logout could not remove are named in a warning; the job result stands', () => {
    expect([unwritable.main.code, unwritable.post.code]).toEqual([0, 0]);
    expect(authsAfterPost).toContain(s.registry);
    expect(unwritable.post.stdout.split('\n').filter((line) => line.startsWith('::warning'))).toEqual([
      `::warning::logging out of ${s.registry} left its credentials in ${path.join(ws.dockerConfig, 'config.json')}: is it writable?`,
    ]);
  });
});
