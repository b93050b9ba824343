import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import {
  checkAgainstDocker,
  type Config,
  DEFAULTS,
  INPUT_NAMES,
  isLoopback,
  parseConfig,
  type ParseContext,
  type RawInputs,
  type RegistryLogin,
} from '../../../src/config/index.js';
import { InputError } from '../../../src/core/errors.js';
import { configOf, fakeFiles, thrown } from '../support.js';

const PASSWORD = 'pw-Zq7$Xk!9-never-print-me';
const SECRET = 'sk-live-4242-DO-NOT-LEAK';
const DIGEST = `sha256:${'a1'.repeat(32)}`;

const ACCEPTED =
  'use linux/amd64, linux/amd64/v2, linux/amd64/v3, linux/amd64/v4, linux/arm64, linux/arm/v7, linux/arm/v6, linux/arm/v5, ' +
  'linux/386, linux/ppc64le, linux/s390x, linux/riscv64, linux/mips64le, linux/mips64, linux/loong64 ' +
  '(or an alias: amd64, x86_64, x86-64, x64, amd64/v2, amd64/v3, amd64/v4, arm64, aarch64, arm64/v8, arm64v8, arm/v7, armv7, ' +
  'armv7l, armhf, arm32v7, arm, arm/v6, armv6, armv6l, armel, arm32v6, arm/v5, armv5, armv5l, arm32v5, 386, i386, i686, x86, ' +
  'ppc64le, ppc64el, s390x, riscv64, mips64le, mips64el, mips64, loong64, loongarch64)';

const TAG_CHARS = '(letters, digits, "_", "." and "-", at most 128, not starting with "." or "-")';
const BOTH = 'give both or neither';
const ONLY_CREATED = 'it configures a builder the action creates (driver docker-container)';
const SECRET_ID = 'without a valid id: expected id=value (id of letters, digits, "_", "." and "-")';

// Every row runs with credentials whose password is distinctive, so no error message may hold it.
const base: RawInputs = { tags: 'ghcr.io/acme/app:1', username: 'octocat', password: PASSWORD };

