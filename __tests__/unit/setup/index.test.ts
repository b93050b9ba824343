// setUp, driven through the exec seam by a fake keyed by argv that answers with output captured from the real
// stack (fixtures/cmd-*, made by fixtures/capture-commands.sh): which builder it creates or reuses, and in which order.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';

import { createArgs } from '../../../src/setup/builder.js';
import { setUp } from '../../../src/setup/index.js';
import { type Answer, FakeExec } from '../fake-exec.js';
import { captured, configOf, fixture, stepContext } from '../support.js';

const R = '127.0.0.1:5000';
const NAMED = configOf({ name: 'fixtures-cmd', qemu: 'false', tags: `${R}/fixtures/app:1` });
const createArgv = ['docker', ...createArgs(NAMED, 'fixtures-cmd')].join(' ');

describe('builder', () => {
  test.each<[string, Answer, string[], boolean]>([
    // a builder this step creates with one local node is started by the build, which saves a process
    [
      'a named builder not there yet is created, and the build starts it',
      captured('inspect-absent'),
      ['docker buildx inspect fixtures-cmd', createArgv],
      true,
    ],
    // a reused one is whatever it is (other nodes, another driver): started first, its nodes as buildx reports them
    [
      'a named builder that exists is reused as it is, and started first',
      { stdout: fixture('buildx-inspect-docker-container.txt') },
      ['docker buildx inspect fixtures-cmd', 'docker buildx inspect --bootstrap --builder fixtures-cmd'],
      false,
    ],
  ])('setUp: %s', async (_, exists, argvs, startedByBuild) => {
    const fake = new FakeExec({
      'docker buildx inspect fixtures-cmd': exists,
      [createArgv]: captured('create'),
      'docker buildx inspect --bootstrap --builder fixtures-cmd': captured('bootstrap'),
    });
    const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-test-'));
    try {
      const builder = await setUp(stepContext(NAMED, fake.exec, tempDir));
      expect(fake.argvs).toEqual(argvs);
      expect(builder.startedByBuild).toBe(startedByBuild);
      expect(builder.nodes.map((node) => node.name)).toEqual(startedByBuild ? [] : ['fixtures-cmd0']);
    } finally {
      fs.rmSync(tempDir, { recursive: true, force: true });
    }
  });
});
