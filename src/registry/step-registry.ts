// The registries as one step sees them: one client per repository, whose connection and token every read, write
// and delete of that repository shares, and buildx for the reads the registry API cannot serve (an unusual token
// service, TLS quirks). Modes make one per step and hand it on, rather than logins and insecure lists.
import * as core from '@actions/core';

import type { RegistryLogin } from '../config/index.js';
import type { Exec } from '../core/exec.js';
import { type ImageConfig, type PushedImage } from '../image/digests.js';
import { inspectPushed } from '../image/imagetools.js';
import { readImage, readPushedImage } from '../image/pushed-image.js';
import { type RegistryClient, registryClient } from './client.js';

export interface StepRegistryOptions {
  readonly exec: Exec;
  /** The builder buildx reads through when the API cannot be read. */
  readonly builder: string;
  readonly logins: readonly RegistryLogin[];
  readonly insecure: readonly string[];
}

export class StepRegistry {
  private readonly clients = new Map<string, RegistryClient>();

  constructor(private readonly options: StepRegistryOptions) {}

  /** The step's client of a repository, made on first use. */
  client(repository: string): RegistryClient {
    let client = this.clients.get(repository);
    if (!client) {
      client = registryClient(repository, this.options.logins, this.options.insecure);
      this.clients.set(repository, client);
    }
    return client;
  }

  /** What `repository@digest` holds (the index, each image's config and size), over the API, else through buildx. */
  async pushed(repository: string, digest: string): Promise<PushedImage & { sizes?: Record<string, number> }> {
    try {
      return await readPushedImage(this.client(repository), digest);
    } catch (error) {
      this.fallingBack(repository, digest, error as Error);
      return inspectPushed(this.options.exec, repository, digest, this.options.builder);
    }
  }

  /** One image's config and compressed size (0 when only buildx could read it), over the API, else through buildx. */
  async image(repository: string, digest: string): Promise<{ config: ImageConfig; size: number }> {
    try {
      return await readImage(this.client(repository), digest);
    } catch (error) {
      this.fallingBack(repository, digest, error as Error);
      const inspected = await inspectPushed(this.options.exec, repository, digest, this.options.builder);
      return { config: inspected.configs[''] ?? Object.values(inspected.configs)[0] ?? {}, size: 0 };
    }
  }

  private fallingBack(repository: string, digest: string, error: Error): void {
    core.debug(`reading ${repository}@${digest} over the registry API failed (${error.message}); asking buildx`);
  }
}
