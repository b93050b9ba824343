import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, describe, expect, test } from '@jest/globals';

import type { BuilderNode } from '../../../src/config/nodes.js';
import {
  binfmtImageArgs,
  installEmulators,
  parseRegistration,
  platformsRunHere,
  type QemuPlan,
  qemuPlan,
  readRegistrations,
  type Registration,
} from '../../../src/setup/qemu.js';
import { FakeExec } from '../fake-exec.js';
import { builderNode, captured, failure, fixture } from '../support.js';

const X86_64 = { arch: 'amd64', entry: 'qemu-x86_64' };
const AARCH64 = { arch: 'arm64', entry: 'qemu-aarch64' };
const ARM = { arch: 'arm', entry: 'qemu-arm' };
const I386 = { arch: '386', entry: 'qemu-i386' };
const P3 = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
const USABLE: Registration = { enabled: true, fixBinary: true };
const NO_F: Registration = { enabled: true, fixBinary: false };
const DISABLED: Registration = { enabled: false, fixBinary: true };

describe('qemuPlan', () => {
  test.each<[string, string[], string | undefined, Record<string, Registration>, QemuPlan]>([
    ['amd64 host, nothing registered', P3, 'linux/amd64', {}, { native: ['linux/amd64'], registered: [], missing: [AARCH64, ARM] }],
    [
      'amd64 host, both registered with F',
      P3,
      'linux/amd64',
      { 'qemu-aarch64': USABLE, 'qemu-arm': USABLE },
      { native: ['linux/amd64'], registered: [AARCH64, ARM], missing: [] },
    ],
    [
      'amd64 host, aarch64 without the F flag',
      P3,
      'linux/amd64',
      { 'qemu-aarch64': NO_F, 'qemu-arm': USABLE },
      { native: ['linux/amd64'], registered: [ARM], missing: [AARCH64] },
    ],
    [
      'amd64 host, aarch64 disabled',
      P3,
      'linux/amd64',
      { 'qemu-aarch64': DISABLED, 'qemu-arm': USABLE },
      { native: ['linux/amd64'], registered: [ARM], missing: [AARCH64] },
    ],
    [
      'amd64 host, unrelated entries',
      ['linux/amd64', 'linux/arm64'],
      'linux/amd64',
      { 'qemu-arm': USABLE, 'qemu-x86_64': USABLE },
      { native: ['linux/amd64'], registered: [], missing: [AARCH64] },
    ],
    ['arm64 host', P3, 'linux/arm64', { 'qemu-aarch64': USABLE }, { native: ['linux/arm64'], registered: [], missing: [X86_64, ARM] }],
    [
      'arm64 host, x86_64 registered',
      ['linux/arm64', 'linux/amd64'],
      'linux/arm64',
      { 'qemu-x86_64': USABLE },
      { native: ['linux/arm64'], registered: [X86_64], missing: [] },
    ],
    ['arm64 host, 386', ['linux/386'], 'linux/arm64', {}, { native: [], registered: [], missing: [I386] }],
    [
      'amd64 host runs 386 and amd64 levels natively',
      ['linux/386', 'linux/amd64/v3', 'linux/amd64'],
      'linux/amd64',
      {},
      { native: ['linux/386', 'linux/amd64/v3', 'linux/amd64'], registered: [], missing: [] },
    ],
    [
      'arm/v7 and arm/v6 share one emulator',
      ['linux/arm/v7', 'linux/arm/v6'],
      'linux/amd64',
      {},
      { native: [], registered: [], missing: [ARM] },
    ],
    ['unknown host: everything emulated', ['linux/amd64'], undefined, {}, { native: [], registered: [], missing: [X86_64] }],
    [
      'the other architectures, in the order asked',
      ['linux/s390x', 'linux/ppc64le', 'linux/riscv64', 'linux/mips64le', 'linux/mips64', 'linux/loong64'],
      'linux/amd64',
      {},
      {
        native: [],
        registered: [],
        missing: [
          { arch: 's390x', entry: 'qemu-s390x' },
          { arch: 'ppc64le', entry: 'qemu-ppc64le' },
          { arch: 'riscv64', entry: 'qemu-riscv64' },
          { arch: 'mips64le', entry: 'qemu-mips64el' },
          { arch: 'mips64', entry: 'qemu-mips64' },
          { arch: 'loong64', entry: 'qemu-loongarch64' },
        ],
      },
    ],
  ])('%s', (_, platforms, host, registrations, plan) => {
    expect(qemuPlan(platforms, host, new Map(Object.entries(registrations)))).toEqual(plan);
  });
});

