// The machine is shared (2 cores, one Docker daemon and registry): another engineer's docker client, action run or
// jest/tsc/eslint/ncc run changes the figures. The process table is sampled once a second; a timed run waits for
// quiet first, and the report says which runs saw such activity anyway.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval, setTimeout } from 'node:timers';

// Judged by the program that runs, not by the whole command line: a `flock /tmp/stack.lock … jest` that waits for
// the lock the bench holds names jest but runs nothing.
const DOCKER = ['docker', 'docker-buildx'];
const NODE_SCRIPT = /(^|\/)(jest|tsc|eslint|ncc)$|jest-worker|dist\/index\.js$/;
// the bench holds the stack's lock while it waits: others' end-to-end tests wait too, so the wait is bounded
const WAIT_BUDGET_MS = 90_000;
const WAIT_PER_RUN_MS = 20_000;

function processTable() {
  const table = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const argv = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').filter(Boolean);
      table.set(Number(entry), { ppid, argv });
    } catch {
      // the process ended while the table was read
    }
  }
  return table;
}

/** Command lines of the docker clients and node tool runs on the machine that are not descendants of the bench. */
function foreignProcesses() {
  const table = processTable();
  const isMine = (pid) => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = table.get(p)?.ppid ?? 0, hops++) if (p === process.pid) return true;
    return false;
  };
  const foreign = [];
  for (const [pid, { argv }] of table) {
    const program = path.basename(argv[0] ?? '');
    const running = DOCKER.includes(program) || (program.startsWith('node') && NODE_SCRIPT.test(argv[1] ?? ''));
    if (running && !isMine(pid)) foreign.push(argv.join(' ').slice(0, 100));
  }
  return foreign;
}

export function startSampler() {
  const busyAt = [];
  const seen = new Map();
  let samples = 0;
  let waitedMs = 0;
  const timer = setInterval(() => {
    samples++;
    const foreign = foreignProcesses();
    if (foreign.length) busyAt.push(performance.timeOrigin + performance.now());
    for (const line of foreign) seen.set(line, (seen.get(line) ?? 0) + 1);
  }, 1000);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    /** Whether activity was sampled during [start, end] epoch ms, or within the second around it. */
    disturbed: (start, end) => busyAt.some((t) => t >= start - 1000 && t <= end + 1000),
    async waitForQuiet(log) {
      let announced = false;
      const until = waitedMs + WAIT_PER_RUN_MS;
      while (waitedMs < Math.min(until, WAIT_BUDGET_MS) && foreignProcesses().length > 0) {
        if (!announced) log('other docker/node tool activity on the machine: waiting for it to end');
        announced = true;
        await new Promise((resolve) => setTimeout(resolve, 2000));
        waitedMs += 2000;
      }
    },
    summary: () => ({ samples, busy: busyAt.length, waitedMs, seen: [...seen.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5) }),
  };
}
