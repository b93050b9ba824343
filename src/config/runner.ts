// The runner the step is on. The action is Linux only: it registers QEMU in binfmt_misc, runs the docker-container
// driver and reads /proc; on Windows or macOS runners docker is absent or builds Windows images, and every step
// would fail later with an error that does not say why.

/**
 * Why the step cannot run on this runner, or undefined on Linux. RUNNER_OS is the runner's own word (Linux, Windows,
 * macOS); outside a runner it is unset and nothing is refused.
 */
export function runnerOsProblem(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const os = env.RUNNER_OS ?? '';
  if (os === '' || os === 'Linux') return undefined;
  return `RUNNER_OS is ${JSON.stringify(os)}: this action runs on Linux runners only (runs-on: ubuntu-latest, ubuntu-24.04-arm, or a self-hosted Linux runner)`;
}
