// The peer inputs checked before anything runs: refused with one line naming the input, the value and what is
// allowed (never a secret), or skipped with a warning where build-push-action skips them.
import { describe, expect, test } from '@jest/globals';

import { buildCommand } from '../../../src/build/command.js';
import type { RawInputs } from '../../../src/config/index.js';
import { InputError } from '../../../src/core/errors.js';
import { thrown } from '../support.js';
import { configWith, META, PEM, SECRET } from './peer-inputs-support.js';

describe('refused up front, one line naming the input and what is allowed, never a secret', () => {
  test.each<[string, RawInputs, string]>([
    [
      'secret line without an id (counted in lines, quoted entries included)',
      { secrets: `"pem=${PEM}"\n${SECRET}` },
      'Input "secrets" has an entry on line 5 without a valid id: expected id=value (id of letters, digits, "_", "." and "-")',
    ],
    [
      'secret with an unclosed quote',
      { secrets: `a=1\n"pem=${SECRET}` },
      'Input "secrets" is not a valid list (line 2): one entry per line; an entry double-quoted whole may hold commas and span lines ("KEY=line 1…line 2")',
    ],
    ['secret id twice', { secrets: `a=1\na=${SECRET}` }, 'Input "secrets" has the id "a" twice'],
    ['secret file missing', { 'secret-files': 'npmrc=missing.txt' }, 'Input "secret-files" has "npmrc=missing.txt": no such file'],
    [
      'secret file without an id',
      { 'secret-files': 'secret.txt' },
      'Input "secret-files" has an entry on line 1 without a valid id: expected id=path (id of letters, digits, "_", "." and "-")',
    ],
    [
      'secret-envs variable not set',
      { 'secret-envs': 'npm=NOT_SET' },
      'Input "secret-envs" has "npm=NOT_SET", but the environment variable NOT_SET is not set: set it in the step\'s env',
    ],
    [
      'secret-envs not id=NAME',
      { 'secret-envs': 'NPM_TOKEN' },
      'Input "secret-envs" has "NPM_TOKEN": expected id=ENV_NAME (id of letters, digits, "_", "." and "-"; a variable name of letters, digits and "_")',
    ],
    [
      'the same id in secrets and secret-envs',
      { secrets: `npm=${SECRET}`, 'secret-envs': 'npm=NPM_TOKEN' },
      'Input "secret-envs" has the id "npm", which "secrets" already gives: use one of them',
    ],
    ['ssh key missing', { ssh: 'git=/nope/key' }, 'Input "ssh" has "git=/nope/key": no such socket or key file "/nope/key"'],
    [
      'ssh id with a space',
      { ssh: 'my key=/tmp/agent.sock' },
      'Input "ssh" has "my key=/tmp/agent.sock": expected default, default=/path/to/key or id=/path/to/socket-or-key (id of letters, digits, "_", "." and "-")',
    ],
    [
      'build-contexts missing directory',
      { 'build-contexts': 'src=./nope' },
      'Input "build-contexts" has "src=./nope", which is not a directory here (a local context must exist; images are written docker-image://…)',
    ],
    [
      'build-contexts bad image',
      { 'build-contexts': 'base=docker-image://Alpine' },
      'Input "build-contexts" has "base=docker-image://Alpine", which is not a valid image: it has an upper-case repository name "Alpine" (repository names are lower case)',
    ],
    [
      'build-contexts target:',
      { 'build-contexts': 'base=target:deps' },
      'Input "build-contexts" has "base=target:deps", which is a bake target, which a build has none of ("failed to find target"): name the stage in the Dockerfile itself (COPY --from=<stage>)',
    ],
    [
      'build-contexts {{defaultContext}}',
      { 'build-contexts': 'src={{defaultContext}}:src' },
      'Input "build-contexts" has "src={{defaultContext}}:src", which uses build-push-action\'s {{defaultContext}} (its commit\'s Git context): here the build\'s context is the checkout, give the directory (or the Git URL) instead',
    ],
    [
      'build-contexts without "="',
      { 'build-contexts': 'ctx/extra' },
      'Input "build-contexts" has "ctx/extra": expected name=value, e.g. alpine=docker-image://alpine:3.20 or src=./src',
    ],
    [
      'add-hosts without an address',
      { 'add-hosts': 'docker' },
      'Input "add-hosts" has "docker": expected host:ip (e.g. docker:10.180.0.1, or host-gateway for the address)',
    ],
    [
      'add-hosts with a name as address',
      { 'add-hosts': 'docker:gateway' },
      'Input "add-hosts" has "docker:gateway": expected host:ip (e.g. docker:10.180.0.1, or host-gateway for the address)',
    ],
    ['network unknown', { network: 'bridge' }, 'Input "network" is "bridge": expected default, none, host'],
    ['shm-size not a size', { 'shm-size': 'big' }, 'Input "shm-size" is "big": expected a size such as 2g, 512m or 67108864'],
    [
      'ulimit unknown name',
      { ulimit: 'files=10' },
      'Input "ulimit" has "files=10": expected name=soft[:hard], e.g. nofile=1024:1024 (names: core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack)',
    ],
    [
      'ulimit soft above hard',
      { ulimit: 'nofile=4096:1024' },
      'Input "ulimit" has "nofile=4096:1024": the soft limit is above the hard one',
    ],
    [
      'cgroup-parent with a space',
      { 'cgroup-parent': 'my group' },
      'Input "cgroup-parent" is "my group": expected a cgroup path without spaces, e.g. /actions_job',
    ],
    ['no-cache-filters bad stage', { 'no-cache-filters': 'deps,-x' }, 'Input "no-cache-filters" has "-x": expected stage names'],
    [
      'allow unknown entitlement',
      { allow: 'network.none' },
      'Input "allow" has "network.none": expected network.host, security.insecure or device[=name]',
    ],
    [
      'attests without a type',
      { attests: 'mode=max' },
      'Input "attests" has "mode=max": expected type=sbom|provenance[,key=value…], e.g. type=sbom,generator=image',
    ],
    [
      'attests with a space after the type (buildx: unknown attestation type "sbom ")',
      { attests: 'type=sbom ,generator=x' },
      'Input "attests" has "type=sbom ,generator=x": expected type=sbom|provenance[,key=value…], e.g. type=sbom,generator=image',
    ],
    [
      'attests with a stray quote (buildx: bare " in non-quoted-field)',
      { attests: 'type=sbom,generator=x"y' },
      'Input "attests" has "type=sbom,generator=x\\"y", which buildx cannot read as comma-separated fields: a field holding a quote or a comma is double-quoted whole, e.g. type=provenance,"builder-id=https://ci.example/run,1"',
    ],
    [
      'call unknown',
      { call: 'lint' },
      'Input "call" is "lint": expected build, check, outline, targets (options after a comma, e.g. check,format=json)',
    ],
    [
      'call check in a leg',
      { call: 'check', 'push-by-digest': 'true', tags: 'ghcr.io/acme/app:1' },
      'Input "call" is "check" but "push-by-digest" is true: a check builds and pushes nothing',
    ],
    [
      'call check with test-command',
      { call: 'check', 'test-command': 'true' },
      'Input "call" is "check" but "test-command" is set: a check pushes no image to test',
    ],
    ['name with a space', { name: 'my builder' }, 'Input "name" is "my builder": a builder name has letters, digits, "_", "." and "-"'],
    [
      'name with builder',
      { name: 'mine', builder: 'other' },
      'Input "name" cannot be used with "builder": "builder" uses an existing builder, "name" names the one this step creates or reuses',
    ],
    [
      'name with the docker driver',
      { name: 'mine', driver: 'docker' },
      'Input "name" cannot be used with driver "docker": its builder is the daemon\'s own, named "default"',
    ],
    ['cleanup not a boolean', { cleanup: 'yes' }, 'Input "cleanup" is "yes": expected true or false'],
  ])('%s', (_, raw, message) => {
    const error = thrown(() => configWith(raw));
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toBe(message);
    expect(error?.message).not.toMatch(/sk-live|secretline/);
  });
});

