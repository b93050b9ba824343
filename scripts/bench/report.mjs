// BENCHMARKS.md from the bench's results: a few lines of method, then tables.
import { cacheCounts } from './buildlog.mjs';
import { commandName, repeated } from './diagnose.mjs';
import { PLATFORMS } from './fixture.mjs';
import { median, ms, range, sum } from './measure.mjs';

const RATIO_TARGETS = { 'docker-container': 1.2, docker: 1.25 };
const POST_TARGET_MS = 300;
const QUIET = 'No other docker or node tool activity was sampled during these runs.';

// The bench builds one image in one step; what a native multi-runner leg and merge add is counted in requests,
// since they talk to the Actions cache of a runner, which the bench has not.
const LEGS = [
  "## What a leg's record and a merge cost (not timed by the bench)",
  '',
  "A leg's record, with the Actions cache: one `tar` of a one-line file, three cache-service calls (reserve, upload of a few hundred bytes, finalize) and one lookup; run with @actions/cache against a local cache service in `__tests__/unit/cache-records.test.ts`, a record takes some 150 ms. Without the cache: one PUT and one GET of a small index in the registry. The ledger this replaced cost a leg at least 2-4 s of waiting to read its write back.",
  '',
  "A merge: one cache lookup per platform the action knows (15, side by side) and one tag listing, then `imagetools create --dry-run` (one process, no push) before the `imagetools create` that pushes; the ledger's 2-4 s wait is gone from it too.",
].join('\n');

function table(header, rows) {
  const lines = [`| ${header.join(' | ')} |`, `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.join(' | ')} |`);
  return lines.join('\n');
}

const med = (runs, pick) => median(runs.map(pick));

/** The runs that no other activity disturbed, when at least 3 of each side remain; else all, said so. */
function usableRuns(a, b, disturbed) {
  const clean = (runs) => runs.filter((run) => !disturbed(run.start, run.end));
  const [cleanA, cleanB] = [clean(a), clean(b)];
  const counts = `${a.length - cleanA.length} A and ${b.length - cleanB.length} B runs`;
  if (cleanA.length === a.length && cleanB.length === b.length) return { a, b, note: QUIET };
  if (cleanA.length >= 3 && cleanB.length >= 3)
    return { a: cleanA, b: cleanB, note: `Other activity was sampled during ${counts}: left out.` };
  return { a, b, note: `Other activity was sampled during ${counts}, too many to leave out: these figures are disturbed.` };
}

function cacheNote(runs) {
  const counts = runs.map((run) => cacheCounts(run.log));
  const shown = Object.entries(counts[0].perPlatform)
    .map(([platform, count]) => `${platform} ${count}`)
    .join(', ');
  const every = counts.every((count) => count.allCached);
  return `Steps served from the cache, as the action's log parser counts them (a FROM that pulls nothing counts as cached): ${shown}; every step cached in ${every ? 'every' : 'NOT every'} timed run.`;
}

function abSection(driver, data, disturbed) {
  const { a, b, note } = usableRuns(data.a, data.b, disturbed);
  const wall = [med(a, (r) => r.wall), med(b, (r) => r.wall)];
  const cpu = [med(a, (r) => r.cpu), med(b, (r) => r.cpu)];
  const postMs = med(a, (r) => r.post.wall);
  const dockerA = data.diagnostic.length ? String(data.diagnostic[0].commands.length) : '?';
  const rows = [
    ['wall, median ms', ms(wall[0]), ms(wall[1]), (wall[0] / wall[1]).toFixed(2)],
    ['wall, range ms', range(a.map((r) => r.wall)), range(b.map((r) => r.wall)), ''],
    ['CPU user+sys, median ms', ms(cpu[0]), ms(cpu[1]), (cpu[0] / cpu[1]).toFixed(2)],
    ['post step wall, median ms', ms(postMs), ms(med(b, (r) => r.empty.post.wall)), ''],
    ['processes', `2 node + ${dockerA} docker`, `2 node + ${Object.keys(b[0].commands).length} docker`, ''],
  ];
  const markdown = [
    `## A/B, driver ${driver}${driver === 'docker-container' ? ' (the default)' : ''}`,
    '',
    table(['', 'A: action', 'B: empty action + raw commands', 'A/B'], rows),
    '',
    `${data.a.length} pairs. ${cacheNote([...a, ...b])} ${note} A − B: ${ms(wall[0] - wall[1])} ms wall, ${ms(cpu[0] - cpu[1])} ms CPU.`,
  ];
  return { markdown: markdown.join('\n'), ratio: wall[0] / wall[1], postMs };
}

