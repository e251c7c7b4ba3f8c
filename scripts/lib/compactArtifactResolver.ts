/**
 * The artifact resolver `npm run deploy` hands Ignition: Hardhat's, with each build info read once and
 * kept without what only debuggers read.
 *
 * Ignition copies a contract's whole build info into the deployment's journal directory for every
 * contract it deploys (ignition/deployments/<id>/build-info/<build id>.json, rewritten each time). This
 * project's build info is one solc run over every contract: 25 MB, 59 MB as Ignition writes it, written
 * about twenty times per deployment, which took ~30 s of a 37 s deployment on an automining chain.
 * The copy keeps everything that reproduces or verifies the build — the solc input (every source and
 * setting), the compiler version, and for every contract its ABI, metadata, storage layout, bytecode,
 * link and immutable references and source maps — and leaves out the ASTs, the opcode listings, the
 * compiler-generated Yul sources and the function debug data (`artifacts/build-info/` has them all).
 * Every contract's copy is the same, so the file each deployment rewrites always holds every contract.
 */
import fs from "node:fs";
import path from "node:path";
import type { Artifact, ArtifactResolver, BuildInfo } from "@nomicfoundation/ignition-core";
import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** The parts of a bytecode output a verifier or a source map needs. */
const BYTECODE_FIELDS = ["object", "linkReferences", "immutableReferences", "sourceMap"] as const;

type Json = Record<string, unknown>;

/** `bytecode` with only BYTECODE_FIELDS (those present). */
function compactBytecode(bytecode: Json | undefined): Json | undefined {
  if (bytecode === undefined) return undefined;
  return Object.fromEntries(BYTECODE_FIELDS.filter((k) => k in bytecode).map((k) => [k, bytecode[k]]));
}

/** `buildInfo` without ASTs, opcodes, generated Yul sources and function debug data (a new object). */
export function compactBuildInfo(buildInfo: BuildInfo): BuildInfo {
  const output = buildInfo.output as unknown as {
    sources?: Record<string, { id: number }>;
    contracts?: Record<string, Record<string, Json & { evm?: Json }>>;
    errors?: unknown[];
  };
  const sources = Object.fromEntries(
    Object.entries(output.sources ?? {}).map(([name, source]) => [name, { id: source.id }]),
  );
  const contracts = Object.fromEntries(
    Object.entries(output.contracts ?? {}).map(([file, byName]) => [
      file,
      Object.fromEntries(
        Object.entries(byName).map(([name, contract]) => {
          const { evm, ...rest } = contract;
          if (evm === undefined) return [name, rest];
          const compactEvm: Json = {
            ...evm,
            bytecode: compactBytecode(evm.bytecode as Json | undefined),
            deployedBytecode: compactBytecode(evm.deployedBytecode as Json | undefined),
          };
          return [name, { ...rest, evm: compactEvm }];
        }),
      ),
    ]),
  );
  return {
    ...buildInfo,
    output: { ...output, sources, contracts } as unknown as BuildInfo["output"],
  };
}

export class CompactArtifactResolver implements ArtifactResolver {
  private readonly hardhat: HardhatArtifactResolver;
  /** One compact copy per build-info file (many contracts share one build), read and trimmed once. */
  private readonly builds = new Map<string, Promise<BuildInfo>>();

  constructor(private readonly hre: HardhatRuntimeEnvironment) {
    this.hardhat = new HardhatArtifactResolver(hre);
  }

  loadArtifact(contractName: string): Promise<Artifact> {
    return this.hardhat.loadArtifact(contractName);
  }

  async getBuildInfo(contractName: string): Promise<BuildInfo | undefined> {
    // Hardhat's layout: artifacts/<source>/<Contract>.dbg.json names the contract's build-info file.
    const { sourceName, contractName: name } = await this.hre.artifacts.readArtifact(contractName);
    const debugFile = path.join(this.hre.config.paths.artifacts, sourceName, `${name}.dbg.json`);
    if (!fs.existsSync(debugFile)) return undefined;
    const { buildInfo } = JSON.parse(fs.readFileSync(debugFile, "utf8")) as { buildInfo: string };
    const file = path.resolve(path.dirname(debugFile), buildInfo);
    let compact = this.builds.get(file);
    if (compact === undefined) {
      compact = fs.promises
        .readFile(file, "utf8")
        .then((text) => compactBuildInfo(JSON.parse(text) as BuildInfo));
      this.builds.set(file, compact);
    }
    return compact;
  }
}
