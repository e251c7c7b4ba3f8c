/** etm:elect: elects the next active set once the round has ended (anyone may call it). */
import { confirm } from "./lib/send";
import { systemTask } from "./lib/system";

systemTask(
  "etm:elect",
  "Elects the next active set once the round has ended (anyone may call)",
  async (_args, open) => {
    const s = await open();
    await confirm("elect", s.election.elect);
    console.log(`active set: ${(await s.election.activeValidators()).join(", ")}`);
  },
  "elect",
).addOptionalParam("account", "sender: index or address");