/** Each docker command, A's from the diagnostic runs next to B's, and the node time around them. */
function timeSection(driver, data) {
  const diag = data.diagnostic;
  if (diag.length === 0) return '';
  const bRuns = data.b;
  const bByName = (name, pick) =>
    med(bRuns, (r) =>
      sum(
        Object.values(r.commands)
          .filter((c) => commandName(c.argv.slice(1).join(' ')) === name)
          .map(pick),
      ),
    );
  const aByName = (name, pick) => median(diag.map((d) => sum(d.commands.filter((c) => commandName(c.args) === name).map(pick))));
  const names = [
    ...new Set([
      ...diag[0].commands.map((c) => commandName(c.args)),
      ...Object.values(bRuns[0].commands).map((c) => commandName(c.argv.slice(1).join(' '))),
    ]),
  ];
  const node = (step, parts) => median(diag.map((d) => sum(parts.map((part) => d.node[step][part]))));
  const aNodeCpu = median(diag.map((d) => d.run.cpu - sum(d.commands.map((c) => c.cpu))));
  const rows = [
    ['main: node start → first command (B: empty main)', ms(node('main', ['before'])), '', ms(med(bRuns, (r) => r.empty.main.wall)), ''],
    ...names.map((name) => {
      const inA = diag[0].commands.some((c) => commandName(c.args) === name);
      const inB = Object.values(bRuns[0].commands).some((c) => commandName(c.argv.slice(1).join(' ')) === name);
      return [
        `\`${name}\``,
        inA ? ms(aByName(name, (c) => c.wall)) : '—',
        inA ? ms(aByName(name, (c) => c.cpu)) : '—',
        inB ? ms(bByName(name, (c) => c.wall)) : '—',
        inB ? ms(bByName(name, (c) => c.cpu)) : '—',
      ];
    }),
    ['main: node between and after commands', ms(node('main', ['between', 'after'])), '', '—', ''],
    [
      'post: node outside its commands (B: empty post)',
      ms(node('post', ['before', 'between', 'after'])),
      '',
      ms(med(bRuns, (r) => r.empty.post.wall)),
      '',
    ],
    ['node CPU, main + post outside docker commands', '', ms(aNodeCpu), '', ms(med(bRuns, (r) => r.empty.cpu))],
  ];
  return [
    `### Where the time goes, driver ${driver} (medians, ms; A from ${diag.length} diagnostic runs)`,
    '',
    table(['', 'A wall', 'A CPU', 'B wall', 'B CPU'], rows),
  ].join('\n');
}

function commandsSection(fx, byDriver, qemu) {
  const out = ['## Commands the action spawns (diagnostic runs)', ''];
  for (const [driver, data] of Object.entries(byDriver)) {
    const first = data.diagnostic[0];
    if (!first) continue;
    const lines = first.commands.map(
      (c) => `${c.start <= first.run.main.end ? 'main' : 'post'}: docker ${c.args.replaceAll(fx.work, '$TMP')}`,
    );
    out.push(`Driver ${driver}:`, '', '```', ...lines, '```', '');
  }
  const runs = [...Object.values(byDriver).flatMap((d) => d.diagnostic), ...(qemu ? [...qemu.unregistered, ...qemu.registered] : [])];
  const twice = runs.map((run) => repeated(run.commands)).filter((lines) => lines.length > 0);
  out.push(
    `A command line run twice in one run, over all ${runs.length} diagnostic runs: ${twice.length ? `YES: ${JSON.stringify(twice)}` : 'none'}.`,
  );
  return { markdown: out.join('\n'), twice: twice.length, runs: runs.length };
}

