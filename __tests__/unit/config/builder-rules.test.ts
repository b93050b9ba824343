// The rules on the options of the builder the action creates: refused where it creates none.
import { describe, test } from '@jest/globals';

import { type RawInputs } from '../../../src/config/index.js';
import { expectRefusal } from '../support.js';

const ONLY_CREATED = 'it configures a builder the action creates (driver docker-container)';

describe('the options of the builder the action creates, refused where it creates none', () => {
  test.each<[string, RawInputs, string]>([
    [
      'driver-opts with driver docker',
      { driver: 'docker', 'driver-opts': 'network=host' },
      `Input "driver-opts" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-flags with driver docker',
      { driver: 'docker', 'buildkitd-flags': '--debug' },
      `Input "buildkitd-flags" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config with driver docker',
      { driver: 'docker', 'buildkitd-config': 'buildkitd.toml' },
      `Input "buildkitd-config" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'buildkitd-config-inline with driver docker',
      { driver: 'docker', 'buildkitd-config-inline': 'debug = true' },
      `Input "buildkitd-config-inline" cannot be used with driver "docker": ${ONLY_CREATED}`,
    ],
    [
      'driver-opts with builder',
      { builder: 'mine', 'driver-opts': 'network=host' },
      'Input "driver-opts" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-flags with builder',
      { builder: 'mine', 'buildkitd-flags': '--debug' },
      'Input "buildkitd-flags" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config with builder',
      { builder: 'mine', 'buildkitd-config': 'buildkitd.toml' },
      'Input "buildkitd-config" cannot be used with "builder": the action does not create a builder then',
    ],
    [
      'buildkitd-config-inline with builder',
      { builder: 'mine', 'buildkitd-config-inline': 'debug = true' },
      'Input "buildkitd-config-inline" cannot be used with "builder": the action does not create a builder then',
    ],
  ])('%s', (_, raw, message) => {
    expectRefusal(raw, message);
  });
});
