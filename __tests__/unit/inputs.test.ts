import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/errors.js';
import { checkAgainstDocker, DEFAULTS, INPUT_NAMES, type Config, type RawInputs } from '../../src/inputs.js';
import { configOf, thrown } from './support.js';

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
    ['unknown driver', { driver: 'kubernetes' }, 'Input "driver" is "kubernetes": supported drivers are docker-container, docker'],
    ['driver in the wrong case', { driver: 'Docker' }, 'Input "driver" is "Docker": supported drivers are docker-container, docker'],
    ['unknown platform', { platforms: 'linux/sparc' }, `Input "platforms" has "linux/sparc", which is not a known platform: ${ACCEPTED}`],
    ['platform without architecture', { platforms: 'linux/amd64,linux/' }, `Input "platforms" has "linux/", which is not a known platform: ${ACCEPTED}`],
    ['platform with a space', { platforms: 'linux amd64' }, `Input "platforms" has "linux amd64", which is not a known platform: ${ACCEPTED}`],
    ['windows platform', { platforms: 'windows/amd64' }, `Input "platforms" has "windows/amd64", which is not a known platform: ${ACCEPTED}`],
    ['empty entry between commas', { platforms: 'linux/amd64,,linux/arm64' }, 'Input "platforms" has an empty entry in "linux/amd64,,linux/arm64": remove the extra comma (an empty ${{ }} expression?)'],
    ['trailing comma', { platforms: 'linux/amd64,' }, 'Input "platforms" has an empty entry in "linux/amd64,": remove the extra comma (an empty ${{ }} expression?)'],
    ['leading comma on a later line', { platforms: 'linux/amd64\n, linux/arm64' }, 'Input "platforms" has an empty entry in ", linux/arm64": remove the extra comma (an empty ${{ }} expression?)'],
    ['empty entry in tags', { tags: 'ghcr.io/acme/app:1,,ghcr.io/acme/app:2' }, 'Input "tags" has an empty entry in "ghcr.io/acme/app:1,,ghcr.io/acme/app:2": remove the extra comma (an empty ${{ }} expression?)'],
    ['unclosed CSV quote in tags', { tags: '"ghcr.io/acme/app:1' }, 'Input "tags" has "\\"ghcr.io/acme/app:1", which is not a valid comma-separated list: Quote Not Closed: the parsing is finished with an opening quote at line 1'],
    ['upper-case repository', { tags: 'ghcr.io/Acme/app:1' }, 'Input "tags" has "ghcr.io/Acme/app:1", which has an upper-case repository name "Acme" (repository names are lower case)'],
    ['upper-case Docker Hub name', { tags: 'App:1' }, 'Input "tags" has "App:1", which has an upper-case repository name "App" (repository names are lower case)'],
    ['space in a tag', { tags: 'ghcr.io/acme/my app:1' }, 'Input "tags" has "ghcr.io/acme/my app:1", which contains whitespace'],
    ['port out of range', { tags: 'localhost:99999/app:1' }, 'Input "tags" has "localhost:99999/app:1", which has an invalid registry port "99999" (1-65535)'],
    ['port not a number', { tags: 'registry.local:abc/app:1' }, 'Input "tags" has "registry.local:abc/app:1", which has an invalid registry port "abc" (1-65535)'],
    ['tag with "+"', { tags: 'ghcr.io/acme/app:v1+build' }, `Input "tags" has "ghcr.io/acme/app:v1+build", which has an invalid tag "v1+build" ${TAG_CHARS}`],
    ['tag starting with "."', { tags: 'ghcr.io/acme/app:.x' }, `Input "tags" has "ghcr.io/acme/app:.x", which has an invalid tag ".x" ${TAG_CHARS}`],
    ['empty tag after ":"', { tags: 'ghcr.io/acme/app:' }, `Input "tags" has "ghcr.io/acme/app:", which has an invalid tag "" ${TAG_CHARS}`],
    ['tag with a valid digest', { tags: `ghcr.io/acme/app@${DIGEST}` }, `Input "tags" has "ghcr.io/acme/app@${DIGEST}": a tag cannot hold a digest`],
    ['tag and digest', { tags: `ghcr.io/acme/app:1@${DIGEST}` }, `Input "tags" has "ghcr.io/acme/app:1@${DIGEST}": a tag cannot hold a digest`],
    ['tag with a malformed digest', { tags: 'ghcr.io/acme/app@sha256:abc' }, 'Input "tags" has "ghcr.io/acme/app@sha256:abc", which has an invalid digest "sha256:abc"'],
    ['second tag invalid', { tags: 'ghcr.io/acme/app:1\nghcr.io/acme/app:-x' }, `Input "tags" has "ghcr.io/acme/app:-x", which has an invalid tag "-x" ${TAG_CHARS}`],
    ['push "yes"', { push: 'yes' }, 'Input "push" is "yes": expected true or false'],
    ['load "1"', { load: '1' }, 'Input "load" is "1": expected true or false'],
    ['cache "on"', { cache: 'on' }, 'Input "cache" is "on": expected true or false'],
    ['qemu "no"', { qemu: 'no' }, 'Input "qemu" is "no": expected true or false'],
    ['logout "0"', { logout: '0' }, 'Input "logout" is "0": expected true or false'],
    ['no-cache "tRue"', { 'no-cache': 'tRue' }, 'Input "no-cache" is "tRue": expected true or false'],
    ['pull "y"', { pull: 'y' }, 'Input "pull" is "y": expected true or false'],
    ['push with no tags', { tags: '' }, 'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false'],
    ['push with only blank lines as tags', { tags: '\n  \n' }, 'Input "tags" is empty but "push" is true: give at least one tag to push, or set push: false'],
    ['username without password', { password: '' }, `Input "password" is empty but "username" is set: ${BOTH}`],
    ['password without username', { username: '' }, `Input "username" is empty but "password" is set: ${BOTH}`],
    ['missing context directory', { context: 'nope' }, 'Input "context" is "nope": no such directory'],
    ['no Dockerfile in the context', { context: 'empty' }, 'Input "file" is "empty/Dockerfile": no such file (the default is Dockerfile in the context)'],
    ['explicit file missing', { file: 'docker/Dockerfile.dev' }, 'Input "file" is "docker/Dockerfile.dev": no such file'],
    ['driver-opts with driver docker', { driver: 'docker', 'driver-opts': 'network=host' }, `Input "driver-opts" cannot be used with driver "docker": ${ONLY_CREATED}`],
    ['buildkitd-flags with driver docker', { driver: 'docker', 'buildkitd-flags': '--debug' }, `Input "buildkitd-flags" cannot be used with driver "docker": ${ONLY_CREATED}`],
    ['buildkitd-config with driver docker', { driver: 'docker', 'buildkitd-config': 'buildkitd.toml' }, `Input "buildkitd-config" cannot be used with driver "docker": ${ONLY_CREATED}`],
    ['buildkitd-config-inline with driver docker', { driver: 'docker', 'buildkitd-config-inline': 'debug = true' }, `Input "buildkitd-config-inline" cannot be used with driver "docker": ${ONLY_CREATED}`],
    ['driver-opts with builder', { builder: 'mine', 'driver-opts': 'network=host' }, 'Input "driver-opts" cannot be used with "builder": the action does not create a builder then'],
    ['buildkitd-flags with builder', { builder: 'mine', 'buildkitd-flags': '--debug' }, 'Input "buildkitd-flags" cannot be used with "builder": the action does not create a builder then'],
    ['buildkitd-config with builder', { builder: 'mine', 'buildkitd-config': 'buildkitd.toml' }, 'Input "buildkitd-config" cannot be used with "builder": the action does not create a builder then'],
    ['buildkitd-config-inline with builder', { builder: 'mine', 'buildkitd-config-inline': 'debug = true' }, 'Input "buildkitd-config-inline" cannot be used with "builder": the action does not create a builder then'],
    ['buildkitd-config and -inline together', { 'buildkitd-config': 'buildkitd.toml', 'buildkitd-config-inline': 'debug = true' }, 'Input "buildkitd-config-inline" cannot be used together with "buildkitd-config": give one of them'],
    ['buildkitd-config missing', { 'buildkitd-config': 'missing.toml' }, 'Input "buildkitd-config" is "missing.toml": no such file'],
    ['builder name with a space', { builder: 'my builder' }, 'Input "builder" is "my builder": a builder name has letters, digits, "_", "." and "-"'],
    ['builder name starting with "-"', { builder: '-x' }, 'Input "builder" is "-x": a builder name has letters, digits, "_", "." and "-"'],
    ['buildx-version without patch', { 'buildx-version': '0.29' }, 'Input "buildx-version" is "0.29": expected a buildx release such as 0.29.1 or "latest"'],
    ['buildx-version "v" and words', { 'buildx-version': 'v0.x.1' }, 'Input "buildx-version" is "v0.x.1": expected a buildx release such as 0.29.1 or "latest"'],
    ['buildx-version with a leading zero', { 'buildx-version': '0.013.0' }, 'Input "buildx-version" is "0.013.0": expected a buildx release such as 0.29.1 or "latest"'],
    ['context from stdin', { context: '-' }, 'Input "context" is "-": a context from stdin is not supported; give a directory or a Git/HTTP URL'],
    ['secret line counted with blank lines', { secrets: `a=1\n\n=${SECRET}` }, `Input "secrets" has an entry on line 3 ${SECRET_ID}`],
    ['registry as a URL', { registry: 'https://ghcr.io' }, 'Input "registry" is "https://ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000'],
    ['registry with a path', { registry: 'ghcr.io/acme' }, 'Input "registry" is "ghcr.io/acme": expected a registry host such as docker.io, ghcr.io or localhost:5000'],
    ['registry port out of range', { registry: 'localhost:99999' }, 'Input "registry" is "localhost:99999": expected a registry host such as docker.io, ghcr.io or localhost:5000'],
    ['registry starting with "-"', { registry: '-ghcr.io' }, 'Input "registry" is "-ghcr.io": expected a registry host such as docker.io, ghcr.io or localhost:5000'],
    ['qemu-image upper case', { 'qemu-image': 'Tonistiigi/binfmt' }, 'Input "qemu-image" is "Tonistiigi/binfmt", which has an upper-case repository name "Tonistiigi" (repository names are lower case)'],
    ['qemu-image "HOST" is not "host"', { 'qemu-image': 'HOST' }, 'Input "qemu-image" is "HOST", which has an upper-case repository name "HOST" (repository names are lower case)'],
    ['qemu-image with a bad tag', { 'qemu-image': 'tonistiigi/binfmt:qemu v9' }, 'Input "qemu-image" is "tonistiigi/binfmt:qemu v9", which contains whitespace'],
    ['build-arg without a key', { 'build-args': 'A=1\n=2' }, 'Input "build-args" has "=2": expected KEY=VALUE (or KEY to pass it from the environment)'],
    ['build-arg key with a space', { 'build-args': 'MY ARG=1' }, 'Input "build-args" has "MY ARG=1": expected KEY=VALUE (or KEY to pass it from the environment)'],
    ['label without "="', { labels: 'org.opencontainers.image.title' }, 'Input "labels" has "org.opencontainers.image.title": expected KEY=VALUE'],
    ['label without a key', { labels: '=x' }, 'Input "labels" has "=x": expected KEY=VALUE'],
    ['annotation without "="', { annotations: 'index:org.opencontainers.image.title' }, 'Input "annotations" has "index:org.opencontainers.image.title": expected KEY=VALUE'],
    ['secret without an id', { secrets: SECRET }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret with an empty id', { secrets: `a=1\n=${SECRET}` }, `Input "secrets" has an entry on line 2 ${SECRET_ID}`],
    ['secret id with a space', { secrets: `npm token=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['secret id with a slash', { secrets: `a/b=${SECRET}` }, `Input "secrets" has an entry on line 1 ${SECRET_ID}`],
    ['duplicate secret id', { secrets: `token=abc\ntoken=${SECRET}` }, 'Input "secrets" has the id "token" twice'],
    ['cache-ref invalid', { 'cache-ref': 'ghcr.io/acme/app:cache+x' }, `Input "cache-ref" is "ghcr.io/acme/app:cache+x", which has an invalid tag "cache+x" ${TAG_CHARS}`],
    ['cache-ref upper case', { 'cache-ref': 'ghcr.io/ACME/cache' }, 'Input "cache-ref" is "ghcr.io/ACME/cache", which has an upper-case repository name "ACME" (repository names are lower case)'],
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
      qemu: true,
      qemuImage: 'docker.io/tonistiigi/binfmt:latest',
      driver: 'docker-container',
      driverOpts: [],
      buildkitdFlags: '',
      buildkitdConfig: '',
      buildkitdConfigInline: '',
      builder: '',
      buildxVersion: '',
      registry: 'docker.io',
      username: '',
      password: '',
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
    [{ push: 'False', load: 'TRUE', 'no-cache': 'True', pull: 'true', cache: 'FALSE', qemu: 'false', logout: 'False' }, { push: false, load: true, noCache: true, pull: true, cache: false, qemu: false, logout: false }],
    [{ push: ' false ' }, { push: false }],
    [{ 'qemu-image': 'host' }, { qemuImage: 'host' }],
    [{ 'qemu-image': 'ghcr.io/acme/binfmt@' + DIGEST }, { qemuImage: 'ghcr.io/acme/binfmt@' + DIGEST }],
    [{ 'buildx-version': 'v0.29.1' }, { buildxVersion: '0.29.1' }],
    [{ 'buildx-version': 'latest' }, { buildxVersion: 'latest' }],
    [{ 'buildx-version': '0.30.0-rc1' }, { buildxVersion: '0.30.0-rc1' }],
    [{ registry: 'localhost:5000' }, { registry: 'localhost:5000' }],
    [{ registry: '[::1]:5000' }, { registry: '[::1]:5000' }],
    [{ registry: 'ghcr.io', username: 'octocat', password: PASSWORD }, { registry: 'ghcr.io', username: 'octocat', password: PASSWORD }],
    [{ driver: 'docker' }, { driver: 'docker' }],
    [{ builder: 'ci-builder.1' }, { builder: 'ci-builder.1' }],
    [{ 'driver-opts': 'network=host\nimage=moby/buildkit:v0.25.0\n', 'buildkitd-flags': '--debug', 'buildkitd-config': 'buildkitd.toml' }, { driverOpts: ['network=host', 'image=moby/buildkit:v0.25.0'], buildkitdFlags: '--debug', buildkitdConfig: 'buildkitd.toml' }],
    [{ 'buildkitd-config-inline': '[registry."localhost:5000"]\n  http = true\n' }, { buildkitdConfigInline: '[registry."localhost:5000"]\n  http = true' }],
    [{ context: 'app' }, { context: 'app', file: '' }],
    [{ context: 'empty', file: 'docker/Dockerfile.prod' }, { context: 'empty', file: 'docker/Dockerfile.prod' }],
    [{ context: 'https://github.com/acme/app.git#main' }, { context: 'https://github.com/acme/app.git#main' }],
    [{ context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' }, { context: 'git@github.com:acme/app.git', file: 'Dockerfile.remote' }],
    [{ 'build-args': 'VERSION=1.2.3\nHTTP_PROXY\nEMPTY=\nEXPR=a=b' }, { buildArgs: ['VERSION=1.2.3', 'HTTP_PROXY', 'EMPTY=', 'EXPR=a=b'] }],
    [{ labels: 'org.opencontainers.image.title=My App\n\nempty=' }, { labels: ['org.opencontainers.image.title=My App', 'empty='] }],
    [{ annotations: 'index:org.opencontainers.image.description=multi, arch' }, { annotations: ['index:org.opencontainers.image.description=multi, arch'] }],
    [{ secrets: `npm_token=${SECRET}\n\ngithub.token=a=b=c\nEMPTY=` }, { secrets: [{ id: 'npm_token', value: SECRET }, { id: 'github.token', value: 'a=b=c' }, { id: 'EMPTY', value: '' }] }],
    [{ outputs: 'type=local,dest=out\ntype=oci,dest=image.tar', push: 'false' }, { outputs: ['type=local,dest=out', 'type=oci,dest=image.tar'], push: false }],
    [{ 'cache-from': 'type=gha\ntype=registry,ref=ghcr.io/acme/cache', 'cache-to': 'type=gha,mode=max' }, { cacheFrom: ['type=gha', 'type=registry,ref=ghcr.io/acme/cache'], cacheTo: ['type=gha,mode=max'] }],
    [{ target: ' release ', provenance: 'mode=max', sbom: 'true' }, { target: 'release', provenance: 'mode=max', sbom: 'true' }],
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

describe('checkAgainstDocker', () => {
  const loadTwo = configOf({ push: 'false', load: 'true', platforms: 'linux/amd64,linux/arm64' });
  const loadOne = configOf({ push: 'false', load: 'true', platforms: 'linux/arm64' });
  const pushTwo = configOf({ tags: 'ghcr.io/acme/app:1' });
  const withVersion = configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': '0.29.1' });
  const classic = { containerdStore: false, buildxVersion: '0.29.1' };
  const containerd = { containerdStore: true, buildxVersion: '0.29.1' };
  const MISSING_BUILDX = 'Input "buildx-version" is empty and the docker buildx plugin is not installed: install docker-buildx, or set buildx-version to download a release';

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
    [
      'buildx plugin missing',
      pushTwo,
      { containerdStore: true, buildxVersion: undefined },
      MISSING_BUILDX,
    ],
    [
      'buildx plugin missing is checked before load',
      loadTwo,
      { containerdStore: false, buildxVersion: undefined },
      MISSING_BUILDX,
    ],
    ['buildx plugin missing with buildx-version given', withVersion, { containerdStore: false, buildxVersion: undefined }, undefined],
    ['buildx-version latest', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'latest' }), { containerdStore: false, buildxVersion: undefined }, undefined],
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
    ['driver docker, 1 platform, default cache, classic store', configOf({ tags: 'ghcr.io/acme/app:1', driver: 'docker', platforms: 'linux/amd64' }), classic, undefined],
    ['buildx-version 0.13.0 asked', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': 'v0.13.0' }), classic, undefined],
    ['buildx-version 0.12.0 asked', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': '0.12.0' }), classic, 'Input "buildx-version" is "0.12.0": the action needs buildx 0.13.0 or newer'],
    ['buildx-version 0.12.0 asked, none installed', configOf({ tags: 'ghcr.io/acme/app:1', 'buildx-version': '0.12.0' }), { containerdStore: true, buildxVersion: undefined }, 'Input "buildx-version" is "0.12.0": the action needs buildx 0.13.0 or newer'],
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
