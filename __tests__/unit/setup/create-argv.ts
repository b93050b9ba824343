// The argv a row of the builder suites expects, spelled from the parts every `buildx create` of the builder bx1
// (or of a builder a row names) shares, so that a row shows only the flags it is about.

/** `buildx create` of the builder `name` (bx1 unless a row names its own) with `driver`, then `flags`. */
export function createArgv(driver: string, flags: string[] = [], name = 'bx1'): string[] {
  return ['buildx', 'create', '--name', name, '--driver', driver, ...flags];
}

/** `buildx create --append` of a node to bx1: `flags`, then the node's endpoint. */
export function appendArgv(flags: string[], endpoint: string): string[] {
  return ['buildx', 'create', '--append', '--name', 'bx1', ...flags, endpoint];
}

/** One `--driver-opt` flag before each option, in their order. */
export function driverOptFlags(...opts: string[]): string[] {
  return opts.flatMap((opt) => ['--driver-opt', opt]);
}
