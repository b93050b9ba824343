import * as fs from 'node:fs';
import * as path from 'node:path';

import * as core from '@actions/core';

import { type BuilderNode, isLocalNode, nodeFor } from '../config/nodes.js';
import { CommandError } from '../core/errors.js';
import { type Exec, failureReason, runOrThrow } from '../core/exec.js';
import { nativePlatforms, parsePlatform } from '../image/platforms.js';
import { canonicalRegistry, registryOf } from '../image/reference.js';

export const BINFMT_DIR = '/proc/sys/fs/binfmt_misc';

/** Where the kernel takes registrations, and where qemu-user-static leaves its registration lines. */
export interface EmulatorDirs {
  readonly binfmt: string;
  readonly conf: string;
}

const HOST_DIRS: EmulatorDirs = { binfmt: BINFMT_DIR, conf: '/usr/lib/binfmt.d' };

/** One emulator: the name tonistiigi/binfmt installs it by and the binfmt_misc entry it registers. */
export interface Emulator {
  readonly arch: string;
  readonly entry: string;
}

const EMULATORS: Readonly<Record<string, Emulator>> = {
  amd64: { arch: 'amd64', entry: 'qemu-x86_64' },
  arm64: { arch: 'arm64', entry: 'qemu-aarch64' },
  arm: { arch: 'arm', entry: 'qemu-arm' },
  '386': { arch: '386', entry: 'qemu-i386' },
  ppc64le: { arch: 'ppc64le', entry: 'qemu-ppc64le' },
  s390x: { arch: 's390x', entry: 'qemu-s390x' },
  riscv64: { arch: 'riscv64', entry: 'qemu-riscv64' },
  mips64le: { arch: 'mips64le', entry: 'qemu-mips64el' },
  mips64: { arch: 'mips64', entry: 'qemu-mips64' },
  loong64: { arch: 'loong64', entry: 'qemu-loongarch64' },
};

/** What binfmt_misc says of one entry. */
export interface Registration {
  readonly enabled: boolean;
  /** The F flag: the kernel opened the interpreter at registration, so it works inside containers. */
  readonly fixBinary: boolean;
}

export interface QemuPlan {
  readonly native: readonly string[];
  /** Emulators already registered and usable from containers. */
  readonly registered: readonly Emulator[];
  readonly missing: readonly Emulator[];
}

/** Which requested platforms run natively, which emulators are registered and which must be installed. */
export function qemuPlan(
  platforms: readonly string[],
  host: string | undefined,
  registrations: ReadonlyMap<string, Registration>,
): QemuPlan {
  const native = nativePlatforms(host);
  const needed = new Map<string, Emulator>();
  for (const platform of platforms) {
    if (native.includes(platform)) continue;
    const emulator = EMULATORS[parsePlatform(platform).architecture];
    if (emulator) needed.set(emulator.arch, emulator);
  }
  const registered: Emulator[] = [];
  const missing: Emulator[] = [];
  for (const emulator of needed.values()) {
    const registration = registrations.get(emulator.entry);
    (registration?.enabled && registration.fixBinary ? registered : missing).push(emulator);
  }
  return { native: platforms.filter((p) => native.includes(p)), registered, missing };
}

/** Parses a binfmt_misc entry file ("enabled\ninterpreter …\nflags: OCF\n…"). */
export function parseRegistration(text: string): Registration {
  const flags = /^flags:\s*(\S*)/m.exec(text)?.[1] ?? '';
  return { enabled: /^enabled\b/.test(text), fixBinary: flags.includes('F') };
}

/** The qemu entries registered on this host; an unmounted or unreadable binfmt_misc reads as none. */
export function readRegistrations(dir: string = BINFMT_DIR): Map<string, Registration> {
  const registrations = new Map<string, Registration>();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.startsWith('qemu-'));
  } catch {
    return registrations;
  }
  for (const name of names) {
    try {
      registrations.set(name, parseRegistration(fs.readFileSync(path.join(dir, name), 'utf8')));
    } catch {
      // an entry removed while we read the directory is simply not registered
    }
  }
  return registrations;
}

/** Whether the binfmt image comes from a registry the step logs in to: then it is pulled as that user, after the login. */
export function pullsAfterLogin(image: string, logins: readonly { readonly registry: string }[]): boolean {
  if (image === 'host') return false;
  const registry = registryOf(image);
  return logins.some((login) => canonicalRegistry(login.registry) === registry);
}

