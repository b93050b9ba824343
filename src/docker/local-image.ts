// An image's names in the Docker daemon. The docker driver stores every image it builds there, under the tag it
// pushed (build/command.ts's fixed untested tag); once the registry's tags hold the image, the daemon's copy gets
// those tags instead, as a build pushed under them would have left it.
import { type Exec, runOrThrow } from '../core/exec.js';
import { parseReference, repositoryOf } from '../image/reference.js';
import { engineRequest } from './engine-api.js';

/** Gives the daemon's image `from` the names `to`, then drops `from`: over the Engine API where its socket is known. */
export async function renameLocalImage(exec: Exec, socket: string | undefined, from: string, to: readonly string[]): Promise<void> {
  if (to.length === 0) return;
  if (!socket) {
    for (const name of to) await runOrThrow(exec, `naming the built image ${name}`, 'docker', ['tag', from, name]);
    await runOrThrow(exec, `removing the name ${from}`, 'docker', ['image', 'rm', from]);
    return;
  }
  for (const name of to) {
    const query = new URLSearchParams({ repo: repositoryOf(name), tag: parseReference(name).tag ?? 'latest' });
    const tagged = await engineRequest(socket, 'POST', `/images/${encodeURIComponent(from)}/tag?${query.toString()}`);
    if (tagged.status !== 201) throw new Error(`naming the built image ${name} failed: ${engineReason(tagged.body, tagged.status)}`);
  }
  // untagging only: the image keeps its other names, and nothing is pruned
  const removed = await engineRequest(socket, 'DELETE', `/images/${encodeURIComponent(from)}?noprune=true`);
  if (removed.status !== 200) throw new Error(`removing the name ${from} failed: ${engineReason(removed.body, removed.status)}`);
}

/** The daemon's own words from an error answer (`{"message": …}`), else its status. */
function engineReason(body: Buffer, status: number): string {
  try {
    return (JSON.parse(body.toString('utf8')) as { message?: string }).message ?? `status ${status}`;
  } catch {
    return `status ${status}`;
  }
}
