import * as core from '@actions/core';
import { main } from './main.js';
import { post } from './post.js';
import { isPost } from './state.js';

// One bundle for both steps, as the docker actions do: main marks its start in the state, which the runner hands
// back to the post step.
const step = isPost() ? post : main;
try {
  await step();
} catch (error) {
  core.setFailed((error as Error).message);
}
