import * as core from '@actions/core';

/** What main leaves for post to undo, under named keys (the runner hands them to post as STATE_* variables). */
export interface SavedState {
  /** A builder the action created and post removes. */
  readonly builder?: string;
  /** The registries the action logged in to and post logs out of, comma-separated. */
  readonly loggedIn?: string;
  /** The action's temporary directory. */
  readonly tempDir?: string;
}

// src/index.ts reads this one before the toolkit loads, as STATE_isPost
const POST = 'isPost';
const KEYS: Record<keyof SavedState, string> = { builder: 'builder', loggedIn: 'loggedIn', tempDir: 'tempDir' };

/** Marks that main started, so the same bundle runs as post next time. */
export function markMainStarted(): void {
  core.saveState(POST, 'true');
}

export function save<K extends keyof SavedState>(key: K, value: NonNullable<SavedState[K]>): void {
  core.saveState(KEYS[key], value);
}

export function load(): SavedState {
  const read = (key: keyof SavedState): string | undefined => core.getState(KEYS[key]) || undefined;
  return { builder: read('builder'), loggedIn: read('loggedIn'), tempDir: read('tempDir') };
}
