// The inputs taken over from build-push-action and setup-buildx-action: the argv each becomes, and the one-line
// error each bad value gets (never holding a secret).
import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import { buildError } from '../../../src/build/failure.js';
import { type FileSystemFacts, parseConfig, type RawInputs } from '../../../src/config/index.js';
import { gitHost, secretTextsToMask } from '../../../src/config/secrets.js';
import { createArgs } from '../../../src/setup/builder.js';
import { createArgv } from '../setup/create-argv.js';
import { argv, BASE, configWith, ENV, files, META, PEM, SECRET, TAIL } from './peer-inputs-support.js';

describe('argv of each input', () => {
  test.each<[string, RawInputs, string[]]>([
    [
      'secrets: a quoted entry spans lines, kept byte for byte',
      { secrets: `a=${SECRET}\n"pem=${PEM}"\n` },
      ['--secret', 'id=a,env=BUILDX_MULTIARCH_SECRET_0', '--secret', 'id=pem,env=BUILDX_MULTIARCH_SECRET_1'],
    ],
    ['secrets: an unquoted comma is part of the value', { secrets: 'a=x,y' }, ['--secret', 'id=a,env=BUILDX_MULTIARCH_SECRET_0']],
    [
      'secret-files',
      { 'secret-files': 'npmrc=secret.txt\n"odd=my secrets/a,b.txt"' },
      ['--secret', 'id=npmrc,src=secret.txt', '--secret', 'id=odd,"src=my secrets/a,b.txt"'],
    ],
    [
      'secret-envs, comma-separated',
      { 'secret-envs': 'npm=NPM_TOKEN, other=SSH_AUTH_SOCK' },
      ['--secret', 'id=npm,env=NPM_TOKEN', '--secret', 'id=other,env=SSH_AUTH_SOCK'],
    ],
    [
      'ssh: default agent and a key',
      { ssh: 'default\ngit=/home/runner/.ssh/id_ed25519' },
      ['--ssh', 'default', '--ssh', 'git=/home/runner/.ssh/id_ed25519'],
    ],
    [
      'build-contexts: directory, image, OCI layout, Git URL',
      {
        'build-contexts':
          'extra=ctx/extra\nalpine=docker-image://alpine:3.20\napp=oci-layout:///layouts/app@sha256:abc\nsrc = https://github.com/acme/lib.git#main',
      },
      [
        '--build-context',
        'extra=ctx/extra',
        '--build-context',
        'alpine=docker-image://alpine:3.20',
        '--build-context',
        'app=oci-layout:///layouts/app@sha256:abc',
        '--build-context',
        'src=https://github.com/acme/lib.git#main',
      ],
    ],
    [
      'add-hosts, commas and lines',
      { 'add-hosts': 'docker:10.180.0.1,gw=host-gateway\nv6:::1' },
      ['--add-host', 'docker:10.180.0.1', '--add-host', 'gw=host-gateway', '--add-host', 'v6:::1'],
    ],
    ['network', { network: 'none' }, ['--network', 'none']],
    ['shm-size', { 'shm-size': '2g' }, ['--shm-size', '2g']],
    ['ulimit', { ulimit: 'nofile=1024:2048\nnproc=512' }, ['--ulimit', 'nofile=1024:2048', '--ulimit', 'nproc=512']],
    ['cgroup-parent', { 'cgroup-parent': '/actions_job' }, ['--cgroup-parent', '/actions_job']],
    ['no-cache-filters', { 'no-cache-filters': 'deps,build' }, ['--no-cache-filter', 'deps', '--no-cache-filter', 'build']],
    ['allow', { allow: 'network.host,security.insecure' }, ['--allow', 'network.host', '--allow', 'security.insecure']],
    ['call', { call: 'check' }, ['--call', 'check']],
    ['call with an option', { call: 'outline,format=json' }, ['--call', 'outline,format=json']],
    [
      'attests',
      { attests: 'type=sbom,generator=image\ntype=provenance,mode=max' },
      ['--attest', 'type=sbom,generator=image', '--attest', 'type=provenance,mode=max'],
    ],
    [
      'attests: provenance and sbom inputs win over their type',
      { attests: 'type=sbom\ntype=provenance,mode=max', provenance: 'false', sbom: 'true' },
      ['--provenance=false', '--sbom=true'],
    ],
    [
      'attests: a generator on a registry with a port',
      { attests: 'type=sbom,generator=127.0.0.1:5000/tools/scanner:1' },
      ['--attest', 'type=sbom,generator=127.0.0.1:5000/tools/scanner:1'],
    ],
    // buildx reads --attest as one CSV record: quoted fields reach it as written
    [
      'attests: a quoted field holding a comma',
      { attests: 'type=provenance,"builder-id=https://ci.example/run,1",mode=max' },
      ['--attest', 'type=provenance,"builder-id=https://ci.example/run,1",mode=max'],
    ],
    [
      'attests: a quoted type still loses to the sbom input',
      { attests: '"type=sbom",generator=127.0.0.1:5000/tools/a:1', sbom: 'generator=127.0.0.1:5000/tools/b:1' },
      ['--sbom=generator=127.0.0.1:5000/tools/b:1'],
    ],
  ])('%s', (_, raw, flags) => {
    expect(argv(raw)).toEqual([...BASE, ...flags, ...TAIL]);
  });

  test('secret values go to the environment only; argv and the secret-envs variables stay names', () => {
    const command = buildCommand(configWith({ secrets: `a=${SECRET}\n"pem=${PEM}"`, 'secret-envs': 'npm=NPM_TOKEN' }), 'b1', META);
    expect(command.env).toEqual({ BUILDX_METADATA_WARNINGS: '1', BUILDX_MULTIARCH_SECRET_0: SECRET, BUILDX_MULTIARCH_SECRET_1: PEM });
    expect(command.args.join(' ')).not.toMatch(/sk-live|secretline/);
  });

  test('call: check pushes nothing and needs no tags, even with push: true', () => {
    expect(argv({ push: 'true', call: 'check' })).toEqual([...BASE, '--call', 'check', ...TAIL]);
    expect(argv({ push: 'true', call: 'check', tags: 'ghcr.io/acme/app:1' })).toEqual([
      ...BASE,
      '--tag',
      'ghcr.io/acme/app:1',
      '--call',
      'check',
      '--cache-from',
      'type=registry,ref=ghcr.io/acme/app:buildcache',
      ...TAIL,
    ]);
  });
});

