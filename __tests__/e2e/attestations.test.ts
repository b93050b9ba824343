// SBOM attestations end to end. BuildKit's default generator (docker/buildkit-syft-scanner) lives on Docker Hub,
// out of reach here, so the test brings its own: a busybox shell script that speaks BuildKit's SBOM scanner protocol
// (moby/buildkit docs/attestations/sbom-protocol.md) and lists the files of every root filesystem it is given. The
// image under test writes files named for a nonce and its architecture, so the SBOM that reaches the registry proves
// that BuildKit ran our generator, inside the builder, on that platform's own image (and on a stage it was told
// to scan). Two runs share one named builder: `attests: type=sbom,generator=…` for two platforms, then the same
// build with `sbom:` naming a second generator beside an `attests` sbom entry (which `sbom` must win over) and a
// provenance entry (which must stay).
import { afterAll, beforeAll, expect, test } from '@jest/globals';

import { type ActionRun, docker, errorsOf, indexPlatforms, nonce, registryBlob, registryManifest, stack, Workspace } from './harness.js';

const s = stack();
const ws = new Workspace('attestations');
const id = nonce();
const repository = `e2e/attestations-${id}`;
const builderName = `e2e-sbom-${id}`;
const scannerRepository = `e2e/sbom-scanner-${id}`;
/** Two tags of one generator, told apart by the tool name they write into the SPDX document. */
const scanner = (variant: string): string => `${s.registry}/${scannerRepository}:${variant}`;
const BUILDER_ID = `https://ci.example/${id}/run,1`;
const ARCHES = { 'linux/amd64': 'amd64', 'linux/arm64': 'arm64' } as const;

// BUILDKIT_SCAN_SOURCE is the final image's root file system; BUILDKIT_SCAN_SOURCE_EXTRAS (optional) a directory of
// others (stages with BUILDKIT_SBOM_SCAN_STAGE); each gets `$BUILDKIT_SCAN_DESTINATION/<name>.spdx.json`, where
// <name> is its directory's basename. BuildKit reads every file there as one in-toto statement (an "attestation
// bundle"); an empty subject becomes the image the SBOM describes.
const SCAN_SH = String.raw`#!/bin/sh
set -eu
scan() {
  root=$1 name=$2
  {
    printf '{"_type":"https://in-toto.io/Statement/v0.1","predicateType":"https://spdx.dev/Document","subject":[],'
    printf '"predicate":{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"%s",' "$name"
    printf '"documentNamespace":"https://e2e.invalid/%s/%s",' "$SCANNER_TOOL" "$name"
    printf '"creationInfo":{"created":"1970-01-01T00:00:00Z","creators":["Tool: %s"]},"files":[' "$SCANNER_TOOL"
    find "$root" -type f | awk -v n="${'${#root}'}" 'BEGIN { ORS = "" } {
      path = substr($0, n + 1); gsub(/\\/, "\\\\", path); gsub(/"/, "\\\"", path)
      print (NR > 1 ? "," : "") "{\"fileName\":\"." path "\",\"SPDXID\":\"SPDXRef-File-" NR "\"}"
    }'
    printf ']}}\n'
  } > "$BUILDKIT_SCAN_DESTINATION/$name.spdx.json"
}
scan "$BUILDKIT_SCAN_SOURCE" "$(basename "$BUILDKIT_SCAN_SOURCE")"
if [ -n "${'${BUILDKIT_SCAN_SOURCE_EXTRAS:-}'}" ] && [ -d "$BUILDKIT_SCAN_SOURCE_EXTRAS" ]; then
  for extra in "$BUILDKIT_SCAN_SOURCE_EXTRAS"/*; do
    if [ -d "$extra" ]; then scan "$extra" "$(basename "$extra")"; fi
  done
fi
`;

// no RUN: the generator image is built for both platforms without an emulator, whichever BuildKit resolves it for
const SCANNER_DOCKERFILE = [
  `FROM ${s.baseImage}`,
  'ARG TOOL',
  'ENV SCANNER_TOOL=$TOOL',
  'COPY scan.sh /scan.sh',
  'CMD ["sh", "/scan.sh"]',
  '',
].join('\n');

const DOCKERFILE = [
  `FROM ${s.baseImage} AS stage`,
  'ARG BUILDKIT_SBOM_SCAN_STAGE=true',
  'ARG TARGETARCH',
  `RUN touch /stage-${id}-$TARGETARCH`,
  `FROM ${s.baseImage}`,
  'ARG TARGETARCH',
  `COPY --from=stage /stage-${id}-$TARGETARCH /from-stage`,
  `RUN touch /image-${id}-$TARGETARCH`,
  '',
].join('\n');

const login = { registry: s.registry, username: s.username, password: s.password };
// the builder's BuildKit reaches the loopback registry over the host's network, in plain HTTP: the image's push and
// the generator's pull alike (what README promises a runner with its own registry)
const builderInputs = { 'driver-opts': 'network=host', 'insecure-registries': s.registry };

let attests: ActionRun;
let sbom: ActionRun;