describe('parseConfig refuses bad input with one line naming the input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'unknown driver',
      { driver: 'podman' },
      'Input "driver" is "podman": supported drivers are docker-container, docker, remote, kubernetes',
    ],
    [
      'driver in the wrong case',
      { driver: 'Docker' },
      'Input "driver" is "Docker": supported drivers are docker-container, docker, remote, kubernetes',
    ],
    ['unknown platform', { platforms: 'linux/sparc' }, `Input "platforms" has "linux/sparc", which is not a known platform: ${ACCEPTED}`],
    [
      'platform without architecture',
      { platforms: 'linux/amd64,linux/' },
      `Input "platforms" has "linux/", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'platform with a space',
      { platforms: 'linux amd64' },
      `Input "platforms" has "linux amd64", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'windows platform',
      { platforms: 'windows/amd64' },
      `Input "platforms" has "windows/amd64", which is not a known platform: ${ACCEPTED}`,
    ],
    [
      'empty entry between commas',
      { platforms: 'linux/amd64,,linux/arm64' },
      'Input "platforms" has an empty entry in "linux/amd64,,linux/arm64": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'trailing comma',
      { platforms: 'linux/amd64,' },
      'Input "platforms" has an empty entry in "linux/amd64,": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'leading comma on a later line',
      { platforms: 'linux/amd64\n, linux/arm64' },
      'Input "platforms" has an empty entry in ", linux/arm64": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'empty entry in tags',
      { tags: 'ghcr.io/acme/app:1,,ghcr.io/acme/app:2' },
      'Input "tags" has an empty entry in "ghcr.io/acme/app:1,,ghcr.io/acme/app:2": remove the extra comma (an empty ${{ }} expression?)',
    ],
    [
      'unclosed CSV quote in tags',
      { tags: '"ghcr.io/acme/app:1' },
      'Input "tags" has "\\"ghcr.io/acme/app:1", which is not a valid comma-separated list: Quote Not Closed: the parsing is finished with an opening quote at line 1',
    ],
    [
      'upper-case repository',
      { tags: 'ghcr.io/Acme/app:1' },
      'Input "tags" has "ghcr.io/Acme/app:1", which has an upper-case repository name "Acme" (repository names are lower case)',
    ],
    [
      'upper-case Docker Hub name',
      { tags: 'App:1' },
      'Input "tags" has "App:1", which has an upper-case repository name "App" (repository names are lower case)',
    ],
    ['space in a tag', { tags: 'ghcr.io/acme/my app:1' }, 'Input "tags" has "ghcr.io/acme/my app:1", which contains whitespace'],
    [
      'port out of range',
      { tags: 'localhost:99999/app:1' },
      'Input "tags" has "localhost:99999/app:1", which has an invalid registry port "99999" (1-65535)',
    ],
    [
      'port not a number',
      { tags: 'registry.local:abc/app:1' },
      'Input "tags" has "registry.local:abc/app:1", which has an invalid registry port "abc" (1-65535)',
    ],
    [
      'tag with "+"',
      { tags: 'ghcr.io/acme/app:v1+build' },
      `Input "tags" has "ghcr.io/acme/app:v1+build", which has an invalid tag "v1+build" ${TAG_CHARS}`,
    ],
    [
      'tag starting with "."',
      { tags: 'ghcr.io/acme/app:.x' },
      `Input "tags" has "ghcr.io/acme/app:.x", which has an invalid tag ".x" ${TAG_CHARS}`,
    ],
    [
      'empty tag after ":"',
      { tags: 'ghcr.io/acme/app:' },
      `Input "tags" has "ghcr.io/acme/app:", which has an invalid tag "" ${TAG_CHARS}`,
    ],
    [
      'tag with a valid digest',
      { tags: `ghcr.io/acme/app@${DIGEST}` },
      `Input "tags" has "ghcr.io/acme/app@${DIGEST}": a tag cannot hold a digest`,
    ],
    [
      'tag and digest',
      { tags: `ghcr.io/acme/app:1@${DIGEST}` },
      `Input "tags" has "ghcr.io/acme/app:1@${DIGEST}": a tag cannot hold a digest`,
    ],
    [
      'tag with a malformed digest',
      { tags: 'ghcr.io/acme/app@sha256:abc' },
      'Input "tags" has "ghcr.io/acme/app@sha256:abc", which has an invalid digest "sha256:abc"',
    ],
    [
      'second tag invalid',
      { tags: 'ghcr.io/acme/app:1\nghcr.io/acme/app:-x' },
      `Input "tags" has "ghcr.io/acme/app:-x", which has an invalid tag "-x" ${TAG_CHARS}`,
    ],
    ['push "yes"', { push: 'yes' }, 'Input "push" is "yes": expected true or false'],
    ['load "1"', { load: '1' }, 'Input "load" is "1": expected true or false'],
    ['cache "on"', { cache: 'on' }, 'Input "cache" is "on": expected true or false'],
    ['qemu "no"', { qemu: 'no' }, 'Input "qemu" is "no": expected true or false'],
    ['logout "0"', { logout: '0' }, 'Input "logout" is "0": expected true or false'],
    ['no-cache "tRue"', { 'no-cache': 'tRue' }, 'Input "no-cache" is "tRue": expected true or false'],
    ['pull "y"', { pull: 'y' }, 'Input "pull" is "y": expected true or false'],
    ['push with no tags', { tags: '' }, 'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false'],
    [
      'push with only blank lines as tags',
      { tags: '\n  \n' },
      'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false',
    ],
    ['username without password', { password: '' }, `Input "password" is empty but "username" is set: ${BOTH}`],
    ['password without username', { username: '' }, `Input "username" is empty but "password" is set: ${BOTH}`],
    ['missing context directory', { context: 'nope' }, 'Input "context" is "nope": no such directory'],
    [
      'no Dockerfile in the context',
      { context: 'empty' },
      'Input "file" is "empty/Dockerfile": no such file (the default is Dockerfile in the context)',
    ],
    ['explicit file missing', { file: 'docker/Dockerfile.dev' }, 'Input "file" is "docker/Dockerfile.dev": no such file'],
    [
      'driver-opts with driver docker',
      { driver: 'docker', 'driver-opts': 'network=host' },
      `Input "driver-opts" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-flags with driver docker',
      { driver: 'docker', 'buildkitd-flags': '--debug' },
      `Input "buildkitd-flags" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config with driver docker',
      { driver: 'docker', 'buildkitd-config': 'buildkitd.toml' },
      `Input "buildkitd-config" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config-inline with driver docker',
      { driver: 'docker', 'buildkitd-config-inline': 'debug = true' },
      `Input "buildkitd-config-inline" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'driver-opts with builder',
      { builder: 'mine', 'driver-opts': 'network=host' },
      'Input "driver-opts" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-flags with builder',
      { builder: 'mine', 'buildkitd-flags': '--debug' },
      'Input "buildkitd-flags" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config with builder',
      { builder: 'mine', 'buildkitd-config': 'buildkitd.toml' },
      'Input "buildkitd-config" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config-inline with builder',
      { builder: 'mine', 'buildkitd-config-inline': 'debug = true' },
      'Input "buildkitd-config-inline" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config and -inline together',
      { 'buildkitd-config': 'buildkitd.toml', 'buildkitd-config-inline': 'debug = true' },
      'Input "buildkitd-config-inline" cannot be used together with "buildkitd-config": give one of them',
    ],
    ['buildkitd-config missing', { 'buildkitd-config': 'missing.toml' }, 'Input "buildkitd-config" is "missing.toml": no such file'],
    [
      'builder name with a space',
      { builder: 'my builder' },
      'Input "builder" is "my builder": a builder name has letters, digits, "_", "." and "-"',
    ],
    ['builder name starting with "-"', { builder: '-x' }, 'Input "builder" is "-x": a builder name has letters, digits, "_", "." and "-"'],
    [
      'buildx-version without patch',
      { 'buildx-version': '0.29' },
      'Input "buildx-version" is "0.29": expected a buildx release such as 0.29.1 or "latest"',
    ],
    [
      'buildx-version "v" and words',
      { 'buildx-version': 'v0.x.1' },
      'Input "buildx-version" is "v0.x.1": expected a buildx release such as 0.29.1 or "latest"',
    ],
    [
      'buildx-version with a leading zero',
      { 'buildx-version': '0.013.0' },
      'Input "buildx-version" is "0.013.0": expected a buildx release such as 0.29.1 or "latest"',
    ],
    [
      'buildx-version older than the action needs (whatever is installed)',
      { 'buildx-version': '0.12.0' },
      'Input "buildx-version" is "0.12.0": the action needs buildx 0.13.0 or newer',
    ],
    [
      'context from stdin',
      { context: '-' },
      'Input "context" is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL',
    ],
    ['secret line counted with blank lines', { secrets: `a=1\n\n=${SECRET}` }, `Input "secrets" has an entry on line 3 ${SECRET_ID}`],
    [
      'registry as a URL',
      { registry: 'https://ghcr.io' },
      'Input "registry" is "https://ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry with a path',
      { registry: 'ghcr.io/acme' },
      'Input "registry" is "ghcr.io/acme": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry port out of range',
      { registry: 'localhost:99999' },
      'Input "registry" is "localhost:99999": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'registry starting with "-"',
      { registry: '-ghcr.io' },
      'Input "registry" is "-ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000',
    ],
    [
      'qemu-image upper case',
      { 'qemu-image': 'Tonistiigi/binfmt' },
      'Input "qemu-image" is "Tonistiigi/binfmt", which has an upper-case repository name "Tonistiigi" (repository names are lower case)',
    ],
    [
      'qemu-image "HOST" is not "host"',
      { 'qemu-image': 'HOST' },
      'Input "qemu-image" is "HOST", which has an upper-case repository name "HOST" (repository names are lower case)',
    ],
    [
      'qemu-image with a bad tag',
      { 'qemu-image': 'tonistiigi/binfmt:qemu v9' },
      'Input "qemu-image" is "tonistiigi/binfmt:qemu v9", which contains whitespace',
    ],
    [
      'build-arg without a key',
      { 'build-args': 'A=1\n=2' },
      'Input "build-args" has "=2": expected KEY=VALUE (or KEY to pass it from the environment)',
    ],
    [
      'build-arg key with a space',
      { 'build-args': 'MY ARG=1' },
      'Input "build-args" has "MY ARG=1": expected KEY=VALUE (or KEY to pass it from the environment)',
    ],
    [
      'label without "="',
      { labels: 'org.opencontainers.image.title' },
      'Input "labels" has "org.opencontainers.image.title": expected KEY=VALUE',
    ],
    ['label without a key', { labels: '=x' }, 'Input "labels" has "=x": expected KEY=VALUE'],
    [
      'annotation without "="',
      { annotations: 'index:org.opencontainers.image.title' },
      'Input "annotations" has "index:org.opencontainers.image.title": expected KEY=VALUE',
    ],
    ['secret without an id', { secrets: SECRET }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret with an empty id', { secrets: `a=1\n=${SECRET}` }, `Input "secrets" has an entry on line 2 ${SECRET_ID}`],
    ['secret id with a space', { secrets: `npm token=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret id with a slash', { secrets: `a/b=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['duplicate secret id', { secrets: `token=abc\ntoken=${SECRET}` }, 'Input "secrets" has the id "token" twice'],
    [
      'cache-ref invalid',
      { 'cache-ref': 'ghcr.io/acme/app:cache+x' },
      `Input "cache-ref" is "ghcr.io/acme/app:cache+x", which has an invalid tag "cache+x" ${TAG_CHARS}`,
    ],
    [
      'cache-ref upper case',
      { 'cache-ref': 'ghcr.io/ACME/cache' },
      'Input "cache-ref" is "ghcr.io/ACME/cache", which has an upper-case repository name "ACME" (repository names are lower case)',
    ],
  ])('%s', (_, raw, message) => {
    const error = thrown(() => configOf({ ...base, ...raw }));
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toBe(message);
    expect(error?.message).not.toContain(PASSWORD);
    expect(error?.message).not.toContain(SECRET);
  });
});

