// dockerFacts through the exec seam. exec.ts has no getter for the real runner, so the substitute stays in place
// for this file; Jest gives every test file its own module registry, so it cannot reach another file's tests.
import { describe, expect, test } from '@jest/globals';
import { dockerFacts, type DockerFacts } from '../../src/docker.js';
import { useRunner, type CommandResult } from '../../src/exec.js';
import { fixture } from './support.js';

/** A docker CLI that answers `docker info --format '{{json .}}'` with `info`, and nothing else. */
function dockerAnswering(info: CommandResult): void {
  useRunner(async (command, args) =>
    command === 'docker' && args.join(' ') === 'info --format {{json .}}'
      ? info
      : { exitCode: 1, stdout: '', stderr: `unknown command: ${command} ${args.join(' ')}\n` },
  );
}

const UNREACHABLE = 'Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?';

describe('dockerFacts', () => {
  test.each<[string, CommandResult, DockerFacts]>([
    ['captured, containerd image store', { exitCode: 0, stdout: fixture('docker-info.json'), stderr: '' }, { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' }],
    ['captured, classic image store', { exitCode: 0, stdout: fixture('docker-info-classic.json'), stderr: '' }, { hostPlatform: 'linux/amd64', containerdStore: false, buildxVersion: '0.29.1+ds1' }],
    ['one line, as the CLI prints it, with a warning on stderr', { exitCode: 0, stdout: `${JSON.stringify(JSON.parse(fixture('docker-info.json')))}\n`, stderr: 'WARNING: bridge-nf-call-iptables is disabled\n' }, { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' }],
  ])('%s', async (_, info, facts) => {
    dockerAnswering(info);
    await expect(dockerFacts()).resolves.toEqual(facts);
  });

  test.each<[string, CommandResult, string]>([
    [
      'daemon unreachable: exit 1, a JSON of empty fields on stdout, the reason on stderr',
      { exitCode: 1, stdout: '{"ID":"","Architecture":"","DriverStatus":null}\n', stderr: `${UNREACHABLE}\n` },
      `reaching the Docker daemon (docker info) failed: ${UNREACHABLE}`,
    ],
    [
      'daemon unreachable but exit 0: the JSON\'s server error',
      { exitCode: 0, stdout: JSON.stringify({ ID: '', Architecture: '', DriverStatus: null, ServerErrors: [UNREACHABLE] }), stderr: '' },
      `the Docker daemon is not reachable: ${UNREACHABLE}`,
    ],
    [
      'exit 0 without JSON',
      { exitCode: 0, stdout: 'template parsing error: template: :1: function "json" not defined\n', stderr: '' },
      'reaching the Docker daemon (docker info) failed: template parsing error: template: :1: function "json" not defined',
    ],
    [
      'no docker CLI',
      { exitCode: 1, stdout: '', stderr: 'docker: command not found\n' },
      'reaching the Docker daemon (docker info) failed: docker: command not found',
    ],
  ])('%s', async (_, info, message) => {
    dockerAnswering(info);
    await expect(dockerFacts()).rejects.toThrow(new Error(message));
  });
});
