export declare const STACK_ENV_FILE: string;
export declare function readStackEnv(file?: string): { registry: string; username: string; password: string; baseImage: string };