/** Pushes the generator under `scanner(tool)`, with the daemon's own builder (the loopback registry is insecure to it). */
function pushScanner(tool: string): void {
  const built = docker(
    [
      'buildx',
      'build',
      '--builder',
      'default',
      '--platform',
      'linux/amd64,linux/arm64',
      '--provenance=false',
      '--build-arg',
      `TOOL=${tool}`,
      '--tag',
      scanner(tool),
      '--push',
      `${ws.dir}/scanner`,
    ],
    { DOCKER_CONFIG: ws.dockerConfig },
  );
  if (built.code !== 0) throw new Error(`building the SBOM generator ${scanner(tool)}: ${built.stderr.slice(-2000)}`);
}

beforeAll(async () => {
  ws.write('scanner/scan.sh', SCAN_SH);
  ws.write('scanner/Dockerfile', SCANNER_DOCKERFILE);
  ws.write('ctx/Dockerfile', DOCKERFILE);
  const loggedIn = docker(['login', s.registry, '-u', s.username, '--password-stdin'], { DOCKER_CONFIG: ws.dockerConfig }, s.password);
  if (loggedIn.code !== 0) throw new Error(`docker login: ${loggedIn.stderr}`);
  pushScanner('scanner-a');
  pushScanner('scanner-b');

  const inputs = {
    ...login,
    ...builderInputs,
    platforms: Object.keys(ARCHES).join(','),
    context: `${ws.dir}/ctx`,
    name: builderName,
    provenance: 'false',
  };
  attests = await ws.run({
    ...inputs,
    tags: `${s.registry}/${repository}:attests`,
    attests: `type=sbom,generator=${scanner('scanner-a')}`,
    cleanup: 'false',
  });
  sbom = await ws.run({
    ...inputs,
    provenance: '',
    tags: `${s.registry}/${repository}:sbom`,
    // CSV as buildx reads it: a quoted type, and a quoted value holding a comma
    attests: `"type=sbom",generator=${scanner('scanner-a')}\ntype=provenance,mode=max,"builder-id=${BUILDER_ID}"`,
    sbom: `generator=${scanner('scanner-b')}`,
  });
}, 900_000);

afterAll(() => {
  docker(['buildx', 'rm', '--force', builderName], { DOCKER_CONFIG: ws.dockerConfig });
  // the docker driver keeps what it builds in the daemon's image store too
  docker(['image', 'rm', scanner('scanner-a'), scanner('scanner-b')]);
  ws.remove();
});

interface Layer {
  digest: string;
  annotations?: Record<string, string>;
}
interface Spdx {
  name: string;
  creationInfo: { creators: string[] };
  files: { fileName: string; comment?: string }[];
}
interface Statement {
  predicateType: string;
  subject: { name: string; digest: { sha256: string } }[];
  predicate: Spdx;
}
interface Attested {
  /** The platform's image manifest digest, from the index. */
  image: string;
  layers: Layer[];
}

/** Per platform, its image and the in-toto layers of its attestation manifest, as the registry holds them. */
async function attestationsOf(run: ActionRun): Promise<Record<string, Attested>> {
  const index = await registryManifest(s, repository, run.outputs.digest);
  expect(index.status).toBe(200);
  const entries = (JSON.parse(index.body) as { manifests: { digest: string; annotations?: Record<string, string> }[] }).manifests;
  const byPlatform: Record<string, Attested> = {};
  for (const [platform, image] of Object.entries(indexPlatforms(index.body))) {
    const attestation = entries.find(
      (m) =>
        m.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' && m.annotations['vnd.docker.reference.digest'] === image,
    );
    if (!attestation) throw new Error(`no attestation manifest for ${platform} (${image}) in ${index.body}`);
    byPlatform[platform] = {
      image,
      layers: (JSON.parse((await registryManifest(s, repository, attestation.digest)).body) as { layers: Layer[] }).layers,
    };
  }
  return byPlatform;
}

/** The SPDX statements among the layers, by the name the generator gave each document (its scanned directory's basename). */
async function spdxStatements(layers: Layer[]): Promise<Record<string, Statement>> {
  const statements: Record<string, Statement> = {};
  for (const layer of layers.filter((l) => l.annotations?.['in-toto.io/predicate-type'] === 'https://spdx.dev/Document')) {
    const statement = JSON.parse(await registryBlob(s, repository, layer.digest)) as Statement;
    expect(statement.predicateType).toBe('https://spdx.dev/Document');
    statements[statement.predicate.name] = statement;
  }
  return statements;
}

/** The digests of an image's layers, as its manifest lists them. */
async function layerDigests(image: string): Promise<string[]> {
  return (JSON.parse((await registryManifest(s, repository, image)).body) as { layers: { digest: string }[] }).layers.map(
    (layer) => layer.digest,
  );
}

const filesOf = (statement: Statement | undefined): string[] => (statement?.predicate.files ?? []).map((f) => f.fileName);

