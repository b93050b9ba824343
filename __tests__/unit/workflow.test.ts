import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { fileCommand, getInput, getState, saveState, setOutput } from '../../src/workflow.js';

describe('the runner protocol', () => {
  test.each<[string, string | undefined, string]>([
    ['tags', ' ghcr.io/a/b:1 \n', 'ghcr.io/a/b:1'],
    ['cache-ref', 'x', 'x'],
    ['build args', 'A=1', 'A=1'],
    ['missing', undefined, ''],
  ])('getInput(%j) reads INPUT_ with spaces as _ and upper case, trimmed', (name, value, expected) => {
    const variable = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    if (value === undefined) delete process.env[variable];
    else process.env[variable] = value;
    expect(getInput(name)).toBe(expected);
    delete process.env[variable];
  });

  test('a file command: name, a fresh delimiter, the value on its own lines', () => {
    const text = fileCommand('digest', 'a\nb');
    const match = /^digest<<(ghadelimiter_[0-9a-f-]{36})\n([\s\S]*)\n\1\n$/.exec(text);
    expect(match?.[2]).toBe('a\nb');
    expect(fileCommand('x', 'y')).not.toBe(fileCommand('x', 'y'));
  });

  test('outputs and state go to the files the runner names, in the format it parses', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
    process.env.GITHUB_OUTPUT = path.join(dir, 'output');
    process.env.GITHUB_STATE = path.join(dir, 'state');
    try {
      setOutput('platform-digests', '{"linux/amd64":"sha256:1"}');
      saveState('builder', 'b1');
      expect(fs.readFileSync(process.env.GITHUB_OUTPUT, 'utf8')).toMatch(/^platform-digests<<(\S+)\n\{"linux\/amd64":"sha256:1"\}\n\1\n$/);
      expect(fs.readFileSync(process.env.GITHUB_STATE, 'utf8')).toMatch(/^builder<<(\S+)\nb1\n\1\n$/);
    } finally {
      delete process.env.GITHUB_OUTPUT;
      delete process.env.GITHUB_STATE;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('without the runner file the step says so instead of writing nowhere', () => {
    delete process.env.GITHUB_OUTPUT;
    expect(() => setOutput('digest', 'x')).toThrow('GITHUB_OUTPUT is not set: is this running as a GitHub Actions step?');
  });

  test('state comes back as STATE_ variables', () => {
    process.env.STATE_builder = 'b2';
    expect(getState('builder')).toBe('b2');
    delete process.env.STATE_builder;
    expect(getState('builder')).toBe('');
  });
});
