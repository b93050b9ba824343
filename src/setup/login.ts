import type { RegistryLogin } from '../config/index.js';
import { type Exec, runOrThrow } from '../core/exec.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from '../core/retry.js';

export function loginArgs(registry: string, username: string): string[] {
  return ['login', registry, '--username', username, '--password-stdin'];
}

/** Logs in with the password on stdin, retrying registry hiccups but not a refusal. */
export async function login(exec: Exec, credentials: RegistryLogin, policy: RetryPolicy = REGISTRY_RETRY): Promise<void> {
  const doing = `login to ${credentials.registry}`;
  await withRetry(doing, policy, () =>
    runOrThrow(exec, doing, 'docker', loginArgs(credentials.registry, credentials.username), { input: credentials.password }),
  );
}

/** Logs out; a registry we hold no credentials for any more is not an error. */
export async function logout(exec: Exec, registry: string): Promise<void> {
  await exec('docker', ['logout', registry]);
}
