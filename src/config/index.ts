// The configuration module: the one place inputs are read (readConfig), and what the rest of the action imports.
import * as core from '@actions/core';

import { proxyPasswords } from '../registry/proxy.js';
import { workflowRun } from './mode.js';
import { type Config, INPUT_NAMES, parseConfig, type RawInputs, realFileSystem } from './parse.js';
import { maskedParts, secretTextsToMask } from './secrets.js';

export type { Driver } from './builder.js';
export type { RegistryLogin } from './logins.js';
export type { Mode, WorkflowRun } from './mode.js';
export type { Config, FileSystemFacts, InputName, ParseContext, RawInputs } from './parse.js';
export { checkAgainstDocker, DEFAULTS, INPUT_NAMES, parseConfig } from './parse.js';
export { type DockerInstallation, MIN_BUILDX } from './rules.js';
export type { BuildSecret } from './secrets.js';
export { isLoopback } from './values.js';

/** Reads every input from the runner; secrets are masked before anything can log them. */
export async function readConfig(): Promise<Config> {
  const raw: RawInputs = {};
  for (const name of INPUT_NAMES) raw[name] = core.getInput(name);
  // a secret's value is taken as written, spaces and final newline included, as build-push-action takes it
  raw.secrets = core.getInput('secrets', { trimWhitespace: false });
  if (raw.password) core.setSecret(raw.password);
  if (raw['github-token']) core.setSecret(raw['github-token']);
  for (const part of secretTextsToMask(raw.secrets)) core.setSecret(part);
  for (const password of proxyPasswords(process.env)) core.setSecret(password);
  // registry-auth and append are rare: the YAML parser loads only when one is given. Every scalar stays a string
  // (failsafe schema): a password like 0123 or 1e3 must not turn into a number
  const yaml = raw['registry-auth']?.trim() || raw.append?.trim() ? await import('yaml') : undefined;
  const parseYaml = yaml ? (text: string): unknown => yaml.parse(text, { schema: 'failsafe' }) : undefined;
  const config = parseConfig(raw, { files: realFileSystem, run: workflowRun(process.env), parseYaml, env: process.env });
  for (const credentials of config.logins) core.setSecret(credentials.password);
  for (const { variable } of config.secretEnvs) for (const part of maskedParts(process.env[variable] ?? '')) core.setSecret(part);
  for (const warning of config.warnings) core.warning(warning);
  return config;
}