describe('github-token: the GIT_AUTH_TOKEN.<host> secret for Git contexts on the GitHub server', () => {
  const TOKEN = 'ghs_workflowtoken123';
  const gitSecret = (raw: RawInputs, env: Record<string, string> = {}): { args: string[]; env: Record<string, string> } => {
    const command = buildCommand(configWith({ 'github-token': TOKEN, ...raw }, { ...ENV, ...env }), 'b1', META);
    return { args: command.args.filter((arg) => arg.startsWith('id=')), env: command.env };
  };
  test.each<[string, RawInputs, Record<string, string>, string[]]>([
    [
      'a Git context on github.com',
      { context: 'https://github.com/acme/private.git#main' },
      {},
      ['id=GIT_AUTH_TOKEN.github.com,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    [
      'a Git build context on github.com',
      { 'build-contexts': 'lib=https://github.com/acme/lib.git' },
      {},
      ['id=GIT_AUTH_TOKEN.github.com,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    [
      'GitHub Enterprise Server: its host',
      { context: 'https://ghe.acme.internal/acme/app.git' },
      { GITHUB_SERVER_URL: 'https://ghe.acme.internal' },
      ['id=GIT_AUTH_TOKEN.ghe.acme.internal,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    // BuildKit names the secret after Go's url.Host, port included, as new URL(GITHUB_SERVER_URL).host does
    [
      'GitHub Enterprise Server on its own port: host and port',
      { context: 'http://ghe.acme.internal:8080/acme/app.git#main' },
      { GITHUB_SERVER_URL: 'http://ghe.acme.internal:8080' },
      ['id=GIT_AUTH_TOKEN.ghe.acme.internal:8080,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    [
      'the server on another port: no token',
      { context: 'https://ghe.acme.internal:8443/acme/app.git' },
      { GITHUB_SERVER_URL: 'https://ghe.acme.internal' },
      [],
    ],
    [
      'an HTTP URL on github.com that BuildKit downloads (no .git): no token',
      { context: 'https://github.com/acme/app/archive/main.tar.gz' },
      {},
      [],
    ],
    ['a local context: no token', {}, {}, []],
    ['a Git context elsewhere: no token', { context: 'https://gitlab.com/acme/app.git' }, {}, []],
    [
      'secrets give GIT_AUTH_TOKEN: theirs only',
      { context: 'https://github.com/acme/app.git', secrets: 'GIT_AUTH_TOKEN=mine' },
      {},
      ['id=GIT_AUTH_TOKEN,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
  ])('%s', (_, raw, env, expected) => {
    const got = gitSecret(raw, env);
    expect(got.args).toEqual(expected);
    if (expected[0]?.includes('.')) expect(got.env.BUILDX_MULTIARCH_SECRET_0).toBe(TOKEN);
  });
});

describe('gitHost: the host BuildKit names the secret after, for what BuildKit fetches with git', () => {
  test.each<[string, string | undefined]>([
    ['https://github.com/acme/app.git', 'github.com'],
    ['https://github.com/acme/app.git#v1.2:docker', 'github.com'],
    ['https://x-access-token:abc@github.com/acme/app.git', 'github.com'],
    ['http://127.0.0.1:8080/app.git', '127.0.0.1:8080'],
    ['https://ghe.acme.internal:8443/acme/app.git?ref=main', 'ghe.acme.internal:8443'],
    ['https://[::1]:8443/acme/app.git', '[::1]:8443'],
    ['github.com/acme/app', 'github.com'],
    ['git@github.com:acme/app.git', 'github.com'],
    ['ssh://git@ghe.acme.internal:2222/acme/app.git', 'ghe.acme.internal:2222'],
    ['git://ghe.acme.internal/acme/app', 'ghe.acme.internal'],
    // BuildKit's rule for HTTP(S) (dfgitutil.ParseGitRef): a Git repository only when the path ends in .git
    ['https://github.com/acme/app', undefined],
    ['https://github.com/acme/app.git/', undefined],
    ['https://example.com/context.tar.gz', undefined],
    ['.', undefined],
    ['docker-image://alpine', undefined],
  ])('%s', (context, host) => {
    expect(gitHost(context)).toBe(host);
  });
});

describe('provenance left empty: what build-push-action asks for', () => {
  const event = (payload: unknown): FileSystemFacts => ({
    ...files,
    readText: (p) => (p === '/event.json' ? JSON.stringify(payload) : ''),
  });
  const attest = (payload: unknown, raw: RawInputs = {}, env: Record<string, string> = {}): string[] => {
    const config = parseConfig(
      { push: 'false', platforms: 'linux/amd64', ...raw },
      { files: event(payload), env: { GITHUB_EVENT_PATH: '/event.json', ...env } },
    );
    const args = buildCommand(config, 'b1', META).args;
    return args.flatMap((arg, i) => (arg === '--attest' || arg.startsWith('--provenance') ? [arg === '--attest' ? args[i + 1] : arg] : []));
  };
  const RUN = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '2' };
  test.each<[string, unknown, RawInputs, Record<string, string>, string[]]>([
    ['public repository: mode=max', { repository: { private: false } }, {}, {}, ['type=provenance,mode=max']],
    ['private repository: mode=min, inline only', { repository: { private: true } }, {}, {}, ['type=provenance,mode=min,inline-only=true']],
    ['no repository in the payload: as public', {}, {}, {}, ['type=provenance,mode=max']],
    [
      'the run as builder-id',
      { repository: { private: false } },
      {},
      RUN,
      ['type=provenance,mode=max,builder-id=https://github.com/acme/app/actions/runs/42/attempts/2'],
    ],
    ['provenance given: as given', { repository: { private: false } }, { provenance: 'false' }, {}, ['--provenance=false']],
    [
      'attests has a provenance: no default',
      { repository: { private: false } },
      { attests: 'type=provenance,mode=min' },
      {},
      ['type=provenance,mode=min'],
    ],
    [
      'attests has a quoted provenance: no default',
      { repository: { private: false } },
      { attests: '"type=provenance",mode=min' },
      {},
      ['"type=provenance",mode=min'],
    ],
    ['load: no default, as there', { repository: { private: false } }, { load: 'true' }, {}, []],
    ['BUILDX_NO_DEFAULT_ATTESTATIONS: none', { repository: { private: false } }, {}, { BUILDX_NO_DEFAULT_ATTESTATIONS: '1' }, []],
  ])('%s', (_, payload, raw, env, expected) => {
    expect(attest(payload, raw, env)).toEqual(expected);
  });

  test("outside a workflow run (no GITHUB_EVENT_PATH): buildx's own default", () => {
    expect(argv({})).toEqual([...BASE, ...TAIL]);
  });
});

describe('the builder: name, and the entitlements allow asks for', () => {
  const ciBuilder = (flags: string[] = []): string[] => createArgv('docker-container', flags, 'ci-builder');
  test.each<[RawInputs, string[]]>([
    [{ name: 'ci-builder' }, ciBuilder()],
    [{ allow: 'network.host' }, ciBuilder(['--buildkitd-flags', '--allow-insecure-entitlement network.host'])],
    [
      { network: 'host', allow: 'security.insecure' },
      ciBuilder(['--buildkitd-flags', '--allow-insecure-entitlement network.host --allow-insecure-entitlement security.insecure']),
    ],
    [{ allow: 'network.host', 'buildkitd-flags': '--debug' }, ciBuilder(['--buildkitd-flags', '--debug'])],
  ])('%j', (raw, expected) => {
    const config = configWith(raw);
    expect(createArgs(config, config.builderName || 'ci-builder')).toEqual(expected);
  });

  test('cleanup: false is read', () => {
    expect(configWith({ cleanup: 'false' }).cleanup).toBe(false);
  });
});

test("a failed check names the checks' summary, not the last stderr line, and is not retried", () => {
  const error = buildError(configWith({ call: 'check' }), {
    exitCode: 1,
    stdout: 'Check complete, 1 warning has been found!\n\nWARNING: FromAsCasing\n',
    stderr: 'ERROR: something else\n',
  });
  expect({ message: error.message, userStep: error.userStep }).toEqual({
    message: 'check of the build failed: Check complete, 1 warning has been found!',
    userStep: true,
  });
});

describe('what is masked before anything can log', () => {
  test.each<[string, string[]]>([
    [`a=${SECRET}\n"pem=${PEM}"\nempty=`, [SECRET, PEM, '-----BEGIN KEY-----', 'MIIBsecretline1', 'secretline2==', '-----END KEY-----']],
    // unparsable: every line, whole
    [`a=1\n"pem=${SECRET}`, ['a=1', '1', `"pem=${SECRET}`, SECRET]],
    ['', []],
  ])('%j', (text, masked) => {
    expect(secretTextsToMask(text)).toEqual(masked);
  });
});
