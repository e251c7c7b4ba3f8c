/**
 * etm:commit: commits a fresh random secret for this round's beacon seed; the secret is kept in a
 * file only the operator can read, for etm:reveal.
 */
import fs from "node:fs";
import { AbiCoder, hexlify, keccak256, randomBytes } from "ethers";
import { confirm } from "./lib/send";
import { systemTask } from "./lib/system";
import { UserInputError } from "./lib/input";
import { secretFile, secretsDir } from "./lib/secrets";

systemTask(
  "etm:commit",
  "Commits a fresh random secret for this round's seed (keep the file!)",
  async (args, open) => {
    const s = await open();
    const dir = secretsDir(args.secretsDir);
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
  "commit",
)
  .addOptionalParam("secretsDir", "directory for secret files (default ./secrets, created mode 700)")
  .addOptionalParam("account", "operator account: index or address");
