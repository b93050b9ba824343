// The builder's nodes as the outputs and the summary report them.
import { type BuilderNode, nodeFor } from '../config/nodes.js';
import type { NodeStatus } from '../setup/builder-inspect.js';

/** Where each platform ran: the node that built it, and native, QEMU or remote. */
export function executionOf(
  platforms: readonly string[],
  nodes: readonly BuilderNode[],
  driver: string,
  native: readonly string[],
  statuses: readonly NodeStatus[],
): Record<string, string> {
  return Object.fromEntries(
    platforms.map((platform) => {
      const index = nodeFor(platform, nodes) ?? 0;
      const ran = nodes[index]?.endpoint && driver === 'remote' ? 'remote' : native.includes(platform) ? 'native' : 'QEMU';
      return [platform, statuses.length > 1 ? `${ran} on ${statuses[index]?.name ?? `node ${index + 1}`}` : ran];
    }),
  );
}

/** One node as the `nodes` output lists it. */
export interface NodeReport extends NodeStatus {
  /** The platforms the node is pinned to, or, unpinned, those it built in this step (not all it could emulate). */
  readonly platforms: readonly string[];
}

/** The `nodes` output: each node buildx reported, with the platforms it stands for in this step. */
export function nodeReports(statuses: readonly NodeStatus[], nodes: readonly BuilderNode[], platforms: readonly string[]): NodeReport[] {
  return statuses.map((status, index) => ({
    ...status,
    platforms: nodes[index]?.platforms.length
      ? nodes[index].platforms
      : platforms.filter((platform) => (nodeFor(platform, nodes) ?? 0) === index),
  }));
}
