// The runner's protocol, the part this action speaks: inputs from INPUT_* variables, workflow commands on stdout,
// outputs, state and the job summary appended to the files the runner names. @actions/core does the same but loads
// an HTTP client (undici) with it for OIDC tokens, which this action never asks for; that load was most of the
// action's start-up, paid twice a job (main and post). buildx-install, loaded only for buildx-version, still uses
// @actions/core through @actions/tool-cache and @actions/cache.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';

/** Command data escaping, as the runner unescapes it. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${os.EOL}`);
}

export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim();
}

/** Masks a value in everything the runner shows from now on. */
export function setSecret(value: string): void {
  command('add-mask', value);
}

export function info(message: string): void {
  process.stdout.write(`${message}${os.EOL}`);
}

export function debug(message: string): void {
  command('debug', message);
}

export function warning(message: string): void {
  command('warning', message);
}

export function error(message: string): void {
  command('error', message);
}

export function setFailed(message: string): void {
  process.exitCode = 1;
  error(message);
}

/** `name<<delimiter` … `delimiter` in the runner's file: a delimiter the value cannot contain. */
export function fileCommand(name: string, value: string): string {
  const delimiter = `ghadelimiter_${crypto.randomUUID()}`;
  if (name.includes(delimiter) || value.includes(delimiter)) throw new Error(`${name}: the value contains the delimiter`);
  return `${name}<<${delimiter}${os.EOL}${value}${os.EOL}${delimiter}${os.EOL}`;
}

function appendTo(variable: string, name: string, value: string): void {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: is this running as a GitHub Actions step?`);
  fs.appendFileSync(file, fileCommand(name, value), 'utf8');
}

export function setOutput(name: string, value: string): void {
  appendTo('GITHUB_OUTPUT', name, value);
}

export function saveState(name: string, value: string): void {
  appendTo('GITHUB_STATE', name, value);
}

export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? '';
}

/** Appends Markdown to the job summary, when the runner asks for one. */
export function appendSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY;
  if (file) fs.appendFileSync(file, markdown, 'utf8');
}
