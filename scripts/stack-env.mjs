// The one reader of the stack's settings file, which scripts/stack.sh writes (KEY=value lines, sourceable by a
// shell). Used by the end-to-end tests, the demo and the benchmark; shell scripts source scripts/stack-env.sh.
import * as fs from 'node:fs';

export const STACK_ENV_FILE = '/var/lib/buildx-multiarch-stack/env';

/**
 * @returns {{ registry: string, username: string, password: string, baseImage: string }}
 */
export function readStackEnv(file = process.env.STACK_ENV ?? STACK_ENV_FILE) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`${file} is unreadable (${error.code ?? error.message}): run scripts/stack.sh (as root) first`);
  }
  const env = {};
  for (const line of text.split('\n')) {
    const match = /^([A-Z_]+)=(.*)$/.exec(line);
    if (match) env[match[1]] = match[2].replace(/^'(.*)'$/, '$1');
  }
  for (const name of ['STACK_REGISTRY', 'STACK_USERNAME', 'STACK_PASSWORD', 'STACK_BASE_IMAGE']) {
    if (!env[name]) throw new Error(`${file} has no ${name}: run scripts/stack.sh again`);
  }
  return { registry: env.STACK_REGISTRY, username: env.STACK_USERNAME, password: env.STACK_PASSWORD, baseImage: env.STACK_BASE_IMAGE };
}
