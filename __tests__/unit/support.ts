import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseConfig, type Config, type FileSystemFacts, type RawInputs } from '../../src/config/index.js';

/** A workspace with a context ".", a context "app" and an empty directory "empty". */
export const fakeFiles: FileSystemFacts = {
  isDirectory: (p) => ['.', 'app', 'empty'].includes(p),
  isFile: (p) => ['Dockerfile', 'app/Dockerfile', 'docker/Dockerfile.prod', 'buildkitd.toml'].includes(p),
};

/** A Config as the action parses it, from the inputs a row gives, in the fake workspace. */
export function configOf(raw: RawInputs): Config {
  return parseConfig(raw, { files: fakeFiles });
}

/** The error a function throws, or undefined when it returns. */
export function thrown(fn: () => unknown): Error | undefined {
  try {
    fn();
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

/** A captured fixture's exact text; a missing fixture fails the test rather than skipping it. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}
