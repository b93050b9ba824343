// Either step of the action as one async function, the shape @github/local-action and the typescript-action
// template call: main, or post once main's state says it ran. Only type imports here: what a step needs loads when
// it runs, so src/index.ts can ask for the Docker facts before the toolkit loads.
import type { Docker } from './docker/facts.js';

/**
 * Runs main or post; a failure is reported as the runner shows it and fails the step (process.exitCode, not
 * core.ExitCode, which local-action's stub of @actions/core lacks). `docker`: the Docker installation, asked early.
 */
export async function run(docker?: Docker): Promise<void> {
  try {
    if (process.env.STATE_isPost === 'true') {
      const { post } = await import('./post.js');
      await post();
    } else {
      const { main } = await import('./main.js');
      await main(docker);
    }
  } catch (error) {
    // through a module of ours: a dynamic import of @actions/core itself would bundle a second copy of it
    const { annotateFailure } = await import('./core/log.js');
    annotateFailure(error);
    process.exitCode = 1;
  }
}
