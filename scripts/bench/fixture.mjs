// What every measured run works on: the stack's registry and credentials, a build context that is fully cached
// after the warm-up, a Docker config of the bench's own, a snapshot of dist/ and the empty action.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ROOT } from '../runner.mjs';
import { readStackEnv } from '../stack-env.mjs';

export const PLATFORMS = 'linux/amd64,linux/arm64';
export const DRIVERS = ['docker-container', 'docker'];

export function makeFixture() {
  const stack = readStackEnv();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-multiarch-bench-'));
  const context = path.join(work, 'ctx');
  const dockerConfig = path.join(work, 'docker-config');
  fs.mkdirSync(context);
  fs.mkdirSync(dockerConfig);
  fs.writeFileSync(path.join(context, 'Dockerfile'), `FROM ${stack.baseImage}\nRUN uname -m > /arch\n`);
  // a rebuild of dist/ during the bench must not mix two bundles
  fs.cpSync(path.join(ROOT, 'dist'), path.join(work, 'dist'), { recursive: true });
  // the baseline for what the runner costs to start any JavaScript step: main and post that do nothing
  const emptyAction = path.join(work, 'empty-action.js');
  fs.writeFileSync(emptyAction, '');
  const repository = `${stack.registry}/bench/app`;
  const buildkitdToml = path.join(work, 'buildkitd.toml');
  fs.writeFileSync(buildkitdToml, `[registry."${stack.registry}"]\n  http = true\n`);
  return {
    stack,
    work,
    context,
    dockerConfig,
    bundle: path.join(work, 'dist', 'index.js'),
    emptyAction,
    tag: `${repository}:latest`,
    repository,
    cacheRef: `${repository}:buildcache`,
    buildkitdToml,
  };
}

/** The action's inputs for a cached 2-platform push with the given driver; B runs the same build by hand. */
export function actionInputs(fx, driver) {
  const { registry, username, password } = fx.stack;
  const inputs = { driver, registry, username, password, platforms: PLATFORMS, tags: fx.tag, context: fx.context };
  if (driver !== 'docker-container') return inputs;
  // the builder container reaches the registry on the host's loopback, over plain HTTP
  return { ...inputs, 'driver-opts': 'network=host', 'buildkitd-config-inline': fs.readFileSync(fx.buildkitdToml, 'utf8') };
}
