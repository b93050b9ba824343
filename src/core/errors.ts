/** Bad input, refused before the action touches anything. The message is one line and never holds a secret. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    detail: string,
  ) {
    super(`Input "${input}" ${detail}`);
    this.name = 'InputError';
  }
}

/** A command that exited non-zero: what the action was doing, then the tool's own last words. */
export class CommandError extends Error {
  constructor(
    readonly doing: string,
    readonly exitCode: number,
    readonly reason: string,
  ) {
    super(`${doing} failed: ${reason}`);
    this.name = 'CommandError';
  }
}

/** A request the registry's API refused: what the action was doing, the HTTP status, the registry's own words. */
export class RegistryError extends Error {
  constructor(
    readonly doing: string,
    readonly status: number,
    readonly reason: string,
  ) {
    super(`${doing} failed: ${reason}`);
    this.name = 'RegistryError';
  }
}

/**
 * A request that got no answer from the registry: the socket's own reason (ECONNRESET, a timeout), not fetch's
 * bare "fetch failed". A write that ends this way may still land: its outcome is unknown, not failed.
 */
export class NetworkError extends Error {
  constructor(
    readonly doing: string,
    readonly code: string,
    readonly reason: string,
  ) {
    super(`${doing} failed: ${reason}`);
    this.name = 'NetworkError';
  }
}

/** Shows a value in an error without letting a long or multi-line value break the one-line rule. */
export function quote(value: string): string {
  const oneLine = value.replace(/\r?\n/g, '\\n');
  return JSON.stringify(oneLine.length > 120 ? `${oneLine.slice(0, 117)}...` : oneLine);
}
