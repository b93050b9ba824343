import * as path from 'node:path';

import * as core from '@actions/core';

/** A message pinned to a line of the Dockerfile, as the job's annotations show it. */
export interface DockerfileAnnotation {
  readonly title: string;
  readonly message: string;
  readonly file: string;
  readonly line: number | undefined;
}

interface BuildWarning {
  short?: string;
  url?: string;
  range?: { start?: { line?: number } }[];
}

/** The Dockerfile as the workflow's files name it (annotations point into the repository). */
export function dockerfilePath(context: string, file: string): string {
  return path.normalize(file !== '' ? file : path.join(context, 'Dockerfile'));
}

/**
 * The build checks' warnings, from the metadata file (buildx writes them there with BUILDX_METADATA_WARNINGS=1,
 * base64-encoded, with their line range).
 */
export function checkWarnings(metadataJson: string, dockerfile: string): DockerfileAnnotation[] {
  let warnings: BuildWarning[] | undefined;
  try {
    warnings = (JSON.parse(metadataJson) as { 'buildx.build.warnings'?: BuildWarning[] })['buildx.build.warnings'];
  } catch {
    return [];
  }
  return (warnings ?? []).map((warning) => {
    const text = Buffer.from(warning.short ?? '', 'base64').toString('utf8');
    const rule = /^([A-Za-z]+):\s*/.exec(text);
    return {
      title: rule ? `Build check ${rule[1]}` : 'Build check',
      message: `${rule ? text.slice(rule[0].length) : text}${warning.url ? ` (${warning.url})` : ''}`,
      file: dockerfile,
      line: warning.range?.[0]?.start?.line,
    };
  });
}

/** The Dockerfile line a failed build points at ("Dockerfile:3" above the ">>>" excerpt of its error summary). */
export function failedLine(stderr: string): number | undefined {
  const match = /^[^\s:]*Dockerfile[^\s:]*:(\d+)\r?\n-{5,}/m.exec(stderr);
  return match ? Number(match[1]) : undefined;
}

/**
 * Shows the build checks' warnings at their lines, as docker/build-push-action does, unless the workflow turned
 * them off with its variable (DOCKER_BUILD_CHECKS_ANNOTATIONS=false). The same warning from several builds (one
 * per platform) is shown once.
 */
export function annotateCheckWarnings(annotations: readonly DockerfileAnnotation[], env: NodeJS.ProcessEnv = process.env): number {
  if (env.DOCKER_BUILD_CHECKS_ANNOTATIONS === 'false') return 0;
  const seen = new Set<string>();
  // in the Dockerfile's order, whatever order BuildKit reported them in
  const inOrder = [...annotations].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0));
  for (const annotation of inOrder) {
    const key = `${annotation.file}:${annotation.line}:${annotation.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    core.warning(annotation.message, { title: annotation.title, file: annotation.file, startLine: annotation.line });
  }
  return seen.size;
}
