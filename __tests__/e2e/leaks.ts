// The leak check of every end-to-end test file: each action run is kept with the secrets it was given, and after the
// file (leak-check.ts, a setup file of the e2e project) none of them may be in anything the runner would show or keep:
// the logs of main and post, the outputs, the state and the job summary.
import * as fs from 'node:fs';

import { expect } from '@jest/globals';

import { type ActionRun } from '../../scripts/runner.mjs';
import { readStackEnv } from '../../scripts/stack-env.mjs';

/** One run of the action, what it left for the runner, and the secrets it was given, by where they came from. */
export interface KeptRun {
  label: string;
  everything: string;
  secrets: Record<string, string>;
}

// Values shorter than this turn up in any log by chance (in a digest, a timestamp): every secret the tests pass is longer.
const SHORTEST_SECRET = 8;

// per test file: Jest gives each file its own module registry, and so its own list
const kept: KeptRun[] = [];

/**
 * The secrets in a run's inputs and environment: the stack's registry password, `password`, `github-token`, the
 * passwords of `registry-auth`, the values of `secrets`, and what `secret-envs` and `secret-files` name.
 */
export function secretsOf(inputs: Record<string, string>, env: Record<string, string | undefined> = {}): Record<string, string> {
  const found: [string, string][] = [['the stack password', readStackEnv().password]];
  if (inputs.password) found.push(['password', inputs.password]);
  if (inputs['github-token']) found.push(['github-token', inputs['github-token']]);
  for (const match of (inputs['registry-auth'] ?? '').matchAll(/password:\s*(\S+)/g)) found.push(['a registry-auth password', match[1]]);
  // a value may span lines (a PEM in a quoted CSV record): each line of it is checked on its own
  (inputs.secrets ?? '').split('\n').forEach((line, n) => found.push([`secrets, line ${n + 1}`, line.replace(/^"?(?:[\w.-]+=)?|"$/g, '')]));
  for (const [id, name] of pairs(inputs['secret-envs'])) found.push([`secret-env ${id}`, env[name] ?? process.env[name] ?? '']);
  for (const [id, file] of pairs(inputs['secret-files']))
    if (fs.existsSync(file)) found.push([`secret-file ${id}`, fs.readFileSync(file, 'utf8').trim()]);
  return Object.fromEntries(found.filter(([, value]) => value.length >= SHORTEST_SECRET));
}

/** The `id=value` lines of a list input. */
const pairs = (list: string | undefined): [string, string][] =>
  (list ?? '')
    .split('\n')
    .filter((line) => line.includes('='))
    .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]);

/** Keeps a run for the file's check, labelled with the test it ran in (rows of one table may share a workspace). */
export function keepForLeakCheck(label: string, run: ActionRun, secrets: Record<string, string>): void {
  const test = expect.getState().currentTestName;
  kept.push({ label: test ? `${test} (${label})` : label, everything: run.everything, secrets });
}

/** "label: where the secret came from", for each secret found in what a run left. */
export function leaksIn(runs: readonly KeptRun[]): string[] {
  return runs.flatMap(({ label, everything, secrets }) =>
    Object.entries(secrets)
      .filter(([, value]) => everything.includes(value))
      .map(([origin]) => `${label}: ${origin}`),
  );
}

export const leaksOfThisFile = (): string[] => leaksIn(kept);