describe('parseConfig accepts', () => {
  test('only tags: every default applied', () => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1' })).toEqual({
      mode: 'build',
      mergeKey: '',
      mergeKeyGiven: false,
      run: { id: '', attempt: 1 },
      sources: [],
      testCommand: '',
      logins: [],
      insecureRegistries: [],
      qemu: true,
      qemuImage: 'docker.io/tonistiigi/binfmt:latest',
      driver: 'docker-container',
      nodes: [{ name: '', endpoint: '', platforms: [], driverOpts: [], buildkitdFlags: '' }],
      buildkitdConfig: '',
      buildkitdConfigInline: '',
      builder: '',
      buildxVersion: '',
      logout: true,
      context: '.',
      file: '',
      platforms: ['linux/amd64', 'linux/arm64'],
      tags: ['ghcr.io/acme/app:1'],
      labels: [],
      annotations: [],
      buildArgs: [],
      target: '',
      secrets: [],
      secretFiles: [],
      secretEnvs: [],
      ssh: [],
      buildContexts: [],
      addHosts: [],
      network: '',
      shmSize: '',
      ulimits: [],
      cgroupParent: '',
      noCacheFilters: [],
      allow: [],
      attests: [],
      call: '',
      defaultProvenance: '',
      privateRepository: false,
      builderName: '',
      cleanup: true,
      warnings: [],
      push: true,
      load: false,
      outputs: [],
      provenance: '',
      sbom: '',
      noCache: false,
      pull: false,
      cache: true,
      cacheRef: 'ghcr.io/acme/app:buildcache',
      cacheFrom: [],
      cacheTo: [],
      reproducible: false,
      sourceDateEpoch: '',
      registryMirror: '',
    });
  });

  test('blank inputs as the runner gives them (empty strings) mean the defaults', () => {
    const raw = Object.fromEntries(INPUT_NAMES.map((name) => [name, ''])) as RawInputs;
    expect(configOf({ ...raw, tags: 'ghcr.io/acme/app:1' })).toEqual(configOf({ tags: 'ghcr.io/acme/app:1' }));
  });

  test.each<[string, string]>([
    ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:buildcache'],
    ['127.0.0.1:5000/a/b:1', '127.0.0.1:5000/a/b:buildcache'],
    ['localhost:5000/app', 'localhost:5000/app:buildcache'],
    ['[::1]:5000/a/b:t', '[::1]:5000/a/b:buildcache'],
    ['acme/app:latest', 'acme/app:buildcache'],
    ['app', 'app:buildcache'],
    ['ghcr.io/acme/app:1,docker.io/acme/app:1', 'ghcr.io/acme/app:buildcache'],
  ])('tags %j: cache-ref %j from the first tag', (tags, cacheRef) => {
    expect(configOf({ tags }).cacheRef).toBe(cacheRef);
  });

  test.each<[RawInputs, string]>([
    [{ tags: 'ghcr.io/acme/app:1', 'cache-ref': 'ghcr.io/acme/cache:main' }, 'ghcr.io/acme/cache:main'],
    [{ push: 'false' }, ''],
    [{ push: 'false', 'cache-ref': 'localhost:5000/cache' }, 'localhost:5000/cache'],
  ])('%j: cache-ref %j', (raw, cacheRef) => {
    expect(configOf(raw).cacheRef).toBe(cacheRef);
  });

  test.each<[string, string[]]>([
    ['linux/amd64,linux/arm64', ['linux/amd64', 'linux/arm64']],
    ['amd64, x86_64, aarch64, armhf', ['linux/amd64', 'linux/arm64', 'linux/arm/v7']],
    ['linux/arm64/v8,arm64,linux/arm64', ['linux/arm64']],
    ['linux/arm,linux/arm/v7,linux/arm/v6', ['linux/arm/v7', 'linux/arm/v6']],
    ['Linux/AMD64', ['linux/amd64']],
    ['linux/amd64\n\n  linux/arm64\n', ['linux/amd64', 'linux/arm64']],
    ['linux/amd64,linux/arm64\nlinux/s390x\n', ['linux/amd64', 'linux/arm64', 'linux/s390x']],
    ['"linux/amd64", "linux/arm64"', ['linux/amd64', 'linux/arm64']],
    ['  \n', ['linux/amd64', 'linux/arm64']],
  ])('platforms %j -> %j', (platforms, expected) => {
    expect(configOf({ push: 'false', platforms }).platforms).toEqual(expected);
  });

  test.each<[string, string[]]>([
    ['"ghcr.io/acme/app:1","ghcr.io/acme/app:latest"', ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest']],
    ['ghcr.io/acme/app:1, ghcr.io/acme/app:2\nghcr.io/acme/app:3\n', ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:2', 'ghcr.io/acme/app:3']],
    ['localhost:5000/app:1\r\n[::1]:5000/a/b:t', ['localhost:5000/app:1', '[::1]:5000/a/b:t']],
  ])('tags %j -> %j', (tags, expected) => {
    expect(configOf({ tags }).tags).toEqual(expected);
  });

  test.each<[RawInputs, Partial<Config>]>([
    [
      { push: 'False', load: 'TRUE', 'no-cache': 'True', pull: 'true', cache: 'FALSE', qemu: 'false', logout: 'False' },
      { push: false, load: true, noCache: true, pull: true, cache: false, qemu: false, logout: false },
    ],
    [{ push: ' false ' }, { push: false }],
    [{ 'qemu-image': 'host' }, { qemuImage: 'host' }],
    [{ 'qemu-image': 'ghcr.io/acme/binfmt@' + DIGEST }, { qemuImage: 'ghcr.io/acme/binfmt@' + DIGEST }],
    [{ 'buildx-version': 'v0.29.1' }, { buildxVersion: '0.29.1' }],
    [{ 'buildx-version': 'latest' }, { buildxVersion: 'latest' }],
    [{ 'buildx-version': '0.30.0-rc1' }, { buildxVersion: '0.30.0-rc1' }],
    [
      { registry: 'localhost:5000', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: 'localhost:5000', username: 'octocat', password: PASSWORD }] },
    ],
    [
      { registry: '[::1]:5000', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: '[::1]:5000', username: 'octocat', password: PASSWORD }] },
    ],
    [
      { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
      { logins: [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }] },
    ],
    [{ driver: 'docker' }, { driver: 'docker' }],
    [{ builder: 'ci-builder.1' }, { builder: 'ci-builder.1' }],
    [
      { 'driver-opts': 'network=host\nimage=moby/buildkit:v0.25.0\n', 'buildkitd-flags': '--debug', 'buildkitd-config': 'buildkitd.toml' },
      {
        nodes: [
          { name: '', endpoint: '', platforms: [], driverOpts: ['network=host', 'image=moby/buildkit:v0.25.0'], buildkitdFlags: '--debug' },
        ],
        buildkitdConfig: 'buildkitd.toml',
      },
    ],
    [
      { 'buildkitd-config-inline': '[registry."localhost:5000"]\n  http = true\n' },
      { buildkitdConfigInline: '[registry."localhost:5000"]\n  http = true' },
    ],
    [{ context: 'app' }, { context: 'app', file: '' }],
    [
      { context: 'empty', file: 'docker/Dockerfile.prod' },
      { context: 'empty', file: 'docker/Dockerfile.prod' },
    ],
    [{ context: 'https://github.com/acme/app.git#main' }, { context: 'https://github.com/acme/app.git#main' }],
    [
      { context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' },
      { context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' },
    ],
    [{ 'build-args': 'VERSION=1.2.3\nHTTP_PROXY\nEMPTY=\nEXPR=a=b' }, { buildArgs: ['VERSION=1.2.3', 'HTTP_PROXY', 'EMPTY=', 'EXPR=a=b'] }],
    [{ labels: 'org.opencontainers.image.title=My App\n\nempty=' }, { labels: ['org.opencontainers.image.title=My App', 'empty='] }],
    [
      { annotations: 'index:org.opencontainers.image.description=multi, arch' },
      { annotations: ['index:org.opencontainers.image.description=multi, arch'] },
    ],
    [
      { secrets: `npm_token=${SECRET}\n\ngithub.token=a=b=c\nEMPTY=` },
      {
        secrets: [
          { id: 'npm_token', value: SECRET },
          { id: 'github.token', value: 'a=b=c' },
        ],
        warnings: ['Input "secrets": the secret "EMPTY" has an empty value and is not passed to the build'],
      },
    ],
    [
      { outputs: 'type=local,dest=out\ntype=oci,dest=image.tar', push: 'false' },
      { outputs: ['type=local,dest=out', 'type=oci,dest=image.tar'], push: false },
    ],
    [
      { 'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/acme/cache', 'cache-to': 'type=gha,mode=max' },
      { cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/acme/cache'], cacheTo: ['type=gha,mode=max'] },
    ],
    [
      { target: ' release ', provenance: 'mode=max', sbom: 'true' },
      { target: 'release', provenance: 'mode=max', sbom: 'true' },
    ],
  ])('%j', (raw, expected) => {
    expect(configOf({ tags: 'ghcr.io/acme/app:1', ...raw })).toMatchObject(expected);
  });

  test('the config is frozen', () => {
    const config = configOf({ tags: 'ghcr.io/acme/app:1' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { push: boolean }).push = false;
    }).toThrow(TypeError);
  });
});