describe('parseRegistration', () => {
  test.each<[string, string, Registration]>([
    ['captured qemu-aarch64', fixture('binfmt_misc-qemu-aarch64.txt'), USABLE],
    ['captured qemu-arm', fixture('binfmt_misc-qemu-arm.txt'), USABLE],
    [
      'enabled, POCF',
      'enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\nflags: POCF\noffset 0\nmagic 7f454c460201010000000000000000000200b700\nmask ffffffffffffff00fffffffffffffffffeffffff\n',
      USABLE,
    ],
    [
      'enabled, no F (binfmt-support without --fix-binary)',
      'enabled\ninterpreter /usr/bin/qemu-aarch64-static\nflags: OC\noffset 0\n',
      NO_F,
    ],
    ['disabled', 'disabled\ninterpreter /usr/bin/qemu-arm-static\nflags: OCF\noffset 0\n', DISABLED],
    ['empty flags', 'enabled\ninterpreter /usr/bin/qemu-s390x\nflags: \noffset 0\n', NO_F],
    ['empty file', '', { enabled: false, fixBinary: false }],
  ])('%s', (_, text, registration) => {
    expect(parseRegistration(text)).toEqual(registration);
  });
});

describe('readRegistrations', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'binfmt-unit-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  fs.writeFileSync(path.join(dir, 'qemu-aarch64'), fixture('binfmt_misc-qemu-aarch64.txt'));
  fs.writeFileSync(path.join(dir, 'qemu-arm'), 'enabled\ninterpreter /usr/bin/qemu-arm-static\nflags: OC\noffset 0\n');
  fs.writeFileSync(path.join(dir, 'qemu-s390x'), 'disabled\ninterpreter /usr/bin/qemu-s390x-static\nflags: F\noffset 0\n');
  fs.writeFileSync(path.join(dir, 'python3.11'), 'enabled\ninterpreter /usr/bin/python3.11\nflags: \n');
  fs.writeFileSync(path.join(dir, 'register'), '');
  fs.writeFileSync(path.join(dir, 'status'), 'enabled\n');

  test('reads the qemu entries only', () => {
    expect(Object.fromEntries(readRegistrations(dir))).toEqual({ 'qemu-aarch64': USABLE, 'qemu-arm': NO_F, 'qemu-s390x': DISABLED });
  });

  test('a missing binfmt_misc reads as none registered', () => {
    expect(readRegistrations(path.join(dir, 'not-mounted')).size).toBe(0);
  });
});

describe('binfmtImageArgs', () => {
  test.each<[string, { arch: string; entry: string }[], string[]]>([
    [
      'docker.io/tonistiigi/binfmt:latest',
      [AARCH64, ARM],
      ['run', '--rm', '--privileged', 'docker.io/tonistiigi/binfmt:latest', '--install', 'arm64,arm'],
    ],
    [
      '127.0.0.1:5000/tonistiigi/binfmt:qemu-v9',
      [X86_64],
      ['run', '--rm', '--privileged', '127.0.0.1:5000/tonistiigi/binfmt:qemu-v9', '--install', 'amd64'],
    ],
  ])('%s %j', (image, missing, args) => {
    expect(binfmtImageArgs(image, missing)).toEqual(args);
  });
});

