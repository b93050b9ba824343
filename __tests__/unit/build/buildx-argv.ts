// The argv a row of the build suites expects, spelled from the parts every `buildx build` shares, so that a row
// shows only the flags it is about (and a change of the frame is made once, not in every row).

/** The platforms a build has by default. */
export const BOTH = 'linux/amd64,linux/arm64';

/** `buildx build` on builder b1 for `platforms`: `flags` between, then the metadata file `meta` and the context. */
export function buildxArgv(meta: string, platforms: string, flags: string[], context = '.'): string[] {
  return ['buildx', 'build', '--builder', 'b1', '--platform', platforms, ...flags, '--metadata-file', meta, context];
}

/** The options an ECR cache ref exports with: ECR takes an image manifest with OCI media types only. */
export const ECR_CACHE_OPTIONS = ',image-manifest=true,oci-mediatypes=true';

/** The registry cache at `ref`: read from it, and export every layer to it without failing the build where that fails. */
export function registryCache(ref: string, exportOptions = ''): string[] {
  return ['--cache-from', `type=registry,ref=${ref}`, '--cache-to', `type=registry,ref=${ref},mode=max,ignore-error=true${exportOptions}`];
}

/** The push of an image by digest to `repository`: no tag moves in the build (the step's Tag phase moves them). */
export function byDigest(repository: string, exportOptions = ''): string[] {
  return ['--output', `type=image,name=${repository},push-by-digest=true,name-canonical=true,push=true${exportOptions}`];
}