// The inputs of native multi-runner builds, test-command, insecure registries and registry-auth. Every row runs
// with the base credentials and with no GITHUB_RUN_ID (a leg or a merge names its merge-key), and with the
// YAML parser main.ts loads for registry-auth.
const AUTH_PASSWORD = 'ghp_AuthOnly-7f3K9q-never-print';
const NO_RUN_KNOWN =
  'is empty and no run is known (no GITHUB_RUN_ID, CI_PIPELINE_ID, BUILDKITE_BUILD_ID, CIRCLE_WORKFLOW_ID or BUILD_BUILDID): give the legs and the merge step of one pipeline run the same run-id, and each pipeline run its own';
const NO_RUN: ParseContext = { files: fakeFiles, run: {}, parseYaml };

function parsed(raw: RawInputs, ctx: ParseContext = NO_RUN): Config {
  return parseConfig({ ...base, ...raw }, ctx);
}

const MERGE_KEY = 'up to 60 letters, digits, "_", "." and "-"';
const NOT_YAML = 'is not valid YAML';
const YAML_EXPECTED = 'expected a YAML list';

describe('parseConfig refuses bad leg, merge, test-command, insecure-registries and registry-auth input', () => {
  test.each<[string, RawInputs, string]>([
    [
      'push-by-digest and merge',
      { 'push-by-digest': 'true', merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "merge" is true and so is "push-by-digest": a step either pushes one leg or merges them',
    ],
    [
      'push-by-digest with push false',
      { 'push-by-digest': 'true', push: 'false', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "push" is false but "push-by-digest" is true: a leg pushes its platforms for the merge step',
    ],
    ['push-by-digest "yes"', { 'push-by-digest': 'yes' }, 'Input "push-by-digest" is "yes": expected true or false'],
    ['merge "1"', { merge: '1' }, 'Input "merge" is "1": expected true or false'],
    [
      'push-by-digest without tags',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', tags: '' },
      'Input "tags" is empty: the leg pushes to the repository of the first tag',
    ],
    [
      'push-by-digest with push false and no tags: the tags first',
      { 'push-by-digest': 'true', push: 'false', tags: '' },
      'Input "tags" is empty: the leg pushes to the repository of the first tag',
    ],
    [
      'merge without tags',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', tags: '' },
      'Input "tags" is empty: the merge tags the repository of the first tag',
    ],
    [
      'merge with push false and no tags',
      { merge: 'true', push: 'false', sources: 'ghcr.io/acme/app:a', tags: '' },
      'Input "tags" is empty: the merge tags the repository of the first tag',
    ],
    [
      'sources without merge',
      { sources: 'ghcr.io/acme/app:a' },
      'Input "sources" is set but "merge" is false: sources are the images a merge step combines',
    ],
    [
      'sources with push-by-digest',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', sources: 'ghcr.io/acme/app:a' },
      'Input "sources" is set but "merge" is false: sources are the images a merge step combines',
    ],
    [
      'a source in upper case',
      { merge: 'true', sources: 'ghcr.io/acme/app:a, ghcr.io/Acme/app:b' },
      'Input "sources" has "ghcr.io/Acme/app:b", which has an upper-case repository name "Acme" (repository names are lower case)',
    ],
    [
      'a source with a short digest',
      { merge: 'true', sources: 'ghcr.io/acme/app@sha256:abc' },
      'Input "sources" has "ghcr.io/acme/app@sha256:abc", which has an invalid digest "sha256:abc"',
    ],
    [
      'an empty source between commas',
      { merge: 'true', sources: 'ghcr.io/acme/app:a,,ghcr.io/acme/app:b' },
      'Input "sources" has an empty entry in "ghcr.io/acme/app:a,,ghcr.io/acme/app:b": remove the extra comma (an empty ${{ }} expression?)',
    ],
    ['a leg without run-id or GITHUB_RUN_ID', { 'push-by-digest': 'true' }, `Input "run-id" ${NO_RUN_KNOWN}`],
    ['a merge of legs without run-id or GITHUB_RUN_ID', { merge: 'true' }, `Input "run-id" ${NO_RUN_KNOWN}`],
    [
      'a merge-key is a variant, not a run: it does not replace run-id',
      { merge: 'true', 'merge-key': 'k1' },
      `Input "run-id" ${NO_RUN_KNOWN}`,
    ],
    [
      'run-id with a space',
      { 'push-by-digest': 'true', 'run-id': 'pipeline 7' },
      'Input "run-id" is "pipeline 7": up to 200 printable characters, no spaces',
    ],
    [
      'a leg whose cache tag would pass 128 characters',
      {
        'push-by-digest': 'true',
        'run-id': 'p7',
        'merge-key': 'k'.repeat(60),
        platforms: 'linux/amd64,linux/arm64,linux/arm/v7,linux/ppc64le,linux/s390x',
      },
      `Input "cache-ref" gives this leg's cache the tag "buildcache-${'k'.repeat(60)}-linux-amd64_linux-arm64_linux-arm-v7_linux-pp...", 134 characters where a tag has at most 128: shorten merge-key (or the first tag's tag), or give a shorter cache-ref`,
    ],
    [
      'a leg with driver docker, which cannot push by digest',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', driver: 'docker' },
      'Input "push-by-digest" cannot be used with driver "docker", which cannot push by digest: use driver docker-container',
    ],
    [
      'merge-key with a space',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'run 1' },
      `Input "merge-key" is "run 1": ${MERGE_KEY}`,
    ],
    [
      'merge-key with a slash',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'main/1' },
      `Input "merge-key" is "main/1": ${MERGE_KEY}`,
    ],
    [
      'merge-key with a colon',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k:1' },
      `Input "merge-key" is "k:1": ${MERGE_KEY}`,
    ],
    [
      'merge-key of 61 characters',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k'.repeat(61) },
      `Input "merge-key" is "${'k'.repeat(61)}": ${MERGE_KEY}`,
    ],
    [
      'test-command with push false',
      { 'test-command': './smoke.sh', push: 'false' },
      'Input "test-command" is set but "push" is false: the test runs in the pushed images before tags move',
    ],
    [
      'test-command with merge',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', 'test-command': './smoke.sh' },
      'Input "test-command" cannot be used with "merge": test in the legs, which push the images',
    ],
    [
      'merge with push false',
      { merge: 'true', push: 'false', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      'Input "push" is false but "merge" is true: a merge pushes the index it creates',
    ],
    [
      'test-command with merge',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', 'test-command': './smoke.sh' },
      'Input "test-command" cannot be used with "merge": test in the legs, which push the images',
    ],
    [
      'insecure registry as a URL',
      { 'insecure-registries': 'http://localhost:5000' },
      'Input "insecure-registries" has "http://localhost:5000": expected a registry host such as localhost:5000 or registry.internal',
    ],
    [
      'insecure registry with a path',
      { 'insecure-registries': 'localhost:5000, registry.internal/acme' },
      'Input "insecure-registries" has "registry.internal/acme": expected a registry host such as localhost:5000 or registry.internal',
    ],
    [
      'insecure registry port out of range',
      { 'insecure-registries': 'localhost:99999' },
      'Input "insecure-registries" has "localhost:99999": expected a registry host such as localhost:5000 or registry.internal',
    ],
    [
      'insecure-registries with builder',
      { builder: 'mine', 'insecure-registries': 'registry.internal' },
      'Input "insecure-registries" cannot be used with "builder": configure that builder\'s buildkitd.toml',
    ],
    [
      'insecure-registries with builder, even loopback',
      { builder: 'mine', 'insecure-registries': 'localhost:5000' },
      'Input "insecure-registries" cannot be used with "builder": configure that builder\'s buildkitd.toml',
    ],
    [
      'non-loopback insecure registries with driver docker',
      { driver: 'docker', 'insecure-registries': 'localhost:5000, registry.internal:5000\n10.0.0.5' },
      'Input "insecure-registries" has registry.internal:5000, 10.0.0.5, but driver "docker" pushes through the daemon: list them in the daemon\'s "insecure-registries" (daemon.json)',
    ],
    [
      'insecure-registries with a [registry."…"] section for the same host in buildkitd-config-inline',
      {
        'buildkitd-config-inline': 'debug = true\n[registry."registry.internal"]\n  mirrors = ["mirror.gcr.io"]',
        'insecure-registries': 'registry.internal',
      },
      'Input "insecure-registries" has registry.internal, which the buildkitd config already has a [registry."registry.internal"] section for: put http = true there, or drop it from one of them',
    ],
    [
      'insecure-registries with an indented [registry."…"] section',
      { 'buildkitd-config-inline': '  [registry."localhost:5000"]\n  http = true', 'insecure-registries': 'localhost:5000' },
      'Input "insecure-registries" has localhost:5000, which the buildkitd config already has a [registry."localhost:5000"] section for: put http = true there, or drop it from one of them',
    ],
    // registry-auth: a YAML list of {registry, username, password}; no row may show a password
    [
      'registry-auth: a YAML error right after a password line',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n bad: [` },
      `Input "registry-auth" ${NOT_YAML} (line 4): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: ": " inside an unquoted password',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}: tail` },
      `Input "registry-auth" ${NOT_YAML} (line 3): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: an unclosed quote around a password',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: "${AUTH_PASSWORD}\n` },
      `Input "registry-auth" ${NOT_YAML} (line 4): ${YAML_EXPECTED}`,
    ],
    [
      'registry-auth: a mapping, not a list',
      { 'registry-auth': `registry: ghcr.io\nusername: ci\npassword: ${AUTH_PASSWORD}` },
      'Input "registry-auth" is not a YAML list: expected "- registry: …" entries with username and password',
    ],
    [
      'registry-auth: a bare token',
      { 'registry-auth': AUTH_PASSWORD },
      'Input "registry-auth" is not a YAML list: expected "- registry: …" entries with username and password',
    ],
    [
      'registry-auth: an entry that is a token',
      { 'registry-auth': `- ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an entry that is a list',
      { 'registry-auth': `- [ghcr.io, ci, ${AUTH_PASSWORD}]` },
      'Input "registry-auth" entry 1 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an empty second entry',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n-` },
      'Input "registry-auth" entry 2 is not a mapping of registry, username and password',
    ],
    [
      'registry-auth: an unknown key',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}\n  token: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")',
    ],
    [
      'registry-auth: a misspelt password key',
      { 'registry-auth': `- registry: ghcr.io\n  username: ci\n  pasword: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has an unknown key: allowed are registry, username, password (quote values that hold ":" or ",")',
    ],
    [
      'registry-auth: registry as a URL',
      { 'registry-auth': `- registry: https://ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has a registry that is not a registry host such as ghcr.io',
    ],
    [
      'registry-auth: registry with a path',
      { 'registry-auth': `- registry: ghcr.io/acme\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 has a registry that is not a registry host such as ghcr.io',
    ],
    [
      'registry-auth: missing password',
      { 'registry-auth': '- registry: ghcr.io\n  username: ci' },
      'Input "registry-auth" entry 1 (ghcr.io) needs both username and password',
    ],
    [
      'registry-auth: empty password',
      { 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: ""' },
      'Input "registry-auth" entry 1 (ghcr.io) needs both username and password',
    ],
    [
      'registry-auth: missing username, default registry',
      { 'registry-auth': `- password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 (docker.io) needs both username and password',
    ],
    [
      'registry-auth: the same registry twice',
      {
        'registry-auth': `- registry: quay.io\n  username: a\n  password: ${AUTH_PASSWORD}\n- registry: quay.io\n  username: b\n  password: ${AUTH_PASSWORD}`,
      },
      'Input "registry-auth" entry 2 logs in to quay.io a second time',
    ],
    [
      'registry-auth: repeats the registry input',
      { registry: 'ghcr.io', 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 logs in to ghcr.io a second time',
    ],
    [
      'registry-auth: repeats the default registry input docker.io',
      { 'registry-auth': `- username: hub\n  password: ${AUTH_PASSWORD}` },
      'Input "registry-auth" entry 1 logs in to docker.io a second time',
    ],
  ])('%s', (_, raw, message) => {
    const error = thrown(() => parsed(raw));
    expect(error).toBeInstanceOf(InputError);
    expect(error?.message).toBe(message);
    expect(error?.message).not.toContain(PASSWORD);
    expect(error?.message).not.toContain(AUTH_PASSWORD);
  });

  test('registry-auth without the YAML parser is a programming error, not bad input', () => {
    const error = thrown(() =>
      parseConfig({ ...base, 'registry-auth': `- registry: ghcr.io\n  username: ci\n  password: ${AUTH_PASSWORD}` }, { files: fakeFiles }),
    );
    expect({ input: error instanceof InputError, message: error?.message }).toEqual({
      input: false,
      message: 'registry-auth needs the YAML parser',
    });
  });
});

describe('parseConfig accepts leg, merge, test-command and insecure-registries input', () => {
  const RUN: ParseContext = { files: fakeFiles, run: { id: '9876543210', attempt: '2' } };
  test.each<[string, RawInputs, ParseContext, Partial<Config>]>([
    ['a build by default', {}, NO_RUN, { mode: 'build', mergeKey: '', sources: [], testCommand: '' }],
    [
      "a leg: the variant is the first tag's tag",
      { 'push-by-digest': 'true', tags: 'ghcr.io/acme/app:slim,ghcr.io/acme/app:slim-1a2b' },
      RUN,
      { mode: 'leg', mergeKey: 'slim', run: { id: '9876543210', attempt: 2 } },
    ],
    [
      'a leg in the first attempt (no GITHUB_RUN_ATTEMPT)',
      { 'push-by-digest': 'True' },
      { files: fakeFiles, run: { id: '42' } },
      { mode: 'leg', mergeKey: '1', run: { id: '42', attempt: 1 } },
    ],
    [
      'a leg of an untagged reference: variant latest',
      { 'push-by-digest': 'true', tags: 'localhost:5000/acme/app' },
      RUN,
      { mode: 'leg', mergeKey: 'latest' },
    ],
    [
      'a leg with an explicit merge-key',
      { 'push-by-digest': 'true', 'merge-key': ' release_1.2-rc ' },
      RUN,
      { mode: 'leg', mergeKey: 'release_1.2-rc' },
    ],
    [
      'a leg with a merge-key of 60 characters',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k'.repeat(60) },
      NO_RUN,
      { mode: 'leg', mergeKey: 'k'.repeat(60) },
    ],
    [
      'a merge of legs',
      { merge: 'true', platforms: 'linux/amd64,linux/arm64' },
      RUN,
      { mode: 'merge', mergeKey: '1', run: { id: '9876543210', attempt: 2 }, sources: [], platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    [
      'a merge of legs with an explicit merge-key',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1' },
      NO_RUN,
      { mode: 'merge', mergeKey: 'k1' },
    ],
    [
      'a merge of sources needs no merge-key',
      { merge: 'true', sources: 'ghcr.io/acme/app:amd64, ghcr.io/acme/app@' + DIGEST },
      NO_RUN,
      { mode: 'merge', sources: ['ghcr.io/acme/app:amd64', 'ghcr.io/acme/app@' + DIGEST] },
    ],
    [
      'a merge ignores a missing context',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', context: 'nope' },
      NO_RUN,
      { mode: 'merge', context: 'nope' },
    ],
    [
      'a merge ignores a missing Dockerfile',
      { merge: 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', context: 'empty', file: 'docker/Dockerfile.dev' },
      NO_RUN,
      { mode: 'merge', context: 'empty', file: 'docker/Dockerfile.dev' },
    ],
    ['test-command, trimmed', { 'test-command': '  ./smoke.sh --quick\n' }, NO_RUN, { mode: 'build', testCommand: './smoke.sh --quick' }],
    [
      'test-command on several lines',
      { 'test-command': 'set -e\n[ -x /app ]\n/app --version' },
      NO_RUN,
      { testCommand: 'set -e\n[ -x /app ]\n/app --version' },
    ],
    [
      'test-command in a leg',
      { 'push-by-digest': 'true', 'run-id': 'pipeline-7', 'merge-key': 'k1', 'test-command': '/app --version' },
      NO_RUN,
      { mode: 'leg', testCommand: '/app --version' },
    ],
    [
      'insecure-registries by commas and lines',
      { 'insecure-registries': 'localhost:5000, registry.internal\n[::1]:5000\n' },
      NO_RUN,
      { insecureRegistries: ['localhost:5000', 'registry.internal', '[::1]:5000'] },
    ],
    [
      'loopback insecure registries with driver docker',
      { driver: 'docker', 'insecure-registries': '127.0.0.1:5000,localhost:5000,[::1]:5000' },
      NO_RUN,
      { driver: 'docker', insecureRegistries: ['127.0.0.1:5000', 'localhost:5000', '[::1]:5000'] },
    ],
    [
      'insecure-registries with a buildkitd-config-inline without registry sections',
      { 'insecure-registries': 'registry.internal', 'buildkitd-config-inline': 'debug = true\n[worker.oci]\n  max-parallelism = 4' },
      NO_RUN,
      { insecureRegistries: ['registry.internal'], buildkitdConfigInline: 'debug = true\n[worker.oci]\n  max-parallelism = 4' },
    ],
    ['platforms given', { platforms: 'linux/arm64' }, NO_RUN, { platforms: ['linux/arm64'] }],
    [
      'platforms given as the default list',
      { platforms: 'linux/amd64,linux/arm64' },
      NO_RUN,
      { platforms: ['linux/amd64', 'linux/arm64'] },
    ],
    ['platforms blank: not given', { platforms: ' \n ' }, NO_RUN, { platforms: ['linux/amd64', 'linux/arm64'] }],
    // a merge of sources checks the result against platforms only when they are given
    [
      'a merge of sources, platforms not given: what the sources hold',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: ' \n ' },
      NO_RUN,
      { mode: 'merge', platforms: [] },
    ],
    [
      'a merge of sources, platforms given',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: 'arm64' },
      NO_RUN,
      { mode: 'merge', platforms: ['linux/arm64'] },
    ],
    [
      'a merge of sources, platforms given as the default list',
      { merge: 'true', sources: 'ghcr.io/acme/app:a', platforms: 'linux/amd64,linux/arm64' },
      NO_RUN,
      { platforms: ['linux/amd64', 'linux/arm64'] },
    ],
  ])('%s', (_, raw, ctx, expected) => {
    expect(parsed(raw, ctx)).toMatchObject(expected);
  });
});

describe('config.logins with registry-auth', () => {
  const yaml = (entries: string): RawInputs => ({ 'registry-auth': entries });
  const QUAY = { registry: 'quay.io', username: 'acme+ci', password: AUTH_PASSWORD };
  test.each<[string, RawInputs, RegistryLogin[]]>([
    [
      'a 2-entry list after the registry input, in order; an entry without registry is docker.io',
      {
        registry: 'ghcr.io',
        ...yaml(`- registry: quay.io\n  username: acme+ci\n  password: ${AUTH_PASSWORD}\n- username: hubuser\n  password: "0123"\n`),
      },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        QUAY,
        { registry: 'docker.io', username: 'hubuser', password: '0123' },
      ],
    ],
    [
      'flow style, as docker/login-action documents it',
      {
        registry: 'ghcr.io',
        ...yaml(
          `[{registry: quay.io, username: acme+ci, password: "${AUTH_PASSWORD}"}, {registry: "localhost:5000", username: e2e, password: 'it''s'}]`,
        ),
      },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        QUAY,
        { registry: 'localhost:5000', username: 'e2e', password: "it's" },
      ],
    ],
    [
      'registry-auth alone',
      { username: '', password: '', ...yaml(`- registry: quay.io\n  username: acme+ci\n  password: ${AUTH_PASSWORD}`) },
      [QUAY],
    ],
    [
      'registry-auth alone for docker.io',
      { username: '', password: '', ...yaml(`- username: hubuser\n  password: ${AUTH_PASSWORD}`) },
      [{ registry: 'docker.io', username: 'hubuser', password: AUTH_PASSWORD }],
    ],
    [
      'registry null means docker.io',
      { registry: 'ghcr.io', ...yaml(`- registry: ~\n  username: hubuser\n  password: "${AUTH_PASSWORD}"`) },
      [
        { registry: 'ghcr.io', username: 'octocat', password: PASSWORD },
        { registry: 'docker.io', username: 'hubuser', password: AUTH_PASSWORD },
      ],
    ],
    ['an empty list', { registry: 'ghcr.io', ...yaml('[]') }, [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }]],
  ])('%s', (_, raw, expected) => {
    expect(parsed(raw).logins).toEqual(expected);
  });
});

describe('isLoopback: registries Docker already reaches over plain HTTP', () => {
  test.each<[string, boolean]>([
    ['localhost', true],
    ['localhost:5000', true],
    ['127.0.0.1', true],
    ['127.0.0.1:5000', true],
    ['127.10.20.30:443', true],
    ['[::1]', true],
    ['[::1]:5000', true],
    ['registry.internal:5000', false],
    ['10.0.0.5:5000', false],
    ['localhost.example.com', false],
    ['127.0.0.1.nip.io:5000', false],
    ['my-localhost:5000', false],
    ['[::2]:5000', false],
    ['ghcr.io', false],
  ])('%s -> %j', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('checkAgainstDocker', () => {
  const loadTwo = configOf({ push: 'false', load: 'true', platforms: 'linux/amd64,linux/arm64' });
  const loadOne = configOf({ push: 'false', load: 'true', platforms: 'linux/arm64' });
  const pushTwo = configOf({ tags: 'ghcr.io/acme/app:1' });
  const withVersion = configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': '0.29.1' });
  const classic = { containerdStore: false, buildxVersion: '0.29.1' };
  const containerd = { containerdStore: true, buildxVersion: '0.29.1' };
  const MISSING_BUILDX =
    'Input "buildx-version" is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release';

  test.each<[string, Config, { containerdStore: boolean; buildxVersion: string | undefined }, string | undefined]>([
    [
      'load of 2 platforms on the classic store',
      loadTwo,
      classic,
      'Input "load" is true with 2 platforms (linux/amd64,linux/arm64), but the Docker daemon uses the classic image store, which cannot hold a multi-platform image: load one platform, or enable the containerd image store ("features": {"containerd-snapshotter": true})',
    ],
    ['load of 2 platforms on the containerd store', loadTwo, containerd, undefined],
    ['load of 1 platform on the classic store', loadOne, classic, undefined],
    ['push of 2 platforms on the classic store', pushTwo, classic, undefined],
    ['buildx plugin missing', pushTwo, { containerdStore: true, buildxVersion: undefined }, MISSING_BUILDX],
    ['buildx plugin missing is checked before load', loadTwo, { containerdStore: false, buildxVersion: undefined }, MISSING_BUILDX],
    ['buildx plugin missing with buildx-version given', withVersion, { containerdStore: false, buildxVersion: undefined }, undefined],
    [
      'buildx-version latest',
      configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'latest' }),
      { containerdStore: false, buildxVersion: undefined },
      undefined,
    ],
    ['Debian buildx 0.29.1+ds1 installed', pushTwo, { containerdStore: true, buildxVersion: '0.29.1+ds1' }, undefined],
    ['buildx 0.13.0 installed', pushTwo, { containerdStore: true, buildxVersion: '0.13.0' }, undefined],
    [
      'buildx 0.12.1 installed',
      pushTwo,
      { containerdStore: true, buildxVersion: '0.12.1' },
      'Input "buildx-version" is empty and the installed buildx is 0.12.1, older than 0.13.0: upgrade docker-buildx, or set buildx-version to download a release',
    ],
    [
      'driver docker, 2 platforms, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker' }),
      classic,
      'Input "platforms" has 2 platforms (linux/amd64,linux/arm64), but driver "docker" on the classic image store builds one platform: use driver docker-container, or enable the containerd image store',
    ],
    ['driver docker, 2 platforms, containerd store', configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker' }), containerd, undefined],
    [
      'driver docker, raw cache-to, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker', platforms: 'linux/amd64', 'cache-to': 'type=inline' }),
      classic,
      'Input "cache-to" is set, but driver "docker" on the classic image store cannot export a cache: use driver docker-container, or enable the containerd image store',
    ],
    [
      'driver docker, 1 platform, default cache, classic store',
      configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker', platforms: 'linux/amd64' }),
      classic,
      undefined,
    ],
    ['buildx-version 0.13.0 asked', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'v0.13.0' }), classic, undefined],
  ])('%s', (_, config, facts, message) => {
    const error = thrown(() => checkAgainstDocker(config, facts));
    expect(error?.message).toBe(message);
  });
});

