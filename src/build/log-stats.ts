/** Steps, cache hits and build time per platform, read from buildx's plain progress output. */
export interface BuildStats {
  readonly steps: Readonly<Record<string, number>>;
  readonly cached: Readonly<Record<string, number>>;
  /**
   * The sum of the times BuildKit reports for the platform's Dockerfile steps ("#12 DONE 54.0s"): its build time,
   * where its stages run one after another (stages that run at once each count).
   */
  readonly seconds: Readonly<Record<string, number>>;
}

// "#7 [linux/arm64 2/3] RUN …", "#7 [linux/amd64->arm64 build 2/3] …", "#7 [stage-1  1/12] …"
const STEP = /^#(\d+) \[\s*(?:([a-z0-9]+\/[a-z0-9]+(?:\/v[0-9]+)?)(?:->[a-z0-9/]+)?\s+)?(?:[\w.-]+\s+)?\d+\/\d+\] /;
const CACHED = /^#(\d+) CACHED$/;
// a FROM is never "CACHED": BuildKit resolves the base image and, when later steps come from a cache, never pulls
// its layers; only a FROM that extracts layers did work a cache could have saved
const FROM = /^#(\d+) \[[^\]]*\] FROM /;
const EXTRACTING = /^#(\d+) extracting /;
const DONE = /^#(\d+) DONE (\d+(?:\.\d+)?)s$/;

/**
 * Counts, per platform, the Dockerfile steps and those served from a cache ("#7 CACHED"), one line at a time: a
 * build log can be gigabytes and is never held whole. Steps without a platform (single-platform builds) count
 * under "".
 */
export class BuildLogStats {
  private readonly vertex = new Map<string, string>();
  private readonly cachedVertices = new Set<string>();
  private readonly pulled = new Set<string>();
  private readonly durations = new Map<string, number>();

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
    const done = DONE.exec(line);
    if (done) this.durations.set(done[1], Number(done[2]));
  }

  stats(): BuildStats {
    const steps: Record<string, number> = {};
    const cached: Record<string, number> = {};
    const seconds: Record<string, number> = {};
    for (const [id, platform] of this.vertex) {
      steps[platform] = (steps[platform] ?? 0) + 1;
      cached[platform] = (cached[platform] ?? 0) + (this.cachedVertices.has(id) && !this.pulled.has(id) ? 1 : 0);
      // tenths, as BuildKit prints them: a sum of floats would carry 0.30000000000000004 into the summary
      seconds[platform] = Math.round(((seconds[platform] ?? 0) + (this.durations.get(id) ?? 0)) * 10) / 10;
    }
    return { steps, cached, seconds };
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
  const seconds: Record<string, number> = {};
  const sum = (values: Readonly<Record<string, number>>): number => Object.values(values).reduce((a, b) => a + b, 0);
  for (const [platform, stats] of perPlatform) {
    steps[platform] = sum(stats.steps);
    cached[platform] = sum(stats.cached);
    seconds[platform] = Math.round(sum(stats.seconds) * 10) / 10;
  }
  return { steps, cached, seconds };
}
