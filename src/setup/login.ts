import type { RegistryLogin } from '../config/index.js';
import { CommandError } from '../core/errors.js';
import { type Exec, failureReason, runOrThrow } from '../core/exec.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from '../core/retry.js';
import { configFileHoldingSecret } from '../registry/auth.js';

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

/**
 * Logs out; a registry we hold no credentials for any more is not an error. `docker logout` exits 0 whatever
 * happened, so what it left is looked for: a secret still in config.json (a file it could not write) is an error.
 */
export async function logout(exec: Exec, registry: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const result = await exec('docker', ['logout', registry]);
  if (result.exitCode !== 0) throw new CommandError(`logging out of ${registry}`, result.exitCode, failureReason(result));
  const left = configFileHoldingSecret(registry, env);
  if (left) throw new Error(`logging out of ${registry} left its credentials in ${left}: is it writable?`);
}