export function binfmtImageArgs(image: string, missing: readonly Emulator[]): string[] {
  return ['run', '--rm', '--privileged', image, '--install', missing.map((e) => e.arch).join(',')];
}

/** Registers the missing emulators, with the binfmt image or, for "host" or when the image cannot be pulled, the host's qemu-user-static. */
export async function installEmulators(
  exec: Exec,
  image: string,
  missing: readonly Emulator[],
  dirs: EmulatorDirs = HOST_DIRS,
): Promise<'image' | 'host'> {
  if (image !== 'host') {
    const result = await exec('docker', binfmtImageArgs(image, missing));
    if (result.exitCode === 0) return 'image';
    // 125 is docker run's own failure (image not pulled, daemon refused); anything else came from the binfmt tool
    if (result.exitCode !== 125) {
      throw new CommandError(
        `installing QEMU emulators ${missing.map((e) => e.arch).join(',')} with ${image}`,
        result.exitCode,
        failureReason(result),
      );
    }
    core.warning(`Could not run ${image} (${failureReason(result)}); registering the host's qemu-user-static emulators instead`);
  }
  await registerHostEmulators(exec, missing, dirs);
  return 'host';
}

/**
 * Registers Debian/Ubuntu's qemu-user-static interpreters from the systemd binfmt.d lines the package ships
 * (they carry the F flag, so the emulators work inside BuildKit's containers). Written straight to binfmt_misc:
 * binfmt-support's `update-binfmts --enable` refuses formats it has not imported, and its package scripts skip
 * the import inside containers.
 */
async function registerHostEmulators(exec: Exec, missing: readonly Emulator[], dirs: EmulatorDirs): Promise<void> {
  const lines = new Map<Emulator, string>();
  const absent: string[] = [];
  for (const emulator of missing) {
    const line = hostRegistrationLine(emulator, dirs.conf);
    if (line) lines.set(emulator, line);
    else absent.push(emulator.arch);
  }
  if (absent.length > 0) {
    throw new Error(
      `no host emulator for ${absent.join(', ')}: install qemu-user-static (apt-get install qemu-user-static), or use a qemu-image that can be pulled`,
    );
  }
  const asRoot = typeof process.getuid !== 'function' || process.getuid() === 0;
  if (!fs.existsSync(path.join(dirs.binfmt, 'register'))) {
    const mount = ['mount', '-t', 'binfmt_misc', 'binfmt_misc', dirs.binfmt];
    await runOrThrow(exec, 'mounting binfmt_misc', asRoot ? mount[0] : 'sudo', asRoot ? mount.slice(1) : ['-n', ...mount]);
  }
  for (const [emulator, line] of lines) {
    // an entry that is disabled or lacks the F flag must go before the kernel takes a new one under its name
    if (fs.existsSync(path.join(dirs.binfmt, emulator.entry)))
      await writeBinfmt(exec, asRoot, path.join(dirs.binfmt, emulator.entry), '-1');
    await writeBinfmt(exec, asRoot, path.join(dirs.binfmt, 'register'), line);
  }
}

/** The binfmt_misc registration line qemu-user-static ships for an emulator, if installed. */
export function hostRegistrationLine(emulator: Emulator, dir = '/usr/lib/binfmt.d'): string | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, `${emulator.entry}.conf`), 'utf8');
  } catch {
    return undefined;
  }
  return text.split(/\r?\n/).find((line) => line.startsWith(`:${emulator.entry}:`));
}

async function writeBinfmt(exec: Exec, asRoot: boolean, target: string, content: string): Promise<void> {
  if (asRoot) {
    try {
      fs.writeFileSync(target, content);
    } catch (error) {
      throw new Error(`writing ${target} failed: ${(error as Error).message}`);
    }
    return;
  }
  await runOrThrow(exec, `writing ${target} with sudo`, 'sudo', ['-n', 'tee', target], { input: content, silent: true });
}

/**
 * The platforms that run on this machine's kernel, which need its emulators: those its builder nodes build (a
 * remote node emulates, or not, on its own), and every platform when test-command runs the images here.
 */
export function platformsRunHere(platforms: readonly string[], nodes: readonly BuilderNode[], driver: string, testHere: boolean): string[] {
  if (testHere) return [...platforms];
  if (driver === 'remote' || driver === 'kubernetes') return [];
  return platforms.filter((platform) => isLocalNode(nodes[nodeFor(platform, nodes) ?? 0]));
}
