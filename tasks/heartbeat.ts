/** etm:heartbeat: shows the election that the validator is online (needed to be eligible). */
import { confirm, systemTask } from "./lib/system";

systemTask(
  "etm:heartbeat",
  "Shows the election that your validator is online this round",
  async (_args, open) => {
    const s = await open();
    await confirm(`heartbeat for round ${await s.election.currentRound()}`, s.election.heartbeat);
  },
).addOptionalParam("account", "operator or signer account: index or address");