function startSection(byDriver, toolkit) {
  const rows = [[`\`node -e ''\`, spawn to exit`, ms(toolkit.emptyMs)]];
  for (const [driver, data] of Object.entries(byDriver)) {
    rows.push([`empty action main in the runner's environment (${driver} runs)`, ms(med(data.b, (r) => r.empty.main.wall))]);
    if (data.diagnostic.length)
      rows.push([
        `action main: spawn → first docker command, as the wrapper sees it (${driver})`,
        ms(median(data.diagnostic.map((d) => d.node.main.before))),
      ]);
  }
  const load = toolkit.bundles.map((b) => [b.name, String(b.bytes), ms(b.startMs), ms(b.costMs)]);
  const [whole, used] = toolkit.bundles.slice(-2);
  return [
    '## Start-up and the toolkit',
    '',
    table(['', 'median ms'], rows),
    '',
    table(['bundled with ncc --minify', 'bytes', '`node bundle.js` ms', "load cost ms (minus `node -e ''`)"], load),
    '',
    `${toolkit.reps} start-ups of each, alternating, spawn to exit. Each step (main, and post) is its own node process, so it pays ` +
      `the load once: ${ms(used.costMs)} ms a step for ${used.name}, ${ms(2 * used.costMs)} ms a run (main + post), ` +
      `if the step loads them before its first command; ${ms(whole.costMs)} ms a step for the whole packages, which a ` +
      'bundle keeps unless @actions/core says its modules have no side effects (what scripts/patches/ adds).',
  ].join('\n');
}

// binfmt_misc is changed only under the stack's lock, which the bench holds: every run's additions are the action's
function qemuSection(qemu) {
  if (!qemu) return { markdown: '', overlap: NaN, onlyNeeded: undefined };
  const { unregistered, registered } = qemu;
  const installs = [...new Set(unregistered.map((r) => r.install?.args ?? 'none'))];
  const added = [...new Set(unregistered.map((r) => r.added.join(',') || 'none'))];
  const overlap = median(unregistered.map((r) => r.overlap));
  const rows = [
    [
      'main wall, qemu-aarch64 unregistered (the action registers it)',
      ms(med(unregistered, (r) => r.run.main.wall)),
      range(unregistered.map((r) => r.run.main.wall)),
    ],
    [
      'main wall, qemu-aarch64 registered (skipped)',
      ms(med(registered, (r) => r.run.main.wall)),
      range(registered.map((r) => r.run.main.wall)),
    ],
    ['`docker login` and the QEMU command overlap by', ms(overlap), range(unregistered.map((r) => r.overlap))],
  ];
  const markdown = [
    '## QEMU: only the needed emulators, while logging in (driver docker, diagnostic runs)',
    '',
    table(['', 'median ms', 'range ms'], rows),
    '',
    `QEMU command: ${installs.map((c) => `\`docker ${c}\``).join(', ')}. New in binfmt_misc after each such run: ${added.join(' / ')}. ` +
      `qemu-* registered before the bench: ${qemu.before.join(', ') || 'none'}; after: ${qemu.after.join(', ') || 'none'}.`,
  ].join('\n');
  const onlyNeeded = installs.length > 0 && installs.every((c) => /--install arm64$/.test(c)) && added.every((a) => a === 'qemu-aarch64');
  return { markdown, overlap, onlyNeeded };
}

function targetsSection(ab, commands, qemu) {
  const targets = Object.entries(ab).map(([driver, { ratio }]) => ({
    target: `A/B wall ≤ ${RATIO_TARGETS[driver].toFixed(2)}, driver ${driver}`,
    measured: ratio.toFixed(2),
    pass: ratio <= RATIO_TARGETS[driver],
  }));
  if (ab.docker)
    targets.push({
      target: `post step median wall ≤ ${POST_TARGET_MS} ms, driver docker`,
      measured: `${ms(ab.docker.postMs)} ms`,
      pass: ab.docker.postMs <= POST_TARGET_MS,
    });
  targets.push({
    target: 'no command line runs twice in a run',
    measured: commands.twice ? `${commands.twice} runs` : 'none',
    pass: commands.twice === 0,
  });
  if (qemu.onlyNeeded !== undefined) {
    targets.push({
      target: 'login and QEMU registration run concurrently',
      measured: `overlap ${ms(qemu.overlap)} ms`,
      pass: qemu.overlap > 0,
    });
    targets.push({
      target: 'only the needed emulator is registered',
      measured: qemu.onlyNeeded ? 'qemu-aarch64 only' : 'see QEMU',
      pass: qemu.onlyNeeded,
    });
  }
  for (const t of targets) t.result = t.pass ? 'PASS' : 'FAIL';
  return {
    targets,
    markdown: [
      '## Targets',
      '',
      table(
        ['target', 'measured', 'result'],
        targets.map((t) => [t.target, t.measured, t.result]),
      ),
    ].join('\n'),
  };
}

function method(fx, knobs) {
  return [
    "Each step and each command is a process timed by bash's `time`: wall, and user+sys CPU of its whole tree (node, docker " +
      "CLI, buildx plugin; the BuildKit daemon's CPU is outside both sides and the same work). **A** is `dist/index.js`, main then post with main's " +
      'state, in the runner environment of `scripts/runner.mjs`. **B** is an empty JavaScript action (main and post: a node ' +
      'process running an empty file, same environment) plus the raw commands for the same result: `docker login ' +
      '--password-stdin`, `docker buildx build --push` with the same registry cache flags and `--metadata-file`, `docker buildx ' +
      'imagetools inspect --raw` of the pushed digest, `docker logout`, and with the docker-container driver `docker buildx ' +
      'create` (same driver options and buildkitd.toml) before the build and `docker buildx rm` after it. B is their sum, so ' +
      "the runner's cost of starting a JavaScript step is on both sides.",
    '',
    `Fixture: \`FROM ${fx.stack.baseImage}\` + \`RUN uname -m > /arch\` for ${PLATFORMS}, pushed to ${fx.tag} with the cache at ` +
      `${fx.cacheRef}. Per driver one warm-up of each side, then ${knobs.runs} A/B pairs in alternating order, so every timed build ` +
      `is fully cached (a new docker-container builder imports it from the registry). Figures are medians. "Where the time goes" ` +
      `comes from ${knobs.sideRuns} separate diagnostic runs with a \`docker\` wrapper first on PATH that logs and times each ` +
      'command (the A/B runs carry no wrapper). Once a second the process table is sampled for other docker clients and ' +
      'node tool runs (jest, tsc, eslint, ncc): a timed pair waits up to 20 s for quiet, and runs that saw such activity are ' +
      'left out when at least 3 of each side remain.',
  ].join('\n');
}

