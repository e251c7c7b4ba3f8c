/**
 * etm:stake: bonds ETM (with decimals) to a validator. When the pool's allowance is short, the account
 * signs an EIP-2612 permit and sends one `stakeWithPermit`; `--approve` sends approve + stake instead.
 */
import { planStake } from "../lib/actions/staking";
import { formatEtmExact, parseAddress, parseEtm } from "./lib/input";
import { runSteps } from "./lib/send";
import { actionContext, systemTask } from "./lib/system";

systemTask<{ validator: string; amount: string; account?: string; approve: boolean }>(
  "etm:stake",
  "Bonds ETM to a validator in one transaction with a signed permit (or approve + stake with --approve)",
  async (args, open) => {
    const validator = parseAddress("validator", args.validator);
    const amountWei = parseEtm("amount", args.amount);
    const system = await open();
    const context = actionContext(system, { permits: !args.approve });
    await runSteps(await planStake(context, validator, amountWei));
    const stakedWei = await system.pool.stakeOf(system.account.address, validator);
    console.log(`staked now: ${formatEtmExact(stakedWei)} ETM`);
  },
  "stake",
)
  .addParam("validator", "operator address of the validator")
  .addParam("amount", "ETM to stake, e.g. 100 or 12.5")
  .addOptionalParam("account", "sender: account index or address (default: the first account)")
  .addFlag("approve", "send approve (if the allowance is short) and stake instead of signing a permit");
