/** etm:deregister: the validator leaves the set; its self-stake unbonds. */
import { confirm } from "./lib/send";
import { systemTask } from "./lib/system";

systemTask(
  "etm:deregister",
  "Leaves the validator set; the self-stake unbonds",
  async (_args, open) => {
    const s = await open();
    await confirm("deregister", s.pool.deregisterValidator);
  },
  "deregister",
).addOptionalParam("account", "operator account: index or address");
