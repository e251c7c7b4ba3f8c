/**
 * etm:signer-proof: prints the signer proof an operator pastes into the dApp's registration form,
 * signed with the QBFT signer key from ETM_SIGNER_KEY or ETM_SIGNER_KEYSTORE (never a flag). Run it
 * where the signer key is; it sends nothing.
 */
import { signSignerProof, signerProofTypedDataJson } from "../lib/signerProof";
import { parseAddress } from "./lib/input";
import { signerKeyFromEnv } from "./lib/signerKey";
import { chainIdOf, systemTask } from "./lib/system";

systemTask(
  "etm:signer-proof",
  "Prints the signer proof for the dApp's registration form (signer key from ETM_SIGNER_KEY or ETM_SIGNER_KEYSTORE); sends nothing",
  async (args, open, hre) => {
    const operator = parseAddress("operator", args.operator);
    const expectedSigner = args.signer === undefined ? undefined : parseAddress("signer", args.signer);
    const key = await signerKeyFromEnv(process.env, expectedSigner);
    const s = await open();
    const subject = { operator, pool: await s.pool.getAddress(), chainId: await chainIdOf(hre) };
    const proof = await signSignerProof(key, subject);
    console.log("Signed typed data (EIP-712):");
    console.log(signerProofTypedDataJson({ ...subject, signer: proof.signer }));
    console.log(`Signer address: ${proof.signer}`);
    console.log(`Signer proof (paste into the dApp's registration form): ${proof.signature}`);
  },
  "register",
)
  .addParam("operator", "the operator account that will register (sends registerValidator)")
  .addOptionalParam("signer", "QBFT signer address (checked against the signer key, if given)");