export function renderReport({ fx, knobs, byDriver, toolkit, qemu, activity, disturbed, machine, bundle, seconds }) {
  const ab = Object.fromEntries(Object.entries(byDriver).map(([driver, data]) => [driver, abSection(driver, data, disturbed)]));
  const commands = commandsSection(fx, byDriver, qemu);
  const qemuPart = qemuSection(qemu);
  const { targets, markdown: targetsMd } = targetsSection(ab, commands, qemuPart);
  const quiet =
    activity.busy === 0
      ? `none in ${activity.samples} samples`
      : `in ${activity.busy} of ${activity.samples} samples, e.g. ${activity.seen.map(([line, n]) => `\`${line}\` (${n}×)`).join(', ')}`;
  const sections = [
    '# Benchmarks',
    `The action against the raw docker commands on the local stack of \`scripts/stack.sh\`, written by \`npm run bench\` (scripts/bench.mjs) on ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}.`,
    targetsMd,
    '## How it was measured',
    method(fx, knobs),
    ...Object.keys(byDriver).flatMap((driver) => [ab[driver].markdown, timeSection(driver, byDriver[driver])]),
    startSection(byDriver, toolkit),
    commands.markdown,
    qemuPart.markdown,
    LEGS,
    [
      '## Machine and bundle',
      '',
      table(['', ''], machine),
      '',
      table(
        ['dist/ file', 'bytes', 'gzip bytes', 'sha256'],
        bundle.map((f) => [f.name, String(f.bytes), String(f.gzip), `${f.sha}…`]),
      ),
    ].join('\n'),
    `Bench wall time ${seconds} s${activity.waitedMs ? `, ${Math.round(activity.waitedMs / 1000)} s of it waiting for quiet` : ''}. Other docker or node tool activity on the machine: ${quiet}.`,
  ];
  return { markdown: `${sections.filter(Boolean).join('\n\n')}\n`, targets };
}
