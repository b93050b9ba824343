// The one place the bench reads a buildx log: with the action's own parser from src/, compiled by the project's
// tsc into .bench-build/ at bench start, so that the bench and the job summary count the same steps.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ROOT } from '../runner.mjs';

let parser;

export async function compileLogParser() {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  const result = spawnSync(tsc, ['-p', path.join(ROOT, 'scripts', 'bench', 'tsconfig.json')], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`compiling src/build/log-stats.ts failed:\n${result.stdout}${result.stderr}`);
  ({ buildStats: parser } = await import(pathToFileURL(path.join(ROOT, '.bench-build', 'src', 'build', 'log-stats.js')).href));
}

/**
 * Steps and cached steps per platform in a buildx plain-progress log, and whether nothing was built (the parser
 * counts a FROM that pulled nothing as cached).
 */
export function cacheCounts(log) {
  const { steps, cached } = parser(log);
  const platforms = Object.keys(steps).filter((platform) => platform !== '');
  return {
    perPlatform: Object.fromEntries(platforms.map((platform) => [platform, `${cached[platform]}/${steps[platform]}`])),
    allCached: platforms.length > 0 && platforms.every((platform) => cached[platform] === steps[platform]),
  };
}
