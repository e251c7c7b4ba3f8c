/**
 * etm:register: registers the account as a validator candidate, bonding its self-stake. The QBFT
 * signer key signs the signer proof (docs/staking.md, "Signer proofs"); the key is read from
 * ETM_SIGNER_KEY or ETM_SIGNER_KEYSTORE (tasks/lib/signerKey.ts), never from a flag.
 */
import { planRegister } from "../lib/actions/validator";
import { signSignerProof } from "../lib/signerProof";
import { parseAddress, parseEtm, parsePercentToWad } from "./lib/input";
import { runSteps } from "./lib/send";
import { signerKeyFromEnv } from "./lib/signerKey";
import { actionContext, chainIdOf, systemTask } from "./lib/system";

systemTask(
  "etm:register",
  "Registers the account as a validator candidate, bonding its self-stake (signer key from ETM_SIGNER_KEY or ETM_SIGNER_KEYSTORE)",
  async (args, open, hre) => {
    const expectedSigner = args.signer === undefined ? undefined : parseAddress("signer", args.signer);
    const commissionWad = parsePercentToWad("commission", args.commission ?? "");
    const selfStakeWei = parseEtm("self-stake", args.selfStake ?? "");
    const key = await signerKeyFromEnv(process.env, expectedSigner);
    const s = await open();
    const proof = await signSignerProof(key, {
      operator: s.account.address,
      pool: await s.pool.getAddress(),
      chainId: await chainIdOf(hre),
    });
    console.log(`Signer ${proof.signer} signed the proof for operator ${s.account.address}.`);
    await runSteps(await planRegister(actionContext(s), proof.signer, commissionWad, selfStakeWei, proof));
    console.log("Send a heartbeat each round (etm:heartbeat) so the election considers you.");
  },
  "register",
)
  .addOptionalParam("signer", "QBFT signer address of your node (checked against the signer key, if given)")
  .addParam("commission", "commission in percent, e.g. 5 or 7.5")
  .addParam("selfStake", "self-stake (security deposit) in ETM")
  .addOptionalParam("account", "operator account: index or address");
