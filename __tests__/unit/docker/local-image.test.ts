// The docker driver's image in the daemon gets the tags it now has in the registry and loses the fixed untested
// name: over the Engine API on a socket of this suite's own (a daemon holding names, answering as dockerd does),
// else with the docker CLI, whose argv the fake answers.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';

import { renameLocalImage } from '../../../src/docker/local-image.js';
import { FakeExec } from '../fake-exec.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-image-test-'));
const socket = path.join(dir, 'docker.sock');
const UNTESTED = 'ghcr.io/acme/app:buildx-multiarch-untested';
const ID = 'sha256:6f0b6c4b1a2ee34dd5a3be8c0b9e3c8f7c8e9d0a1b2c3d4e5f60718293a4b5c6';
/** The daemon's image names, each to its image ID. */
const names = new Map<string, string>();

function answer(res: http.ServerResponse, status: number, message?: string): void {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(message === undefined ? '' : JSON.stringify({ message }));
}

let server: http.Server;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://daemon');
    const named = /^\/images\/(.+?)(\/tag)?$/.exec(url.pathname);
    const name = decodeURIComponent(named?.[1] ?? '');
    const id = names.get(name);
    if (!named || !id) return answer(res, 404, `No such image: ${name}`);
    if (req.method === 'POST' && named[2]) {
      names.set(`${url.searchParams.get('repo')}:${url.searchParams.get('tag')}`, id);
      return answer(res, 201);
    }
    if (req.method === 'DELETE' && url.searchParams.get('noprune') === 'true') {
      names.delete(name);
      return answer(res, 200);
    }
    return answer(res, 400, 'unexpected request');
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  names.clear();
  names.set(UNTESTED, ID);
});

describe('renameLocalImage over the Engine API', () => {
  test('the image gets every tag and loses the untested name, and nothing runs', async () => {
    const exec = new FakeExec({});
    await renameLocalImage(exec.exec, socket, UNTESTED, ['ghcr.io/acme/app:1', 'ghcr.io/acme/app:latest']);
    expect(Object.fromEntries(names)).toEqual({ 'ghcr.io/acme/app:1': ID, 'ghcr.io/acme/app:latest': ID });
    expect(exec.argvs).toEqual([]);
  });

  test("an image the daemon does not hold: the daemon's own words, and no name removed", async () => {
    names.clear();
    const error = await renameLocalImage(new FakeExec({}).exec, socket, UNTESTED, ['ghcr.io/acme/app:1']).catch((e: Error) => e);
    expect((error as Error).message).toBe(`naming the built image ghcr.io/acme/app:1 failed: No such image: ${UNTESTED}`);
  });

  test('no tags: nothing asked, the untested name stays', async () => {
    await renameLocalImage(new FakeExec({}).exec, socket, UNTESTED, []);
    expect([...names.keys()]).toEqual([UNTESTED]);
  });
});

test('without a local socket: docker tag for each, then docker image rm of the untested name', async () => {
  const exec = new FakeExec({
    [`docker tag ${UNTESTED} ghcr.io/acme/app:1`]: {},
    [`docker image rm ${UNTESTED}`]: { stdout: `Untagged: ${UNTESTED}\n` },
  });
  await renameLocalImage(exec.exec, undefined, UNTESTED, ['ghcr.io/acme/app:1']);
  expect(exec.argvs).toEqual([`docker tag ${UNTESTED} ghcr.io/acme/app:1`, `docker image rm ${UNTESTED}`]);
});
