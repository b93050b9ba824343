import { describe, expect, test } from '@jest/globals';

import { tail, testArgs, testImages } from '../../../src/image/imagetest.js';
import { FakeExec } from '../fake-exec.js';
import { failure } from '../support.js';

const DIGEST = 'sha256:851df75a6b7ab41eb3dfb2536d66845ed94a2160b9e6c4b77b3d9a1a833c91c7';

describe('testArgs', () => {
  test.each<[string, string, string, string[]]>([
    [
      `ghcr.io/acme/app@${DIGEST}`,
      'linux/arm64',
      './smoke.sh',
      ['run', '--rm', '--quiet', '--platform', 'linux/arm64', '--entrypoint', '/bin/sh', `ghcr.io/acme/app@${DIGEST}`, '-c', './smoke.sh'],
    ],
    [
      `127.0.0.1:5000/probe/app@${DIGEST}`,
      'linux/arm/v7',
      'set -e\n[ "$(uname -m)" = armv7l ] && echo \'ok\' | grep -q ok; $HOME',
      [
        'run',
        '--rm',
        '--quiet',
        '--platform',
        'linux/arm/v7',
        '--entrypoint',
        '/bin/sh',
        `127.0.0.1:5000/probe/app@${DIGEST}`,
        '-c',
        'set -e\n[ "$(uname -m)" = armv7l ] && echo \'ok\' | grep -q ok; $HOME',
      ],
    ],
  ])('%s on %s: %j', (image, platform, command, expected) => {
    expect(testArgs(image, platform, command)).toEqual(expected);
  });
});

describe('tail', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n');
  test.each<[string, string, number | undefined, string]>([
    ['the last 15 lines by default', twenty, undefined, Array.from({ length: 15 }, (_, i) => `line ${i + 6}`).join('\n')],
    ['the last 2 lines', 'a\nb\nc', 2, 'b\nc'],
    ['trailing newlines dropped first', 'a\nb\nc\n\n\n', 2, 'b\nc'],
    ['CRLF line ends', 'a\r\nb\r\nc\r\n', 2, 'b\nc'],
    ['fewer lines than asked', 'only\n', 15, 'only'],
    ['the last line of stdout when stderr is empty', 'ok amd64\nFAIL: /arch is aarch64\n\n', 1, 'FAIL: /arch is aarch64'],
    ['empty', '', 15, ''],
  ])('%s', (_, text, lines, expected) => {
    expect(lines === undefined ? tail(text) : tail(text, lines)).toBe(expected);
  });
});

describe('testImages, on the argv-keyed fake', () => {
  const R = '127.0.0.1:5000';
  const image = `${R}/app@sha256:${'a'.repeat(64)}`;
  const run = `docker run --rm --quiet --platform linux/arm64 --entrypoint /bin/sh ${image} -c test -x /bin/sh`;

  test('a failing test names its platform and stops there', async () => {
    const fake = new FakeExec({ [run]: { exitCode: 1, stdout: 'checking\n', stderr: 'sh: bad\n' } });
    const error = await failure(testImages(fake.exec, `${R}/app`, { 'linux/arm64': `sha256:${'a'.repeat(64)}` }, 'test -x /bin/sh'));
    expect(error.message).toBe('test-command failed on linux/arm64 (exit code 1); no tag was created or moved. Last output: sh: bad');
  });

  test('passing tests, then the pulled test images are removed', async () => {
    const fake = new FakeExec({ [run]: { exitCode: 0 }, [`docker image rm ${image}`]: { exitCode: 0 } });
    await testImages(fake.exec, `${R}/app`, { 'linux/arm64': `sha256:${'a'.repeat(64)}` }, 'test -x /bin/sh');
    expect(fake.argvs).toEqual([run, `docker image rm ${image}`]);
  });
});