describe("platformsRunHere: the platforms that need this machine's emulators", () => {
  const ALL = ['linux/amd64', 'linux/arm64', 'linux/arm/v7'];
  test.each<[string, BuilderNode[], string, boolean, string[]]>([
    ['docker-container, one local node: all', [builderNode('')], 'docker-container', false, ALL],
    ['remote nodes emulate on their own', [builderNode('tcp://bk:1234')], 'remote', false, []],
    ['kubernetes pods emulate on their own', [builderNode('')], 'kubernetes', false, []],
    ['remote, but test-command runs every image here', [builderNode('tcp://bk:1234')], 'remote', true, ALL],
    ['kubernetes, but test-command runs every image here', [builderNode('')], 'kubernetes', true, ALL],
    [
      'a local amd64 node and an ssh arm node: only amd64 here',
      [builderNode('', ['linux/amd64']), builderNode('ssh://arm-box', ['linux/arm64', 'linux/arm/v7'])],
      'docker-container',
      false,
      ['linux/amd64'],
    ],
  ])('%s', (_, nodes, driver, testHere, expected) => {
    expect(platformsRunHere(ALL, nodes, driver, testHere)).toEqual(expected);
  });
});

// driven through the exec seam by the argv-keyed fake, with the answers captured from the stack (fixtures/cmd-*)
describe('installEmulators', () => {
  const arm64 = [AARCH64];
  const binfmtRun = 'docker run --rm --privileged docker.io/tonistiigi/binfmt:latest --install arm64';
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
  });

  /** A binfmt_misc stand-in (its register file) and a binfmt.d with qemu-user-static's real line. */
  function dirs(): { binfmt: string; conf: string } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qemu-'));
    roots.push(root);
    fs.mkdirSync(path.join(root, 'binfmt'));
    fs.writeFileSync(path.join(root, 'binfmt', 'register'), '');
    fs.mkdirSync(path.join(root, 'conf'));
    fs.writeFileSync(path.join(root, 'conf', 'qemu-aarch64.conf'), fixture('binfmt.d-qemu-aarch64.conf'));
    return { binfmt: path.join(root, 'binfmt'), conf: path.join(root, 'conf') };
  }

  test("the binfmt image cannot be pulled: the host's qemu-user-static line is registered instead", async () => {
    const fake = new FakeExec({ [binfmtRun]: captured('binfmt-unpullable') });
    const where = dirs();
    await expect(installEmulators(fake.exec, 'docker.io/tonistiigi/binfmt:latest', arm64, where)).resolves.toBe('host');
    expect(fs.readFileSync(path.join(where.binfmt, 'register'), 'utf8')).toBe(fixture('binfmt.d-qemu-aarch64.conf').trim());
  });

  test('the binfmt image ran and failed: no fallback, the tool is named', async () => {
    const fake = new FakeExec({
      [binfmtRun]: {
        exitCode: 1,
        stdout: '',
        stderr:
          'installing: arm64 cannot register "/usr/bin/qemu-aarch64" to /proc/sys/fs/binfmt_misc/register: write /proc/sys/fs/binfmt_misc/register: permission denied\n',
      },
    });
    const where = dirs();
    const error = await failure(installEmulators(fake.exec, 'docker.io/tonistiigi/binfmt:latest', arm64, where));
    expect(error.message).toMatch(
      /^installing QEMU emulators arm64 with docker\.io\/tonistiigi\/binfmt:latest failed: installing: arm64 cannot register/,
    );
    expect(fs.readFileSync(path.join(where.binfmt, 'register'), 'utf8')).toBe('');
  });

  test('qemu-image "host" runs no container', async () => {
    const fake = new FakeExec({});
    await expect(installEmulators(fake.exec, 'host', arm64, dirs())).resolves.toBe('host');
    expect(fake.argvs).toEqual([]);
  });
});
