/**
 * QBFT's seat thresholds (Hyperledger Besu): with `n` validators a block needs a quorum of
 * `q = ceil(2n/3)` commit seals. A coalition holding `n - q + 1` seats can withhold every quorum
 * (the chain halts); `q` seats finalise whatever the coalition proposes (control); `2q - n` seats are
 * the overlap of two quorums, so by signing twice the coalition can finalise two conflicting blocks
 * (equivocation) with the help of honest validators split between them.
 */

/** `ceil(2n/3)`, in integers (Besu's `BftHelpers.calculateRequiredValidatorQuorum`). */
export function qbftQuorumSeats(validatorCount: number): number {
  if (!Number.isInteger(validatorCount) || validatorCount < 1) {
    throw new RangeError(`validatorCount must be a positive integer, got ${validatorCount}`);
  }
  return Math.floor((2 * validatorCount + 2) / 3);
}

export interface CaptureThresholds {
  validatorCount: number;
  quorumSeats: number;
  /** Seats that halt the chain: `n - q + 1`. */
  haltSeats: number;
  /** Seats that finalise alone: `q`. */
  controlSeats: number;
  /** Seats that can finalise two conflicting blocks by equivocating: `2q - n`. */
  equivocateSeats: number;
}

export function captureThresholds(validatorCount: number): CaptureThresholds {
  const q = qbftQuorumSeats(validatorCount);
  return {
    validatorCount,
    quorumSeats: q,
    haltSeats: validatorCount - q + 1,
    controlSeats: q,
    equivocateSeats: 2 * q - validatorCount,
  };
}

/** The three kinds of capture, in the order tables list them. */
export const CAPTURE_KINDS = ["equivocate", "halt", "control"] as const;
export type CaptureKind = (typeof CAPTURE_KINDS)[number];

export function seatsFor(kind: CaptureKind, thresholds: CaptureThresholds): number {
  if (kind === "halt") return thresholds.haltSeats;
  if (kind === "control") return thresholds.controlSeats;
  return thresholds.equivocateSeats;
}