test('ssh default without an agent is refused', () => {
  expect(thrown(() => configWith({ ssh: 'default' }, {}))?.message).toBe(
    'Input "ssh" has "default", which uses the agent at SSH_AUTH_SOCK, but SSH_AUTH_SOCK is not set: start an agent (e.g. webfactory/ssh-agent) first, or give a key file',
  );
});

test('ssh default with SSH_AUTH_SOCK naming no socket is refused', () => {
  expect(thrown(() => configWith({ ssh: 'default' }, { SSH_AUTH_SOCK: '/tmp/gone.sock' }))?.message).toBe(
    'Input "ssh" has "default", which uses the agent at SSH_AUTH_SOCK, but there is no socket at "/tmp/gone.sock": is the agent running?',
  );
});

describe('skipped with a warning, as build-push-action skips them', () => {
  // INVALID_SECRET= is in build-push-action's own CI for all three inputs, which builds with a warning
  test.each<[RawInputs, string[], string[]]>([
    [
      { secrets: 'empty=\nfull=1' },
      ['Input "secrets": the secret "empty" has an empty value and is not passed to the build'],
      ['id=full,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    [
      { secrets: 'MYSECRET=foo\nINVALID_SECRET=' },
      ['Input "secrets": the secret "INVALID_SECRET" has an empty value and is not passed to the build'],
      ['id=MYSECRET,env=BUILDX_MULTIARCH_SECRET_0'],
    ],
    [
      { 'secret-files': 'MYSECRET=secret.txt\nINVALID_SECRET=' },
      ['Input "secret-files": the secret "INVALID_SECRET" has no path and is not passed to the build'],
      ['id=MYSECRET,src=secret.txt'],
    ],
    [
      { 'secret-envs': 'MYSECRET=NPM_TOKEN\nINVALID_SECRET=' },
      ['Input "secret-envs": the secret "INVALID_SECRET" names no variable and is not passed to the build'],
      ['id=MYSECRET,env=NPM_TOKEN'],
    ],
    [
      { 'secret-envs': 'e=EMPTY_VAR' },
      ['Input "secret-envs": the variable EMPTY_VAR of secret "e" is empty, so the secret is not passed to the build'],
      [],
    ],
  ])('%j', (raw, warnings, secrets) => {
    const config = configWith(raw);
    expect(config.warnings).toEqual(warnings);
    expect(buildCommand(config, 'b1', META).args.filter((arg) => arg.startsWith('id='))).toEqual(secrets);
  });
});
