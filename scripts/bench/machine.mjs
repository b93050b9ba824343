// What the figures were measured on: the machine, the Docker installation, and the bundle under test.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

import { ROOT } from '../runner.mjs';
import { NODE, sh } from './measure.mjs';

export function machineFacts() {
  const cpu = /^model name\s*:\s*(.*)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(fs.readFileSync('/proc/meminfo', 'utf8'))?.[1]);
  const [server = '?', client = '?'] = sh('docker', ['version', '--format', '{{.Server.Version}}|{{.Client.Version}}']).stdout.split('|');
  const store = sh('docker', [
    'info',
    '--format',
    '{{range .DriverStatus}}{{if eq (index . 0) "driver-type"}}{{index . 1}}{{end}}{{end}}',
  ]).stdout;
  const dirty = sh('git', ['-C', ROOT, 'status', '--porcelain', '--', 'dist']).stdout !== '';
  return [
    ['CPUs', `${os.availableParallelism()} × ${cpu}`],
    ['kernel, memory', `${os.release()}, ${(memKb / 1024 / 1024).toFixed(1)} GiB`],
    ['Docker server / client', `${server} / ${client} (image store: ${store || 'classic'})`],
    ['buildx', sh('docker', ['buildx', 'version']).stdout],
    ['node running the steps', sh(NODE, ['--version']).stdout],
    [
      'action measured',
      `dist/ of commit ${sh('git', ['-C', ROOT, 'rev-parse', '--short', 'HEAD']).stdout}${dirty ? ' with uncommitted changes to dist/' : ''}`,
    ],
  ];
}

/** Each file of the dist/ snapshot: bytes, gzip bytes, sha256 prefix. */
export function bundleFiles(distDir) {
  return fs
    .readdirSync(distDir)
    .filter((name) => name.endsWith('.js'))
    .sort((a, b) => (a === 'index.js' ? -1 : b === 'index.js' ? 1 : a.localeCompare(b)))
    .map((name) => {
      const bytes = fs.readFileSync(path.join(distDir, name));
      return {
        name,
        bytes: bytes.length,
        gzip: zlib.gzipSync(bytes).length,
        sha: crypto.createHash('sha256').update(bytes).digest('hex').slice(0, 12),
      };
    });
}
