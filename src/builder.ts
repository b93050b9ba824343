import * as crypto from 'node:crypto';
import type { Config } from './inputs.js';
import { CommandError } from './errors.js';
import { failureReason, run, runOrThrow } from './exec.js';

/** The builder a build runs on, and whether the action created it (and so must remove it). */
export interface Builder {
  readonly name: string;
  readonly created: boolean;
}

export function newBuilderName(): string {
  return `buildx-multiarch-${crypto.randomBytes(4).toString('hex')}`;
}

/** The builder the config asks for when the action creates none: a named one, or the docker driver's own. */
export function existingBuilder(config: Config): string | undefined {
  if (config.builder !== '') return config.builder;
  if (config.driver === 'docker') return 'default';
  return undefined;
}

export function createArgs(config: Config, name: string, buildkitdConfigPath: string | undefined): string[] {
  const args = ['buildx', 'create', '--name', name, '--driver', config.driver];
  for (const opt of config.driverOpts) args.push('--driver-opt', opt);
  if (config.buildkitdFlags !== '') args.push('--buildkitd-flags', config.buildkitdFlags);
  if (buildkitdConfigPath) args.push('--buildkitd-config', buildkitdConfigPath);
  return args;
}

/**
 * The created builder's buildkitd.toml: the user's, plus a registry section per insecure registry (plain HTTP,
 * and no certificate check where it does speak TLS).
 */
export function buildkitdConfigText(base: string, insecureRegistries: readonly string[]): string {
  const sections = insecureRegistries.map((host) => `[registry."${host}"]\n  http = true\n  insecure = true`);
  const parts = [base.trim(), ...sections].filter((part) => part !== '');
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : '';
}

export function bootstrapArgs(name: string): string[] {
  return ['buildx', 'inspect', '--bootstrap', '--builder', name];
}

export function removeArgs(name: string): string[] {
  return ['buildx', 'rm', '--force', name];
}

export async function createBuilder(config: Config, name: string, buildkitdConfigPath: string | undefined): Promise<void> {
  await runOrThrow(`creating builder ${name}`, 'docker', createArgs(config, name, buildkitdConfigPath));
}

/** Starts the builder's BuildKit; it reads the registered emulators when it boots, so QEMU comes first. */
export async function bootstrapBuilder(name: string): Promise<void> {
  await runOrThrow(`starting builder ${name}`, 'docker', bootstrapArgs(name));
}

/** Removes a builder the action created; a builder already gone is not an error. */
export async function removeBuilder(name: string): Promise<'removed' | 'absent'> {
  const result = await run('docker', removeArgs(name));
  if (result.exitCode === 0) return 'removed';
  if (/no builder .* found|not found/i.test(result.stderr)) return 'absent';
  throw new CommandError(`removing builder ${name}`, result.exitCode, failureReason(result));
}
