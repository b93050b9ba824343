// github-token on the real stack: the build's context and a named context are private Git repositories on a local
// "GitHub server" (GITHUB_SERVER_URL, host with its port) that refuses any request without the token. One run with
// the token builds and pushes, and the files of both repositories are read back by running the pushed image; one run
// with a wrong token fails, the server having refused it. The docker driver: dockerd's BuildKit fetches Git contexts
// with the host's git on the host's network, where the stack's docker-container BuildKit image has no git at all.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';

import { type GitRequest, GitServer } from './git-server.js';
import { type ActionRun, docker, e2eFile, errorLines, fileInImage, nonce, registryManifest, Workspace } from './harness.js';

const { s, ws, repository } = e2eFile('git-context');
const pullConfig = new Workspace('git-context-pull');
const TOKEN = `ghs_${nonce()}${nonce()}`;
const WRONG_TOKEN = `ghs_${nonce()}${nonce()}`;
const APP_NONCE = `app-${nonce()}`;
const LIB_NONCE = `lib-${nonce()}`;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-git-server-'));
const server = new GitServer(scratch, TOKEN);

let appUrl: string;
let libUrl: string;
let granted: ActionRun;
let denied: ActionRun;
let grantedRequests: GitRequest[];
let deniedRequests: GitRequest[];

beforeAll(async () => {
  await server.start();
  appUrl = server.addRepository(
    `app-${nonce()}`,
    { Dockerfile: `FROM ${s.baseImage}\nCOPY app.txt /app.txt\nCOPY --from=lib lib.txt /lib.txt\n`, 'app.txt': APP_NONCE },
    scratch,
  );
  libUrl = server.addRepository(`lib-${nonce()}`, { 'lib.txt': LIB_NONCE }, scratch);
  const inputs = {
    registry: s.registry,
    username: s.username,
    password: s.password,
    driver: 'docker',
    platforms: 'linux/amd64',
    context: appUrl,
    'build-contexts': `lib=${libUrl}`,
  };
  const env = { GITHUB_SERVER_URL: server.url };
  // the refused run first, so that no Git checkout BuildKit keeps from the other can stand in for a fetch
  denied = await ws.run({ ...inputs, 'github-token': WRONG_TOKEN, tags: `${s.registry}/${repository}:denied` }, { env });
  deniedRequests = server.requests.splice(0);
  granted = await ws.run({ ...inputs, 'github-token': TOKEN, tags: `${s.registry}/${repository}:granted` }, { env });
  grantedRequests = server.requests.splice(0);
  expect(
    docker(['login', s.registry, '-u', s.username, '--password-stdin'], { DOCKER_CONFIG: pullConfig.dockerConfig }, s.password).code,
  ).toBe(0);
}, 600_000);

afterAll(async () => {
  await server.stop();
  fs.rmSync(scratch, { recursive: true, force: true });
  ws.remove();
  pullConfig.remove();
});

/** A file of the image the run pushed, read by running it. */
const fileIn = (run: ActionRun, file: string): string =>
  fileInImage(`${s.registry}/${repository}@${run.outputs.digest}`, file, pullConfig.dockerConfig);

/** The repositories (`/<name>.git`) the requests were for. */
const repositoriesOf = (requests: GitRequest[]): string[] =>
  [...new Set(requests.map((r) => /^\/[^/]+\.git/.exec(r.path)?.[0] ?? r.path))].sort();
const pathOf = (url: string): string => new URL(url).pathname;
const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('with the token', () => {
  test('the build succeeds and pushes what the registry holds', async () => {
    expect({ main: granted.main.code, post: granted.post.code, errors: errorLines(granted.main.stdout) }).toEqual({
      main: 0,
      post: 0,
      errors: [],
    });
    expect(granted.outputs.digest).toMatch(/^sha256:/);
    expect((await registryManifest(s, repository, 'granted')).digest).toBe(granted.outputs.digest);
  });

  test('the image holds the files of the Git context and of the Git named context', () => {
    expect({ app: fileIn(granted, '/app.txt'), lib: fileIn(granted, '/lib.txt') }).toEqual({ app: APP_NONCE, lib: LIB_NONCE });
  });

  test('BuildKit fetched both repositories from the server, every request with the token', () => {
    expect(repositoriesOf(grantedRequests)).toEqual([pathOf(appUrl), pathOf(libUrl)].sort());
    expect(grantedRequests.filter((r) => r.credentials !== 'token' || r.status !== 200)).toEqual([]);
    expect(grantedRequests.some((r) => r.method === 'POST' && r.path.endsWith('/git-upload-pack'))).toBe(true);
  });
});

describe('with a wrong token', () => {
  test("the build fails with an error naming the Git source and git's own reason, and pushes nothing", async () => {
    // git's words for a 401 when it may not prompt (BuildKit runs it with GIT_TERMINAL_PROMPT=0)
    const reason = `git stderr: fatal: could not read Username for '${server.url}': terminal prompts disabled: exit status 128`;
    const [error = '', ...more] = errorLines(denied.main.stdout);
    expect({ main: denied.main.code, more }).toEqual({ main: 1, more: [] });
    expect(error).toMatch(
      new RegExp(
        `^::error::building linux/amd64 \\(step \\[internal\\] load git source ${escaped(appUrl)}\\) failed: .*${escaped(reason)}$`,
      ),
    );
    expect(denied.outputs.digest ?? '').toBe('');
    expect((await registryManifest(s, repository, 'denied')).status).toBe(404);
  });

  test('the server saw the requests, with the wrong token, and refused each one', () => {
    expect(repositoriesOf(deniedRequests)).toEqual([pathOf(appUrl)]);
    expect(deniedRequests.filter((r) => r.credentials !== 'wrong' || r.status !== 401)).toEqual([]);
  });
});

test('neither token appears in any log, output, state or summary', () => {
  for (const run of [granted, denied]) expect([TOKEN, WRONG_TOKEN].filter((token) => run.everything.includes(token))).toEqual([]);
});
