// Runs dist/ as the runner would, with the example in examples/hello, against the local registry of scripts/stack.sh.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { ROOT, runAction } from './runner.mjs';
import { readStackEnv } from './stack-env.mjs';

const env = readStackEnv();
const { registry } = env;
const image = `${registry}/demo/hello`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'buildx-multiarch-demo-'));
const dockerConfig = path.join(dir, 'docker-config');
fs.mkdirSync(dockerConfig);

console.log(`== running the action: linux/amd64, linux/arm64, linux/arm/v7 -> ${image}:latest\n`);
const run = await runAction({
  dir,
  echo: true,
  env: { DOCKER_CONFIG: dockerConfig },
  inputs: {
    registry,
    username: env.username,
    password: env.password,
    context: path.join(ROOT, 'examples/hello'),
    platforms: 'linux/amd64,linux/arm64,linux/arm/v7',
    'build-args': `BASE=${env.baseImage}`,
    tags: `${image}:latest`,
    // the builder's BuildKit runs in a container: host network to reach 127.0.0.1, plain HTTP for the local registry
    'driver-opts': 'network=host',
    'buildkitd-config-inline': `[registry."${registry}"]\n  http = true\n`,
  },
});
if (run.main.code !== 0) {
  console.error('\nThe action failed (see above).');
  process.exit(1);
}
console.log('\n== outputs');
for (const [name, value] of Object.entries(run.outputs)) if (name !== 'metadata') console.log(`${name}: ${value}`);

console.log(`\n== the registry's view of ${image}:latest`);
const docker = (args, input) =>
  spawnSync('docker', args, { env: { ...process.env, DOCKER_CONFIG: dockerConfig }, input, encoding: 'utf8' });
docker(['login', registry, '-u', env.username, '--password-stdin'], env.password);
const inspect = docker(['buildx', 'imagetools', 'inspect', `${image}:latest`]);
process.stdout.write(inspect.stdout || inspect.stderr);
for (const platform of ['linux/amd64', 'linux/arm64', 'linux/arm/v7']) {
  const ran = docker(['run', '--rm', '--quiet', '--platform', platform, `${image}:latest`]);
  console.log(`docker run --platform ${platform}: ${(ran.stdout || ran.stderr).trim().replace(/\n/g, ', ')}`);
}
docker(['logout', registry]);
fs.rmSync(dir, { recursive: true, force: true });
