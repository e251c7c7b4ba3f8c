/**
 * etm:evidence — proves a double sign to the DoubleSignEvidence contract (docs/evidence.md): two
 * headers of different blocks at the same height, committed in the same round, from files, hex or
 * JSON (`--header-a`, `--header-b`), or read from two nodes that saw different blocks (`--rpc-a`,
 * `--rpc-b`, `--block`). Finds the operators of the active set of that height, dry-runs the proof
 * (every refusal in words) and sends it unless `--dry-run`.
 */
import fs from "node:fs";
import { formatEtm, UserInputError } from "./lib/input";
import { systemTask, type ConnectedSystem } from "./lib/system";

interface EvidenceArgs {
  headerA?: string;
  headerB?: string;
  rpcA?: string;
  rpcB?: string;
  block?: string;
  dryRun?: boolean;
  account?: string;
}

/** A flag's header: the contents of the file it names, or the flag's text itself. */
function readHeaderFlag(value: string): string {
  return fs.existsSync(value) && fs.statSync(value).isFile() ? fs.readFileSync(value, "utf8") : value;
}

async function headersFromFlags(args: EvidenceArgs): Promise<[string, string]> {
  const { parseHeaderInput, headerRlpFromBlock, HeaderInputError } = await import("../lib/blockHeader");
  try {
    if (args.rpcA !== undefined || args.rpcB !== undefined) {
      if (!args.rpcA || !args.rpcB || args.block === undefined || !/^\d+$/.test(args.block))
        throw new UserInputError(
          "--rpc-a and --rpc-b need each other and --block <number>: the height at which the two nodes saw different blocks",
        );
      const { JsonRpcProvider, toQuantity } = await import("ethers");
      const fetch = async (url: string, name: string) => {
        const provider = new JsonRpcProvider(url, undefined, { staticNetwork: true });
        try {
          const block = await provider.send("eth_getBlockByNumber", [toQuantity(BigInt(args.block!)), false]);
          if (!block) throw new UserInputError(`${name} (${url}) has no block ${args.block}`);
          return headerRlpFromBlock(block);
        } catch (error) {
          if (error instanceof UserInputError || error instanceof HeaderInputError) throw error;
          throw new UserInputError(
            `${name} (${url}) could not be read: ${(error as Error).message.split("\n")[0]}`,
          );
        } finally {
          provider.destroy();
        }
      };
      return [await fetch(args.rpcA, "--rpc-a"), await fetch(args.rpcB, "--rpc-b")];
    }
    if (!args.headerA || !args.headerB)
      throw new UserInputError(
        "give the two headers: --header-a and --header-b (a file or the text: RLP hex, or eth_getBlockByNumber's JSON), " +
          "or --rpc-a, --rpc-b and --block to read them from two nodes",
      );
    return [
      parseHeaderInput(readHeaderFlag(args.headerA), "--header-a"),
      parseHeaderInput(readHeaderFlag(args.headerB), "--header-b"),
    ];
  } catch (error) {
    if (error instanceof HeaderInputError) throw new UserInputError(error.message);
    throw error;
  }
}

/** The operators of the active set that governed `blockNumber`, in set order. */
async function operatorsAt(
  s: ConnectedSystem,
  blockNumber: bigint,
): Promise<{ setId: bigint; operators: string[] }> {
  const [setId, , signersCode] = await s.election.activeSetAt(blockNumber);
  if (signersCode === "0x0000000000000000000000000000000000000000")
    throw new UserInputError(
      `the election keeps no record of the active set at block ${blockNumber} (installed before records existed): it cannot be proven on chain`,
    );
  if (setId === 1n) {
    // The genesis set: its operators are its signers (placeholders until the first election).
    const code = await s.election.runner!.provider!.getCode(signersCode);
    const bytes = code.slice(4); // "0x" and the leading 0x00 byte
    const operators: string[] = [];
    for (let i = 0; i + 40 <= bytes.length; i += 40) operators.push(`0x${bytes.slice(i, i + 40)}`);
    return { setId, operators };
  }
  const { queryInWindows } = await import("../lib/logs");
  const fromBlock = s.record.blocks.election ?? 0;
  const latest = await s.election.runner!.provider!.getBlockNumber();
  const events = await queryInWindows(
    s.election,
    s.election.filters.ValidatorsElected(undefined, setId),
    fromBlock,
    latest,
  );
  const event = events[0] as { args?: { operators: string[] } } | undefined;
  if (!event?.args)
    throw new UserInputError(
      `the ValidatorsElected event of set ${setId} was not found from block ${fromBlock}`,
    );
  return { setId, operators: [...event.args.operators] };
}

systemTask<EvidenceArgs>(
  "etm:evidence",
  "Proves a QBFT double sign (two headers at one height, one round) and slashes the signer",
  async (args, open) => {
    const [headerA, headerB] = await headersFromFlags(args);
    const { headerNumber } = await import("../lib/blockHeader");
    const [heightA, heightB] = [headerNumber(headerA), headerNumber(headerB)];
    if (heightA !== heightB)
      throw new UserInputError(
        `the headers are at different heights (${heightA} and ${heightB}): a double sign is two blocks at one height`,
      );
    const s = await open();
    const address = s.record.contracts.evidence;
    if (!address)
      throw new UserInputError(
        `deployments/${s.network}.json has no evidence contract (deployed before it existed): deploy DoubleSignEvidence and grant it the pool's SLASHER_ROLE (--set slasher=<address>)`,
      );
    const { DoubleSignEvidence__factory } = await import("../typechain-types");
    const evidence = DoubleSignEvidence__factory.connect(address, s.account);
    const { setId, operators } = await operatorsAt(s, heightA);
    const rewardWei = await evidence.submitDoubleSign.staticCall(headerA, headerB, operators);
    console.log(
      `evidence at block ${heightA} (active set ${setId}) holds: submitting it pays you ${formatEtm(rewardWei)} ETM` +
        (args.dryRun ? " (dry run: nothing sent)" : ""),
    );
    if (args.dryRun) return;
    const tx = await evidence.submitDoubleSign(headerA, headerB, operators);
    const receipt = (await tx.wait())!;
    for (const log of receipt.logs) {
      const parsed = evidence.interface.parseLog(log);
      if (parsed?.name !== "DoubleSignPunished") continue;
      console.log(
        `punished ${parsed.args.operator} (signer ${parsed.args.signer}): slashed and tombstoned; reward ${formatEtm(parsed.args.rewardWei)} ETM`,
      );
    }
    console.log(`confirmed in block ${receipt.blockNumber} (tx ${tx.hash}, gas ${receipt.gasUsed})`);
  },
)
  .addOptionalParam("headerA", "first header: a file or the text (RLP hex, or eth_getBlockByNumber's JSON)")
  .addOptionalParam("headerB", "second header, as --header-a")
  .addOptionalParam("rpcA", "instead: a node that has one of the blocks (JSON-RPC URL)")
  .addOptionalParam("rpcB", "and a node that has the other")
  .addOptionalParam("block", "with --rpc-a/--rpc-b: the height of the two blocks")
  .addFlag("dryRun", "check the proof and show the reward without sending")
  .addOptionalParam("account", "sender (receives the reward): index or address");
