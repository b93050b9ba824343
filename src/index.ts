import * as core from '@actions/core';
import { main } from './main.js';
import { post } from './post.js';
import { isPost } from './state.js';
import { cancelRunningCommands } from './exec.js';

// One bundle for both steps, as the docker actions do: main marks its start in the state, which the runner hands
// back to the post step.
const step = isPost() ? post : main;
if (step === main) {
  // the runner signals a cancelled job; stop the build so nothing is pushed after it, and let post clean up
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      core.error(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
      cancelRunningCommands(signal);
      setTimeout(() => process.exit(1), 10_000).unref();
    });
  }
}
try {
  await step();
} catch (error) {
  core.setFailed((error as Error).message);
}
