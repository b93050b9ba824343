import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { runnerOsProblem } from './config/runner.js';
import { askDocker } from './docker/facts.js';
import { run } from './run.js';

// V8's compiled code of what loads from here on, cached on disk (Node 22.1 and later): post reuses what main
// compiled, and on a self-hosted runner so does every later job. Compiling the toolkit is much of a step's start.
(nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache?.(
  path.join(os.tmpdir(), 'buildx-multiarch-node-cache'),
);

// One bundle for both steps, as the docker actions do: main marks its start in the state, which the runner hands
// back to post as STATE_isPost. This file loads no toolkit: the Docker facts are asked for first and arrive while
// node loads @actions/core and main's code (the toolkit's load is most of a step's start-up, see BENCHMARKS.md).
const step = process.env.STATE_isPost === 'true' ? 'post' : 'main';
// not on a runner the action refuses (readConfig says why): nothing may run there, not even the plugin's version
const docker = step === 'main' && runnerOsProblem(process.env) === undefined ? askDocker() : undefined;
await run(docker);
