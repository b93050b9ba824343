import * as core from './workflow.js';
import { dockerFacts } from './docker.js';
import { cancelRunningCommands } from './exec.js';
import { isPost } from './state.js';

// One bundle for both steps, as the docker actions do: main marks its start in the state, which the runner hands
// back to the post step. Each step loads only its own code: post runs on every job and should start fast.
try {
  if (isPost()) {
    const { post } = await import('./post.js');
    await post();
  } else {
    // the runner signals a cancelled job; stop the build so nothing is pushed after it, and let post clean up
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.once(signal, () => {
        core.error(`Cancelled (${signal}): stopping the running commands; the post step removes what was created`);
        cancelRunningCommands(signal);
        setTimeout(() => process.exit(1), 10_000).unref();
      });
    }
    // the Docker facts are read-only: asked for first, they come while node loads main's code and checks the inputs
    const facts = dockerFacts();
    facts.catch(() => undefined);
    const { main } = await import('./main.js');
    await main(facts);
  }
} catch (error) {
  core.setFailed((error as Error).message);
}
