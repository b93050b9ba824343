// What loading the toolkit costs a step: @actions/core, and @actions/core with @actions/exec, each bundled by ncc
// as the action is (--minify), timed as `node bundle.js` against `node -e ''`, alternating, medians. The whole
// packages, and the functions the action calls: with scripts/patches, the bundle then leaves out the modules of
// @actions/core whose exports go unused (its OIDC client, and with it @actions/http-client and undici).
import * as fs from 'node:fs';
import * as path from 'node:path';

import { ROOT } from '../runner.mjs';
import { median, NODE, sh, spawnToExit } from './measure.mjs';

/** Bundle name → package → the names the bundle imports from it (undefined: the whole package, as a namespace). */
const BUNDLES = {
  '@actions/core': { '@actions/core': undefined },
  '@actions/core + @actions/exec': { '@actions/core': undefined, '@actions/exec': undefined },
  '@actions/core + @actions/exec, the functions the action calls': {
    '@actions/core': ['getInput', 'setOutput', 'saveState', 'getState', 'info', 'warning', 'error', 'group', 'setSecret', 'summary'],
    '@actions/exec': ['getExecOutput'],
  },
};

// under the repository, so that the imports resolve from its node_modules
function buildBundle(name, packages) {
  const dir = path.join(ROOT, '.bench-build', 'toolkit', name.replace(/[^a-z]+/g, '-'));
  fs.mkdirSync(dir, { recursive: true });
  const entries = Object.entries(packages);
  const imports = entries.map(([pkg, names], i) => `import ${names ? `{ ${names.join(', ')} }` : `* as m${i}`} from '${pkg}';`);
  // a use the bundler cannot prove dead keeps what is imported in the bundle, and evaluated at start
  const used = entries.flatMap(([, names], i) => names ?? [`m${i}`]);
  const use = `if (process.env.BENCH_NEVER_SET) console.log(${used.join(', ')});`;
  fs.writeFileSync(path.join(dir, 'entry.js'), [...imports, use, ''].join('\n'));
  const ncc = path.join(ROOT, 'node_modules', '.bin', 'ncc');
  const result = sh(ncc, ['build', path.join(dir, 'entry.js'), '-o', path.join(dir, 'out'), '--minify', '--quiet']);
  if (result.code !== 0) throw new Error(`ncc build of ${name} failed:\n${result.stdout}\n${result.stderr}`);
  const bundle = path.join(dir, 'out', 'index.js');
  return { name, bundle, bytes: fs.statSync(bundle).size };
}

/** Medians over `reps` alternating start-ups of each toolkit bundle and of an empty node. */
export function toolkitLoadCost(reps) {
  const bundles = Object.entries(BUNDLES).map(([name, bundle]) => buildBundle(name, bundle));
  const env = { PATH: process.env.PATH };
  const empty = [];
  const loaded = bundles.map(() => []);
  for (let i = 0; i < reps; i++) {
    empty.push(spawnToExit([NODE, '-e', ''], env));
    bundles.forEach((b, j) => loaded[j].push(spawnToExit([NODE, b.bundle], env)));
  }
  const emptyMs = median(empty);
  return {
    reps,
    emptyMs,
    bundles: bundles.map((b, j) => ({ name: b.name, bytes: b.bytes, startMs: median(loaded[j]), costMs: median(loaded[j]) - emptyMs })),
  };
}
