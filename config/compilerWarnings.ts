/**
 * Compiler warnings known and accepted, removed before Hardhat prints them: solc warns at every
 * `tstore` that transient storage "can break composability"; OpenZeppelin's TransientSlot (used by
 * its transient reentrancy guard) clears its slot at the end of every call, the safe use the warning
 * itself names. Only that warning, only from OpenZeppelin's sources, is removed.
 */
interface SolcMessage {
  severity?: string;
  message?: string;
  sourceLocation?: { file?: string };
}

function isKnown(error: SolcMessage): boolean {
  return (
    error.severity === "warning" &&
    (error.message ?? "").startsWith("Transient storage as defined by EIP-1153") &&
    (error.sourceLocation?.file ?? "").startsWith("@openzeppelin/")
  );
}

/** The compiler output without the known warnings. */
export function withoutKnownWarnings(output: unknown): unknown {
  const errors = (output as { errors?: SolcMessage[] } | undefined)?.errors;
  if (!errors) return output;
  return { ...(output as object), errors: errors.filter((error) => !isKnown(error)) };
}
