/**
 * The devnet's keeper: once per block it does what the validators and any keeper of a live chain
 * would (accrue, elect, heartbeats, beacon commits and reveals). Used by run.ts (`npm start`) and by
 * the devnet's end-to-end test; no side effects on import.
 */
import { AbiCoder, hexlify, keccak256, randomBytes } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import type { DeployedSystem } from "../deploy";
import type { DevnetActors } from "./seed";

export class Keeper {
  private heartbeatRound = -1n;
  private committedRound = -1n;
  private revealedRound = -1n;
  private electedFor = -1n;
  private readonly secrets = new Map<string, string>();
  private readonly operatorByAddress: Map<string, DevnetActors["operators"][number]>;

  /** `warn` gets one line per transaction that could not be sent (the keeper goes on). */
  constructor(
    private readonly system: DeployedSystem,
    private readonly actors: DevnetActors,
    private readonly warn: (line: string) => void = console.warn,
  ) {
    this.operatorByAddress = new Map(actors.operators.map((o) => [o.address, o]));
  }

  /** Sends without waiting for the block (3-second blocks); reports a failure in one line. */
  private async send(label: string, sending: Promise<ContractTransactionResponse>): Promise<void> {
    try {
      await sending;
    } catch (error) {
      const message = (error as { shortMessage?: string; message?: string }).shortMessage ?? String(error);
      this.warn(`  keeper: ${label} not sent: ${message}`);
    }
  }

  /** Called once per block: accrue, elect, heartbeat, commit, reveal, as validators would. */
  async onBlock(block: bigint): Promise<void> {
    const { election, pool } = this.system;
    // On a live chain some transaction touches the pool in nearly every block; here the keeper
    // accrues, so the supply shown grows block by block.
    await this.send("accrue", pool.connect(this.actors.admin).accrue());
    const [round, , , revealStartBlock] = await election.roundInfo();
    const electedRound = await election.electedRound();
    if (round > electedRound && this.electedFor !== round) {
      this.electedFor = round;
      await this.send("elect", election.connect(this.actors.admin).elect());
      return; // commits wait for the new set
    }
    if (this.heartbeatRound !== round) {
      this.heartbeatRound = round;
      const listed = await pool.candidates();
      await Promise.all(
        listed
          .map((address) => this.operatorByAddress.get(address))
          .filter((operator) => operator !== undefined)
          .map((operator) =>
            this.send(`heartbeat ${operator.address}`, election.connect(operator).heartbeat()),
          ),
      );
    }
    const active = await election.activeValidators();
    if (electedRound === round && this.committedRound !== round && block + 1n < revealStartBlock) {
      this.committedRound = round;
      this.secrets.clear();
      await Promise.all(
        active.map((address) => {
          const operator = this.operatorByAddress.get(address);
          if (!operator) return Promise.resolve();
          const secret = hexlify(randomBytes(32));
          this.secrets.set(address, secret);
          const commitment = keccak256(
            AbiCoder.defaultAbiCoder().encode(["address", "uint256", "bytes32"], [address, round, secret]),
          );
          return this.send(`commit ${address}`, election.connect(operator).commit(commitment));
        }),
      );
    }
    if (this.committedRound === round && this.revealedRound !== round && block + 1n >= revealStartBlock) {
      this.revealedRound = round;
      await Promise.all(
        [...this.secrets].map(([address, secret]) =>
          this.send(
            `reveal ${address}`,
            election.connect(this.operatorByAddress.get(address)!).reveal(secret),
          ),
        ),
      );
    }
  }
}
