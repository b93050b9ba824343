import type { RegistryLogin } from './config/index.js';
import { run, runOrThrow } from './exec.js';
import { REGISTRY_RETRY, withRetry } from './retry.js';

export function loginArgs(registry: string, username: string): string[] {
  return ['login', registry, '--username', username, '--password-stdin'];
}

/** Logs in with the password on stdin, retrying registry hiccups but not a refusal. */
export async function login(credentials: RegistryLogin): Promise<void> {
  const doing = `login to ${credentials.registry}`;
  await withRetry(doing, REGISTRY_RETRY, () => runOrThrow(doing, 'docker', loginArgs(credentials.registry, credentials.username), { input: credentials.password }));
}

/** Logs out; a registry we hold no credentials for any more is not an error. */
export async function logout(registry: string): Promise<void> {
  await run('docker', ['logout', registry]);
}
