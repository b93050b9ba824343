import type { Config } from './inputs.js';
import { run, runOrThrow } from './exec.js';
import { REGISTRY_RETRY, withRetry } from './retry.js';

export function hasCredentials(config: Config): boolean {
  return config.username !== '' && config.password !== '';
}

export function loginArgs(registry: string, username: string): string[] {
  return ['login', registry, '--username', username, '--password-stdin'];
}

/** Logs in with the password on stdin, retrying registry hiccups but not a refusal. */
export async function login(config: Config): Promise<void> {
  await withRetry(`login to ${config.registry}`, REGISTRY_RETRY, () =>
    runOrThrow(`login to ${config.registry}`, 'docker', loginArgs(config.registry, config.username), { input: config.password }),
  );
}

/** Logs out; a registry we hold no credentials for any more is not an error. */
export async function logout(registry: string): Promise<void> {
  await run('docker', ['logout', registry]);
}
