/** Steps and cache hits per platform, read from buildx's plain progress output. */
export interface BuildStats {
  readonly steps: Readonly<Record<string, number>>;
  readonly cached: Readonly<Record<string, number>>;
}

// "#7 [linux/arm64 2/3] RUN …", "#7 [linux/amd64->arm64 build 2/3] …", "#7 [stage-1  1/12] …"
const STEP = /^#(\d+) \[\s*(?:([a-z0-9]+\/[a-z0-9]+(?:\/v[0-9]+)?)(?:->[a-z0-9/]+)?\s+)?(?:[\w.-]+\s+)?\d+\/\d+\] /;
const CACHED = /^#(\d+) CACHED$/;
// a FROM is never "CACHED": BuildKit resolves the base image and, when later steps come from a cache, never pulls
// its layers; only a FROM that extracts layers did work a cache could have saved
const FROM = /^#(\d+) \[[^\]]*\] FROM /;
const EXTRACTING = /^#(\d+) extracting /;

/**
 * Counts, per platform, the Dockerfile steps and those served from a cache ("#7 CACHED"), one line at a time: a
 * build log can be gigabytes and is never held whole. Steps without a platform (single-platform builds) count
 * under "".
 */
export class BuildLogStats {
  private readonly vertex = new Map<string, string>();
  private readonly cachedVertices = new Set<string>();
  private readonly pulled = new Set<string>();

  addLine(line: string): void {
    const step = STEP.exec(line);
    if (step && !this.vertex.has(step[1])) {
      this.vertex.set(step[1], step[2] ?? '');
      if (FROM.test(line)) this.cachedVertices.add(step[1]);
    }
    const hit = CACHED.exec(line);
    if (hit) this.cachedVertices.add(hit[1]);
    const extracting = EXTRACTING.exec(line);
    if (extracting) this.pulled.add(extracting[1]);
  }

  stats(): BuildStats {
    const steps: Record<string, number> = {};
    const cached: Record<string, number> = {};
    for (const [id, platform] of this.vertex) {
      steps[platform] = (steps[platform] ?? 0) + 1;
      cached[platform] = (cached[platform] ?? 0) + (this.cachedVertices.has(id) && !this.pulled.has(id) ? 1 : 0);
    }
    return { steps, cached };
  }
}

/** The stats of a whole log at once (captured fixtures, the benchmark's raw runs). */
export function buildStats(log: string): BuildStats {
  const parser = new BuildLogStats();
  for (const line of log.split(/\r?\n/)) parser.addLine(line);
  return parser.stats();
}

/** The stats of one-platform builds, each filed under its platform. */
export function mergeStats(perPlatform: readonly [string, BuildStats][]): BuildStats {
  const steps: Record<string, number> = {};
  const cached: Record<string, number> = {};
  for (const [platform, stats] of perPlatform) {
    steps[platform] = Object.values(stats.steps).reduce((a, b) => a + b, 0);
    cached[platform] = Object.values(stats.cached).reduce((a, b) => a + b, 0);
  }
  return { steps, cached };
}
