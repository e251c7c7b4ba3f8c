/** etm:reveal: reveals this round's beacon secret from the file etm:commit wrote. */
import fs from "node:fs";
import { confirm } from "./lib/send";
import { systemTask } from "./lib/system";
import { UserInputError } from "./lib/input";
import { secretFile, secretsDir } from "./lib/secrets";

systemTask(
  "etm:reveal",
  "Reveals this round's secret from its file",
  async (args, open) => {
    const s = await open();
    const dir = secretsDir(args.secretsDir);
    const round = await s.election.currentRound();
    const file = secretFile(dir, s.account.address, round);
    if (!fs.existsSync(file))
      throw new UserInputError(`no secret for round ${round} in ${file}: commit first (etm:commit)`);
    const secret = fs.readFileSync(file, "utf8").trim();
    await confirm(`reveal for round ${round}`, s.election.reveal, secret);
  },
  "reveal",
)
  .addOptionalParam("secretsDir", "directory of secret files (default ./secrets)")
  .addOptionalParam("account", "operator account: index or address");
