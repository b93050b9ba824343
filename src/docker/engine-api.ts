// The Docker Engine API on the local daemon's socket. Asked only where the docker CLI would talk to that same socket
// (see localSocket in facts.ts), for facts that would otherwise cost a CLI process: a Go binary's start-up is some
// 100 ms of CPU, which a small runner takes from the build running beside it.
import * as http from 'node:http';

const TIMEOUT_MS = 5000;

export interface EngineResponse {
  readonly status: number;
  readonly body: Buffer;
}

/** One request to the Engine API; a body is sent as JSON. */
export function engineRequest(socket: string, method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<EngineResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers = payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) };
  return new Promise((resolve, reject) => {
    const request = http.request({ socketPath: socket, method, path, headers, timeout: TIMEOUT_MS }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    });
    request.on('timeout', () =>
      request.destroy(new Error(`the Docker daemon did not answer ${method} ${path} within ${TIMEOUT_MS / 1000} s`)),
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/**
 * stdout and stderr of an exec without a TTY, which the daemon sends as frames: one byte for the stream (1 stdout,
 * 2 stderr), three zero bytes, the payload's size (4 bytes, big-endian), the payload.
 */
export function demultiplex(raw: Buffer): { stdout: string; stderr: string } {
  const streams: Record<number, Buffer[]> = { 1: [], 2: [] };
  let at = 0;
  while (at + 8 <= raw.length) {
    const size = raw.readUInt32BE(at + 4);
    streams[raw[at]]?.push(raw.subarray(at + 8, at + 8 + size));
    at += 8 + size;
  }
  return { stdout: Buffer.concat(streams[1]).toString('utf8'), stderr: Buffer.concat(streams[2]).toString('utf8') };
}

/** What a command printed in a running container: `docker exec` without the CLI. */
export async function execInContainer(
  socket: string,
  container: string,
  cmd: readonly string[],
): Promise<{ stdout: string; stderr: string }> {
  const created = await engineRequest(socket, 'POST', `/containers/${encodeURIComponent(container)}/exec`, {
    AttachStdout: true,
    AttachStderr: true,
    Cmd: cmd,
  });
  if (created.status !== 201)
    throw new Error(`exec in container ${container}: the daemon answered ${created.status} ${daemonMessage(created.body)}`);
  const { Id } = JSON.parse(created.body.toString('utf8')) as { Id: string };
  const started = await engineRequest(socket, 'POST', `/exec/${encodeURIComponent(Id)}/start`, { Detach: false, Tty: false });
  if (started.status !== 200)
    throw new Error(`exec in container ${container}: the daemon answered ${started.status} ${daemonMessage(started.body)}`);
  return demultiplex(started.body);
}

/** The daemon's own words for a refused request (`{"message": …}`), else its body. */
function daemonMessage(body: Buffer): string {
  const text = body.toString('utf8').trim();
  try {
    return (JSON.parse(text) as { message?: string }).message ?? text;
  } catch {
    return text;
  }
}
