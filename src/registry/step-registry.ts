// The registries as one step sees them: one client per repository, whose connection and token every read, write
// and delete of that repository shares, and buildx for the reads the registry API cannot serve (an unusual token
// service, TLS quirks). Modes make one per step and hand it on, rather than logins and insecure lists.
import * as core from '@actions/core';

import type { RegistryLogin } from '../config/index.js';
import type { Exec } from '../core/exec.js';
import { REGISTRY_RETRY, type RetryPolicy, withRetry } from '../core/retry.js';
import { type ImageConfig, type PushedImage } from '../image/digests.js';
import { inspectPushed, tagTested } from '../image/imagetools.js';
import type { Manifest } from '../image/oci.js';
import { readImage, readPushedImage } from '../image/pushed-image.js';
import { locationOf, parseReference } from '../image/reference.js';
import { type RegistryClient, registryClient } from './client.js';

export interface StepRegistryOptions {
  readonly exec: Exec;
  /** The builder buildx reads through when the API cannot be read. */
  readonly builder: string;
  readonly logins: readonly RegistryLogin[];
  readonly insecure: readonly string[];
}

/** An image read back from the registry, with where it was read and whether the API served its bytes. */
export interface ReadBack extends PushedImage {
  readonly repository: string;
  readonly digest: string;
  /** Compressed size by platform: known when the API served the images. */
  readonly sizes?: Record<string, number>;
  /** Whether `manifestJson` are the registry's own bytes (the API), not buildx's rendering of them. */
  readonly overApi: boolean;
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
  async pushed(repository: string, digest: string): Promise<ReadBack> {
    try {
      return { ...(await readPushedImage(this.client(repository), digest)), repository, digest, overApi: true };
    } catch (error) {
      this.fallingBack(repository, digest, error as Error);
      return { ...(await inspectPushed(this.options.exec, repository, digest, this.options.builder)), repository, digest, overApi: false };
    }
  }

  /**
   * Points the tags at an image read back: a tag of its own repository by a PUT of the very bytes read (one
   * request), any other through imagetools, which copies the image there first. The PUT needs the bytes as the
   * registry served them; read through buildx (re-encoded), every tag goes through imagetools.
   */
  async tag(tags: readonly string[], image: ReadBack, policy: RetryPolicy = REGISTRY_RETRY): Promise<void> {
    const { exec, builder } = this.options;
    const mediaType = image.overApi ? (JSON.parse(image.manifestJson) as Manifest).mediaType : undefined;
    const home = locationOf(parseReference(image.repository));
    const inHome = (tag: string): boolean => {
      const there = locationOf(parseReference(tag));
      return there.registry === home.registry && there.path === home.path;
    };
    const byPut = mediaType ? tags.filter(inHome) : [];
    const others = tags.filter((tag) => !byPut.includes(tag));
    const client = this.client(image.repository);
    const put = (tag: string): Promise<void> =>
      withRetry(`tagging ${tag}`, policy, () =>
        client.putManifest(parseReference(tag).tag ?? 'latest', image.manifestJson, mediaType as string),
      );
    await Promise.all([
      ...byPut.map(put),
      others.length > 0 ? tagTested(exec, builder, others, image.repository, image.digest, policy) : undefined,
    ]);
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
