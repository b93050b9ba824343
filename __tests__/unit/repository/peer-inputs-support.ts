// What the peer-inputs suites share: a workspace's files and environment, and the config and argv they make.
import { buildCommand } from '../../../src/build/command.js';
import { type Config, type FileSystemFacts, parseConfig, type RawInputs } from '../../../src/config/index.js';

export const SECRET = 'sk-live-4242-DO-NOT-LEAK';
export const PEM = '-----BEGIN KEY-----\nMIIBsecretline1\nsecretline2==\n-----END KEY-----';
export const META = '/tmp/m.json';
export const BASE = ['buildx', 'build', '--builder', 'b1', '--platform', 'linux/amd64'];
export const TAIL = ['--metadata-file', META, '.'];

/** A workspace with a context ".", secret files, an agent socket, a key and two local context directories. */
export const files: FileSystemFacts = {
  isDirectory: (p) => ['.', 'ctx/extra', '/layouts/app'].includes(p),
  isFile: (p) => ['Dockerfile', 'secret.txt', 'my secrets/a,b.txt', '/home/runner/.ssh/id_ed25519'].includes(p),
  exists: (p) => ['Dockerfile', 'secret.txt', '/home/runner/.ssh/id_ed25519', '/tmp/agent.sock', 'ctx/extra'].includes(p),
};
export const ENV = { SSH_AUTH_SOCK: '/tmp/agent.sock', NPM_TOKEN: SECRET, EMPTY_VAR: '' };

export function configWith(raw: RawInputs, env: Record<string, string | undefined> = ENV): Config {
  return parseConfig({ push: 'false', platforms: 'linux/amd64', ...raw }, { files, env });
}

export function argv(raw: RawInputs, env?: Record<string, string | undefined>): string[] {
  return buildCommand(configWith(raw, env), 'b1', META).args;
}
