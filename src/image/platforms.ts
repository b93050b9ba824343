/** A platform in its normalized form: what buildx, the registry index and `docker run --platform` agree on. */
export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

interface KnownPlatform {
  readonly canonical: string;
  readonly aliases: readonly string[];
}

// The names people type (uname -m, Debian arch names, Docker Hub's "arm64v8" prefixes) next to the canonical
// OCI platform. containerd normalizes linux/arm to v7 and linux/arm64/v8 to linux/arm64, and so do we.
const KNOWN: readonly KnownPlatform[] = [
  { canonical: 'linux/amd64', aliases: ['amd64', 'x86_64', 'x86-64', 'x64', 'linux/x86_64'] },
  { canonical: 'linux/amd64/v2', aliases: ['amd64/v2'] },
  { canonical: 'linux/amd64/v3', aliases: ['amd64/v3'] },
  { canonical: 'linux/amd64/v4', aliases: ['amd64/v4'] },
  { canonical: 'linux/arm64', aliases: ['arm64', 'aarch64', 'arm64/v8', 'arm64v8', 'linux/arm64/v8', 'linux/aarch64'] },
  { canonical: 'linux/arm/v7', aliases: ['arm/v7', 'armv7', 'armv7l', 'armhf', 'arm32v7', 'linux/arm', 'linux/armv7', 'arm'] },
  { canonical: 'linux/arm/v6', aliases: ['arm/v6', 'armv6', 'armv6l', 'armel', 'arm32v6', 'linux/armv6'] },
  { canonical: 'linux/arm/v5', aliases: ['arm/v5', 'armv5', 'armv5l', 'arm32v5'] },
  { canonical: 'linux/386', aliases: ['386', 'i386', 'i686', 'x86', 'linux/i386'] },
  { canonical: 'linux/ppc64le', aliases: ['ppc64le', 'ppc64el'] },
  { canonical: 'linux/s390x', aliases: ['s390x'] },
  { canonical: 'linux/riscv64', aliases: ['riscv64'] },
  { canonical: 'linux/mips64le', aliases: ['mips64le', 'mips64el'] },
  { canonical: 'linux/mips64', aliases: ['mips64'] },
  { canonical: 'linux/loong64', aliases: ['loong64', 'loongarch64'] },
];

const BY_NAME = new Map<string, string>(
  KNOWN.flatMap((known) => [[known.canonical, known.canonical] as const, ...known.aliases.map((a) => [a, known.canonical] as const)]),
);

/** A platform as it goes into a tag ("linux/arm/v7" -> "linux-arm-v7"): the per-platform cache refs' suffix. */
export function platformTagText(platform: string): string {
  return platform.replace(/\//g, '-');
}

/** Every platform the action accepts, canonical: a merge looks for legs of each when not told which. */
export const KNOWN_PLATFORMS: readonly string[] = KNOWN.map((k) => k.canonical);

/** Every canonical platform and every alias, for error messages that say what is accepted. */
export const ACCEPTED_PLATFORMS = KNOWN.map((k) => k.canonical).join(', ');
export const ACCEPTED_ALIASES = KNOWN.flatMap((k) => k.aliases.filter((a) => !a.startsWith('linux/'))).join(', ');

/** The canonical name of a platform or alias ("aarch64" -> "linux/arm64"), or undefined when unknown. */
export function canonicalPlatform(name: string): string | undefined {
  return BY_NAME.get(name.trim().toLowerCase());
}

export function parsePlatform(canonical: string): Platform {
  const [os, architecture, variant] = canonical.split('/');
  return variant ? { os, architecture, variant } : { os, architecture };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/**
 * The canonical name of a platform as a registry index or image config describes it. Registries carry
 * "arm64" with variant "v8" or none, and "arm" with or without "v7": both spell one platform.
 */
export function platformOfDescriptor(platform: { os?: string; architecture?: string; variant?: string }): string {
  const raw = formatPlatform({ os: platform.os ?? 'unknown', architecture: platform.architecture ?? 'unknown', variant: platform.variant });
  return canonicalPlatform(raw) ?? raw;
}

/** Platforms an x86-64 or arm64 host runs without an emulator. */
export function nativePlatforms(host: string | undefined): readonly string[] {
  switch (host) {
    case 'linux/amd64':
      return ['linux/amd64', 'linux/amd64/v2', 'linux/amd64/v3', 'linux/amd64/v4', 'linux/386'];
    case undefined:
      return [];
    default:
      return [host];
  }
}
