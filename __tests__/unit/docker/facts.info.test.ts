// dockerInfoFacts through the exec seam, with a docker CLI that knows one command.
import { describe, expect, test } from '@jest/globals';

import type { CommandResult } from '../../../src/core/exec.js';
import { type DockerFacts, dockerInfoFacts, localSocket, pluginDirs } from '../../../src/docker/facts.js';
import { FakeExec } from '../fake-exec.js';
import { fixture } from '../support.js';

/** A docker CLI that answers `docker info --format '{{json .}}'` with `info`, and nothing else. */
function dockerAnswering(info: CommandResult): FakeExec['exec'] {
  return new FakeExec({ 'docker info --format {{json .}}': info }).exec;
}

const UNREACHABLE = 'Cannot connect to the Docker daemon at unix:///nonexistent/docker.sock. Is the docker daemon running?';

describe('dockerInfoFacts', () => {
  test.each<[string, CommandResult, DockerFacts]>([
    [
      'captured, containerd image store',
      { exitCode: 0, stdout: fixture('docker-info.json'), stderr: '' },
      { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' },
    ],
    [
      'captured, classic image store',
      { exitCode: 0, stdout: fixture('docker-info-classic.json'), stderr: '' },
      { hostPlatform: 'linux/amd64', containerdStore: false, buildxVersion: '0.29.1+ds1' },
    ],
    [
      'one line, as the CLI prints it, with a warning on stderr',
      {
        exitCode: 0,
        stdout: `${JSON.stringify(JSON.parse(fixture('docker-info.json')))}\n`,
        stderr: 'WARNING: bridge-nf-call-iptables is disabled\n',
      },
      { hostPlatform: 'linux/amd64', containerdStore: true, buildxVersion: '0.29.1+ds1' },
    ],
  ])('%s', async (_, info, facts) => {
    await expect(dockerInfoFacts(dockerAnswering(info))).resolves.toEqual(facts);
  });

  test.each<[string, CommandResult, string]>([
    [
      'daemon unreachable: exit 1, a JSON of empty fields on stdout, the reason on stderr',
      { exitCode: 1, stdout: '{"ID":"","Architecture":"","DriverStatus":null}\n', stderr: `${UNREACHABLE}\n` },
      `reaching the Docker daemon (docker info) failed: ${UNREACHABLE}`,
    ],
    [
      "daemon unreachable but exit 0: the JSON's server error",
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
    await expect(dockerInfoFacts(dockerAnswering(info))).rejects.toThrow(new Error(message));
  });
});

describe('the fast path to the facts: the local socket, when nothing points elsewhere', () => {
  test.each<[string, NodeJS.ProcessEnv, string | undefined, string | undefined]>([
    ['plain local Docker', {}, undefined, '/var/run/docker.sock'],
    ['DOCKER_HOST on another socket', { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, undefined, '/run/user/1000/docker.sock'],
    ['DOCKER_HOST over TCP', { DOCKER_HOST: 'tcp://10.0.0.5:2376' }, undefined, undefined],
    ['DOCKER_CONTEXT', { DOCKER_CONTEXT: 'remote-box' }, undefined, undefined],
    ['DOCKER_CONTEXT default', { DOCKER_CONTEXT: 'default' }, undefined, '/var/run/docker.sock'],
    ['a current context in config.json', {}, '{"currentContext":"colima"}', undefined],
    ['config.json without a context', {}, '{"auths":{}}', '/var/run/docker.sock'],
  ])('%s', (_, env, configJson, socket) => {
    expect(localSocket(env, configJson)).toBe(socket);
  });

  test('plugin dirs: the user config first, then extra dirs from config.json, then the system ones', () => {
    expect(pluginDirs('/home/u/.docker', '{"cliPluginsExtraDirs":["/opt/plugins"]}')).toEqual([
      '/home/u/.docker/cli-plugins',
      '/opt/plugins',
      '/usr/local/lib/docker/cli-plugins',
      '/usr/local/libexec/docker/cli-plugins',
      '/usr/lib/docker/cli-plugins',
      '/usr/libexec/docker/cli-plugins',
    ]);
  });
});