describe('DEFAULTS', () => {
  test('name only declared inputs', () => {
    expect(Object.keys(DEFAULTS).filter((name) => !(INPUT_NAMES as readonly string[]).includes(name))).toEqual([]);
  });
});

describe('registry-auth keeps every value a string', () => {
  test('an unquoted number as password is refused with a plain YAML parser, never silently reformatted', () => {
    const error = thrown(() =>
      parseConfig({ tags: 'ghcr.io/acme/app:1', 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: 0123' }, NO_RUN),
    );
    expect(error?.message).toBe('Input "registry-auth" entry 1 has a password that is not a string: quote it');
  });

  test("the action's failsafe parse keeps 0123 as written", () => {
    const failsafe = (text: string): unknown => parseYaml(text, { schema: 'failsafe' });
    const config = parseConfig(
      { tags: 'ghcr.io/acme/app:1', 'registry-auth': '- registry: ghcr.io\n  username: ci\n  password: 0123' },
      { ...NO_RUN, parseYaml: failsafe },
    );
    expect(config.logins).toEqual([{ registry: 'ghcr.io', username: 'ci', password: '0123' }]);
  });

  test('a flow mapping split inside a password names no part of it', () => {
    const error = thrown(() =>
      parseConfig(
        { tags: 'ghcr.io/acme/app:1', 'registry-auth': '- {registry: ghcr.io, username: u, password: hunter2,tail-of-secret}' },
        NO_RUN,
      ),
    );
    expect(error?.message).toMatch(/^Input "registry-auth" entry 1 has an unknown key/);
    expect(error?.message).not.toContain('tail-of-secret');
  });
});
