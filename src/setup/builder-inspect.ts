// What `docker buildx inspect` and `buildkitd --version` say of a builder's nodes.

/** What `docker buildx inspect` says of one node. */
export interface NodeStatus {
  readonly name: string;
  readonly endpoint: string;
  readonly status: string;
  readonly buildkit: string;
  readonly platforms: readonly string[];
}

/** The nodes section of `docker buildx inspect` (which `inspect --bootstrap` prints once the builder is up). */
export function parseBuilderInspect(text: string): NodeStatus[] {
  const nodesAt = text.indexOf('\nNodes:');
  if (nodesAt < 0) return [];
  const nodes: NodeStatus[] = [];
  let current: { name: string; endpoint: string; status: string; buildkit: string; platforms: string[] } | undefined;
  for (const line of text.slice(nodesAt).split(/\r?\n/)) {
    const field = /^([A-Za-z][A-Za-z ]*?):\s*(.*)$/.exec(line);
    if (!field) continue;
    const [, key, value] = field;
    if (key === 'Name') {
      current = { name: value.trim(), endpoint: '', status: '', buildkit: '', platforms: [] };
      nodes.push(current);
    } else if (current && key === 'Endpoint') current.endpoint = value.trim();
    else if (current && key === 'Status') current.status = value.trim();
    else if (current && key === 'BuildKit version') current.buildkit = value.trim();
    else if (current && key === 'Platforms')
      current.platforms = value
        .split(',')
        .map((p) => p.replace('*', '').trim())
        .filter(Boolean);
  }
  return nodes;
}

/** The version in `buildkitd --version` output ("buildkitd github.com/moby/buildkit v0.25.2 <revision>"). */
export function parseBuildkitdVersion(output: string): string | undefined {
  return /^buildkitd \S+ (v?\d\S*)/m.exec(output)?.[1];
}
