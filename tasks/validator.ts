/**
 * Validator tasks: etm:register, etm:commission, etm:deregister, etm:heartbeat, etm:elect,
 * etm:commit and etm:reveal (the randomness beacon; the secret is kept in a file the operator owns),
 * etm:validator-claim (the active set's share of fees and of the delta mint), etm:delegate (votes).
 */
import fs from "node:fs";
import path from "node:path";
import { task } from "hardhat/config";
import { AbiCoder, hexlify, keccak256, randomBytes } from "ethers";
import { connect, confirm, runTask } from "./lib/system";
import type { ConnectedSystem } from "./lib/system";
import { formatEtm, parseAddress, parseEtm, parsePercentToWad, UserInputError } from "./lib/input";

type Args = Record<string, string | undefined> & { account?: string };

/** Defines a task that connects to the deployed system and reports failures in plain words. */
function systemTask(
  name: string,
  description: string,
  body: (system: ConnectedSystem, args: Args) => Promise<void>,
) {
  return task(name, description).setAction(async (args: Args, hre) => {
    let system: ConnectedSystem | undefined;
    await runTask(
      name,
      async () => {
        system = await connect(hre, args.account);
        await body(system, args);
      },
      () => system?.interfaces ?? [],
    );
  });
}

systemTask(
  "etm:register",
  "Registers the account as a validator candidate, bonding its self-stake",
  async (s, args) => {
    const signer = parseAddress("signer", args.signer);
    const commission = parsePercentToWad("commission", args.commission ?? "");
    const selfStake = parseEtm("self-stake", args.selfStake ?? "");
    const minSelfStake = await s.pool.parameter(2);
    if (selfStake < minSelfStake) {
      throw new UserInputError(
        `--self-stake ${args.selfStake} ETM is below the minimum self-stake of ${formatEtm(minSelfStake)} ETM`,
      );
    }
    const poolAddress = await s.pool.getAddress();
    if ((await s.token.allowance(s.account.address, poolAddress)) < selfStake) {
      await confirm("approve", s.token.approve, poolAddress, selfStake);
    }
    await confirm(
      `register ${s.account.address} (signer ${signer})`,
      s.pool.registerValidator,
      signer,
      commission,
      selfStake,
    );
    console.log("Send a heartbeat each round (etm:heartbeat) so the election considers you.");
  },
)
  .addParam("signer", "QBFT signer address of your node")
  .addParam("commission", "commission in percent, e.g. 5 or 7.5")
  .addParam("selfStake", "self-stake (security deposit) in ETM")
  .addOptionalParam("account", "operator account: index or address");

systemTask("etm:commission", "Schedules a new commission rate for your validator", async (s, args) => {
  const commission = parsePercentToWad("rate", args.rate ?? "");
  await confirm(`set commission to ${args.rate}%`, s.pool.setCommission, commission);
  const info = await s.pool.validatorInfo(s.account.address);
  if (info.commissionEffectiveBlock !== 0n)
    console.log(`takes effect at block ${info.commissionEffectiveBlock}`);
})
  .addParam("rate", "new commission in percent")
  .addOptionalParam("account", "operator account: index or address");

systemTask("etm:deregister", "Leaves the validator set; the self-stake unbonds", async (s) => {
  await confirm("deregister", s.pool.deregisterValidator);
}).addOptionalParam("account", "operator account: index or address");

systemTask("etm:heartbeat", "Shows the election that your validator is online this round", async (s) => {
  await confirm(`heartbeat for round ${await s.election.currentRound()}`, s.election.heartbeat);
}).addOptionalParam("account", "operator or signer account: index or address");

systemTask(
  "etm:elect",
  "Elects the next active set once the round has ended (anyone may call)",
  async (s) => {
    await confirm("elect", s.election.elect);
    console.log(`active set: ${(await s.election.activeValidators()).join(", ")}`);
  },
).addOptionalParam("account", "sender: index or address");

/** Where the operator's beacon secret for `round` is kept (a file only its owner can read). */
function secretFile(dir: string, operator: string, round: bigint): string {
  return path.join(dir, `${operator.toLowerCase()}-round-${round}.secret`);
}

systemTask(
  "etm:commit",
  "Commits a fresh random secret for this round's seed (keep the file!)",
  async (s, args) => {
    const dir = args.secretsDir ?? path.join(process.cwd(), "secrets");
    const round = await s.election.currentRound();
    const secret = hexlify(randomBytes(32));
    const commitment = keccak256(
      AbiCoder.defaultAbiCoder().encode(
        ["address", "uint256", "bytes32"],
        [s.account.address, round, secret],
      ),
    );
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = secretFile(dir, s.account.address, round);
    if (fs.existsSync(file))
      throw new UserInputError(`${file} exists: you committed for round ${round} already`);
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    await confirm(`commit for round ${round}`, s.election.commit, commitment);
    const [, , , revealStart] = await s.election.roundInfo();
    console.log(
      `secret kept in ${file}; reveal from block ${revealStart} with etm:reveal (not revealing gets you jailed)`,
    );
  },
)
  .addOptionalParam("secretsDir", "directory for secret files (default ./secrets, created mode 700)")
  .addOptionalParam("account", "operator account: index or address");

systemTask("etm:reveal", "Reveals this round's secret from its file", async (s, args) => {
  const dir = args.secretsDir ?? path.join(process.cwd(), "secrets");
  const round = await s.election.currentRound();
  const file = secretFile(dir, s.account.address, round);
  if (!fs.existsSync(file))
    throw new UserInputError(`no secret for round ${round} in ${file}: commit first (etm:commit)`);
  const secret = fs.readFileSync(file, "utf8").trim();
  await confirm(`reveal for round ${round}`, s.election.reveal, secret);
})
  .addOptionalParam("secretsDir", "directory of secret files (default ./secrets)")
  .addOptionalParam("account", "operator account: index or address");

systemTask(
  "etm:validator-claim",
  "Claims your share of fees and of the delta mint as an active validator",
  async (s) => {
    const [nativeWei, tokenWei] = await s.election.rewardsOf(s.account.address);
    await confirm(`claim ${formatEtm(nativeWei)} (native) and ${formatEtm(tokenWei)} ETM`, s.election.claim);
  },
).addOptionalParam("account", "operator account: index or address");

systemTask(
  "etm:delegate",
  "Delegates your voting power (bonded stake) to an address, yourself by default",
  async (s, args) => {
    const to = args.to ? parseAddress("to", args.to) : s.account.address;
    await confirm(`delegate votes to ${to}`, s.votes.delegate, to);
    console.log(`votes of ${to}: ${formatEtm(await s.votes.getVotes(to))}`);
  },
)
  .addOptionalParam("to", "delegatee address (default: yourself)")
  .addOptionalParam("account", "sender: index or address");
