export declare const ROOT: string;
/** The node binary that runs the action: $ACTION_NODE, else the caller's own. */
export declare const ACTION_NODE: string;

export interface StepRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
  /** `process.version` of the node that ran the step, from the running process's executable (`unknown` if unread). */
  node: string;
}

export interface ActionRun {
  main: StepRun;
  post: StepRun;
  outputs: Record<string, string>;
  state: Record<string, string>;
  summary: string;
  /** Everything the runner would have shown or stored: both steps' output, the outputs, the summary, the state. */
  everything: string;
}

export declare function actionDefaults(): Record<string, string>;
export declare function parseCommandFile(text: string): Record<string, string>;
export declare function runAction(options: {
  inputs: Record<string, string>;
  dir: string;
  env?: Record<string, string>;
  echo?: boolean;
  onMainStart?: (pid: number) => void;
  /** Runs after main has ended and before post starts. */
  beforePost?: () => void;
}): Promise<ActionRun>;

export interface RunnerFiles {
  output: string;
  state: string;
  summary: string;
}

export declare function actionEnv(options: { inputs: Record<string, string>; runDir: string; env?: Record<string, string> }): {
  env: Record<string, string>;
  files: RunnerFiles;
};
export declare function postEnv(
  env: Record<string, string>,
  files: RunnerFiles,
): { env: Record<string, string>; state: Record<string, string> };
