import { afterEach, describe, expect, jest, test } from '@jest/globals';

import {
  annotateCheckWarnings,
  checkWarnings,
  type DockerfileAnnotation,
  dockerfilePath,
  failedLine,
} from '../../../src/build/annotations.js';
import { buildError } from '../../../src/build/failure.js';
import { configOf, fixture } from '../support.js';

describe('checkWarnings, from a captured metadata file (BUILDX_METADATA_WARNINGS=1)', () => {
  test('each warning with its rule, text, link and line', () => {
    expect(checkWarnings(fixture('metadata-build-check-warnings.json'), 'app/Dockerfile')).toEqual([
      {
        title: 'Build check ConsistentInstructionCasing',
        message:
          "Command 'from' should match the case of the command majority (uppercase) (line 1) (https://docs.docker.com/go/dockerfile/rule/consistent-instruction-casing/)",
        file: 'app/Dockerfile',
        line: 1,
      },
      {
        title: 'Build check JSONArgsRecommended',
        message:
          'JSON arguments recommended for CMD to prevent unintended behavior related to OS signals (line 2) (https://docs.docker.com/go/dockerfile/rule/json-args-recommended/)',
        file: 'app/Dockerfile',
        line: 2,
      },
    ]);
  });

  test.each<[string, string]>([
    ['no warnings', fixture('metadata-docker-container.json')],
    ['not JSON', '{'],
  ])('%s: none', (_, json) => {
    expect(checkWarnings(json, 'Dockerfile')).toEqual([]);
  });
});

describe('failedLine and the build error', () => {
  test.each<[string, string, number | undefined]>([
    ['captured: a RUN step of line 3, after two check warnings', fixture('stderr-build-run-fails-with-warnings.txt'), 3],
    ['captured: a RUN step of line 2 on arm64', fixture('stderr-build-run-fails-arm64.txt'), 2],
    ['captured: a push refused, no Dockerfile line', fixture('stderr-push-no-auth.txt'), undefined],
  ])('%s', (_, stderr, line) => {
    expect(failedLine(stderr)).toBe(line);
  });

  test('the build error carries the Dockerfile and line for its annotation', () => {
    const error = buildError(configOf({ tags: 'ghcr.io/a/b:1', context: 'app' }), {
      exitCode: 1,
      stdout: '',
      stderr: fixture('stderr-build-run-fails-with-warnings.txt'),
    });
    expect(error.location).toEqual({ file: 'app/Dockerfile', line: 3 });
  });

  test.each<[string, string, string]>([
    ['.', '', 'Dockerfile'],
    ['app', '', 'app/Dockerfile'],
    ['.', 'docker/Dockerfile.prod', 'docker/Dockerfile.prod'],
    ['./app/', '', 'app/Dockerfile'],
  ])('dockerfilePath(%j, %j) = %j', (context, file, expected) => {
    expect(dockerfilePath(context, file)).toBe(expected);
  });
});

describe('annotateCheckWarnings', () => {
  const written: string[] = [];
  const write = jest.spyOn(process.stdout, 'write');
  afterEach(() => {
    written.length = 0;
  });
  const capture = (): void => {
    write.mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
  };
  const warning: DockerfileAnnotation = {
    title: 'Build check JSONArgsRecommended',
    message: 'JSON arguments recommended',
    file: 'app/Dockerfile',
    line: 2,
  };

  test('a warning annotation at the file and line, once per distinct warning', () => {
    capture();
    const shown = annotateCheckWarnings([warning, warning], {});
    write.mockRestore();
    expect({ shown, written }).toEqual({
      shown: 1,
      written: ['::warning title=Build check JSONArgsRecommended,file=app/Dockerfile,line=2::JSON arguments recommended\n'],
    });
  });

  test('DOCKER_BUILD_CHECKS_ANNOTATIONS=false: none', () => {
    capture();
    const shown = annotateCheckWarnings([warning], { DOCKER_BUILD_CHECKS_ANNOTATIONS: 'false' });
    write.mockRestore();
    expect({ shown, written }).toEqual({ shown: 0, written: [] });
  });
});
