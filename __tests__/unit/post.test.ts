// The post step, driven through the exec seam by the argv-keyed fake with the answers captured from the stack
// (fixtures/cmd-*): it undoes what the saved state (STATE_* variables, as the runner hands them) says main did.
import * as fs from 'node:fs';
import * as path from 'node:path';

import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals';

import { post } from '../../src/post.js';
import { FakeExec } from './fake-exec.js';
import { captured, tempDirForEachTest } from './support.js';

const R = '127.0.0.1:5000';

describe('post', () => {
  const saved = ['STATE_builder', 'STATE_loggedIn', 'STATE_tempDir', 'DOCKER_CONFIG'];
  // logout looks in config.json for what docker logout left: this suite's own, not the machine's
  const dockerConfig = tempDirForEachTest('post-test-');
  beforeEach(() => {
    process.env.DOCKER_CONFIG = dockerConfig();
  });
  afterEach(() => {
    for (const name of saved) delete process.env[name];
  });

  /** What post writes to the job log (groups, lines, workflow commands), one write a row. */
  async function postWriting(fake: FakeExec): Promise<string[]> {
    const written: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await post(fake.exec);
    } finally {
      write.mockRestore();
    }
    return written;
  }

  test('removes the builder, then logs out, last login first', async () => {
    Object.assign(process.env, { STATE_builder: 'fixtures-cmd', STATE_loggedIn: `${R},ghcr.io` });
    const fake = new FakeExec({
      'docker buildx rm --force fixtures-cmd': captured('rm'),
      'docker logout ghcr.io': captured('logout'),
      [`docker logout ${R}`]: captured('logout'),
    });
    const written = await postWriting(fake);
    expect(fake.argvs).toEqual(['docker buildx rm --force fixtures-cmd', 'docker logout ghcr.io', `docker logout ${R}`]);
    expect(written.filter((line) => line.startsWith('::warning'))).toEqual([]);
  });

  test('a builder that cannot be removed does not stop the logout, and is named in a warning', async () => {
    Object.assign(process.env, { STATE_builder: 'b1', STATE_loggedIn: R });
    const fake = new FakeExec({
      'docker buildx rm --force b1': { exitCode: 1, stderr: 'ERROR: context deadline exceeded\n' },
      [`docker logout ${R}`]: captured('logout'),
    });
    const written = await postWriting(fake);
    expect(fake.argvs).toEqual(['docker buildx rm --force b1', `docker logout ${R}`]);
    expect(written.filter((line) => line.startsWith('::warning'))).toEqual([
      '::warning::removing builder b1 failed: context deadline exceeded\n',
    ]);
  });

  test('a logout that cannot run is named in a warning, with the reason', async () => {
    Object.assign(process.env, { STATE_loggedIn: `ghcr.io,${R}` });
    // what the exec seam answers for a docker CLI that cannot be started
    const fake = new FakeExec({
      [`docker logout ${R}`]: captured('logout'),
      'docker logout ghcr.io': { exitCode: 127, stderr: 'docker: command not found\n' },
    });
    const written = await postWriting(fake);
    expect(fake.argvs).toEqual([`docker logout ${R}`, 'docker logout ghcr.io']);
    expect(written.filter((line) => line.startsWith('::warning'))).toEqual([
      '::warning::logging out of ghcr.io failed: docker: command not found\n',
    ]);
  });

  test('credentials docker logout left in config.json are named in a warning, once', async () => {
    Object.assign(process.env, { STATE_loggedIn: R });
    const file = path.join(dockerConfig(), 'config.json');
    fs.writeFileSync(file, JSON.stringify({ auths: { [R]: { auth: Buffer.from('e2e:pw').toString('base64') } } }));
    const fake = new FakeExec({ [`docker logout ${R}`]: captured('logout') });
    const written = await postWriting(fake);
    expect(written.filter((line) => line.startsWith('::warning'))).toEqual([
      `::warning::logging out of ${R} left its credentials in ${file}: is it writable?\n`,
    ]);
  });

  test('after a main that failed before creating anything: nothing to undo, nothing run', async () => {
    const fake = new FakeExec({});
    await post(fake.exec);
    expect(fake.argvs).toEqual([]);
  });
});
