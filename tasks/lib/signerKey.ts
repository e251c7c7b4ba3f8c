/**
 * The QBFT signer key that signs a registration's signer proof (lib/signerProof.ts). It is read from
 * the environment, never from a command-line flag (flags end up in shell history and `ps`):
 *   ETM_SIGNER_KEY=0x<64 hex digits>                       the private key itself, or
 *   ETM_SIGNER_KEYSTORE=<file> ETM_SIGNER_KEYSTORE_PASSWORD=<password>   an encrypted JSON keystore
 *                                                          (geth/ethers format; Besu's `key` files are raw
 *                                                          hex: use ETM_SIGNER_KEY=0x$(cat key)).
 */
import fs from "node:fs";
import { getAddress, Wallet } from "ethers";
import { UserInputError } from "./input";

export const SIGNER_KEY_ENV = "ETM_SIGNER_KEY";
export const SIGNER_KEYSTORE_ENV = "ETM_SIGNER_KEYSTORE";
export const SIGNER_KEYSTORE_PASSWORD_ENV = "ETM_SIGNER_KEYSTORE_PASSWORD";

const HOW =
  `set ${SIGNER_KEY_ENV}=0x<the signer's 64-hex-digit private key> (for a Besu node: ${SIGNER_KEY_ENV}=0x$(cat <data-path>/key)), ` +
  `or ${SIGNER_KEYSTORE_ENV}=<keystore file> with ${SIGNER_KEYSTORE_PASSWORD_ENV}=<its password>`;

/**
 * The signer key from the environment; `expectedSigner` (the `--signer` flag, if given) must be its
 * address. Every failure names the variable and the fix.
 */
export async function signerKeyFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  expectedSigner?: string,
): Promise<Wallet> {
  const rawKey = env[SIGNER_KEY_ENV]?.trim();
  const keystore = env[SIGNER_KEYSTORE_ENV]?.trim();
  let wallet: Wallet;
  if (rawKey && keystore) {
    throw new UserInputError(
      `both ${SIGNER_KEY_ENV} and ${SIGNER_KEYSTORE_ENV} are set: unset one, so it is clear which key signs.`,
    );
  } else if (rawKey) {
    const hex = rawKey.startsWith("0x") ? rawKey : `0x${rawKey}`;
    if (!/^0x[0-9a-fA-F]{64}$/.test(hex)) {
      throw new UserInputError(
        `${SIGNER_KEY_ENV} is not a private key (0x followed by 64 hex digits; its value is not shown): ${HOW}.`,
      );
    }
    try {
      wallet = new Wallet(hex);
    } catch {
      throw new UserInputError(`${SIGNER_KEY_ENV} is not a valid secp256k1 private key: ${HOW}.`);
    }
  } else if (keystore) {
    if (!fs.existsSync(keystore)) {
      throw new UserInputError(`${SIGNER_KEYSTORE_ENV}: no file at "${keystore}": ${HOW}.`);
    }
    const password = env[SIGNER_KEYSTORE_PASSWORD_ENV];
    if (password === undefined) {
      throw new UserInputError(
        `${SIGNER_KEYSTORE_ENV} is set but ${SIGNER_KEYSTORE_PASSWORD_ENV} is not: set it to the keystore's password.`,
      );
    }
    try {
      const decrypted = await Wallet.fromEncryptedJson(fs.readFileSync(keystore, "utf8"), password);
      wallet = new Wallet(decrypted.privateKey);
    } catch (error) {
      throw new UserInputError(
        `${SIGNER_KEYSTORE_ENV} "${keystore}" could not be decrypted (${(error as Error).message}): check the file and ${SIGNER_KEYSTORE_PASSWORD_ENV}.`,
      );
    }
  } else {
    throw new UserInputError(
      `no signer key: registration needs a proof signed by the QBFT signer key; ${HOW}. Never pass the key as a flag.`,
    );
  }
  if (expectedSigner !== undefined && getAddress(expectedSigner) !== wallet.address) {
    throw new UserInputError(
      `the key in ${rawKey ? SIGNER_KEY_ENV : SIGNER_KEYSTORE_ENV} is the key of ${wallet.address}, not of --signer ${getAddress(expectedSigner)}: ` +
        `set ${rawKey ? SIGNER_KEY_ENV : SIGNER_KEYSTORE_ENV} to the key of ${getAddress(expectedSigner)}, or drop --signer to register ${wallet.address}.`,
    );
  }
  return wallet;
}