test('both runs succeed and push an index', () => {
  for (const run of [attests, sbom]) {
    expect({ main: run.main.code, post: run.post.code, errors: errorsOf(run), digest: run.outputs.digest }).toEqual({
      main: 0,
      post: 0,
      errors: [],
      digest: expect.stringMatching(/^sha256:/),
    });
  }
});

test('platform-digests holds the two images of the index, its attestation manifests left out', async () => {
  const index = await registryManifest(s, repository, attests.outputs.digest);
  expect((JSON.parse(index.body) as { manifests: unknown[] }).manifests).toHaveLength(4);
  expect(JSON.parse(attests.outputs['platform-digests'])).toEqual(indexPlatforms(index.body));
  expect(Object.keys(indexPlatforms(index.body)).sort()).toEqual(Object.keys(ARCHES).sort());
});

test('attests type=sbom,generator=<own image>: each platform has an SPDX attestation of its own image, from our generator', async () => {
  const attested = await attestationsOf(attests);
  expect(Object.keys(attested).sort()).toEqual(Object.keys(ARCHES).sort());
  for (const [platform, arch] of Object.entries(ARCHES)) {
    const { image, layers } = attested[platform];
    const core = (await spdxStatements(layers)).sbom;
    const files = filesOf(core);
    // the final image's files, this platform's and not the other's, and the base image's
    expect({
      platform,
      mine: files.includes(`./image-${id}-${arch}`),
      other: files.includes(`./image-${id}-${arch === 'amd64' ? 'arm64' : 'amd64'}`),
      fromStage: files.includes('./from-stage'),
      busybox: files.includes('./bin/busybox'),
    }).toEqual({ platform, mine: true, other: false, fromStage: true, busybox: true });
    // BuildKit adds itself as a creator beside our generator, makes the platform's image the subject, and notes
    // the layer each file came from: the nonce file comes from the image's last layer
    expect({
      platform,
      creators: core.predicate.creationInfo.creators,
      subject: core.subject.map((subject) => subject.digest.sha256),
    }).toEqual({ platform, creators: expect.arrayContaining(['Tool: scanner-a']), subject: [image.replace(/^sha256:/, '')] });
    const layerOf = core.predicate.files.find((f) => f.fileName === `./image-${id}-${arch}`)?.comment;
    expect({ platform, layerOf }).toEqual({ platform, layerOf: `layerID: ${(await layerDigests(image)).at(-1)}` });
    // no provenance was asked for: the SBOMs are all the attestation manifest holds
    expect(layers.map((l) => l.annotations?.['in-toto.io/predicate-type']).filter((type) => type !== 'https://spdx.dev/Document')).toEqual(
      [],
    );
  }
});

test('the stage marked BUILDKIT_SBOM_SCAN_STAGE reaches the generator through BUILDKIT_SCAN_SOURCE_EXTRAS', async () => {
  const attested = await attestationsOf(attests);
  for (const [platform, arch] of Object.entries(ARCHES)) {
    const statements = await spdxStatements(attested[platform].layers);
    expect({ platform, names: Object.keys(statements).sort() }).toEqual({ platform, names: ['sbom', 'sbom-stage'] });
    const stage = filesOf(statements['sbom-stage']);
    expect({ platform, stageFile: stage.includes(`./stage-${id}-${arch}`), imageFile: stage.includes(`./image-${id}-${arch}`) }).toEqual({
      platform,
      stageFile: true,
      imageFile: false,
    });
  }
});

test('sbom: generator=… wins over the (quoted) sbom entry of attests; the provenance entry beside it stays, its quoted builder-id whole', async () => {
  const attested = await attestationsOf(sbom);
  expect(Object.keys(attested).sort()).toEqual(Object.keys(ARCHES).sort());
  for (const [platform, arch] of Object.entries(ARCHES)) {
    const { layers } = attested[platform];
    const statements = await spdxStatements(layers);
    const tools = Object.values(statements)
      .flatMap((statement) => statement.predicate.creationInfo.creators)
      .filter((creator) => creator.startsWith('Tool: scanner-'));
    expect({ platform, tools }).toEqual({ platform, tools: ['Tool: scanner-b', 'Tool: scanner-b'] });
    expect({ platform, mine: filesOf(statements.sbom).includes(`./image-${id}-${arch}`) }).toEqual({ platform, mine: true });
    const provenance = layers.filter((l) =>
      (l.annotations?.['in-toto.io/predicate-type'] ?? '').startsWith('https://slsa.dev/provenance/'),
    );
    expect({ platform, provenance: provenance.length }).toEqual({ platform, provenance: 1 });
    // mode=max, as the attests entry says, records the build's configuration; the builder id keeps its comma
    const predicate = (
      JSON.parse(await registryBlob(s, repository, provenance[0].digest)) as {
        predicate: { builder?: { id: string }; runDetails?: { builder: { id: string } } };
      }
    ).predicate;
    expect({
      platform,
      max: /buildConfig|"llbDefinition"/.test(JSON.stringify(predicate)),
      builderId: predicate.builder?.id ?? predicate.runDetails?.builder.id,
    }).toEqual({ platform, max: true, builderId: BUILDER_ID });
  }
});
