/**
 * Every custom error of every contract of the system (token, pool, StakeVotes, election, governor,
 * timelock, and the OpenZeppelin errors they inherit) as a sentence: values in ETM, percent and
 * blocks, read by the error's argument NAMES (so a contract may move code into libraries or reorder
 * nothing-changing details without breaking this), with the hint that fits the action tried.
 * test/toolkit/lib.errors.test.ts fails when a contract gains an error that is not here.
 */
import { decodeBytes32String } from "ethers";
import { POOL_PARAMETERS, POOL_PARAMETER_UNIT, type PoolParameter } from "../poolParameters";
import { PROPOSAL_STATES } from "../proposalStates";
import { WHOLE_POSITION } from "../constants";
import { MAX_UINT256 } from "../units";
import { SHORTFALL_JAIL, validatorStatusWord } from "../validatorStatus";
import type { Action } from "./actions";
import { block, blocks, count, etm, formatByName, percent, type ErrorValues } from "./format";

export type Sentence = (v: ErrorValues, action?: Action) => string;

const STATUS_TIP = "see `etm:status` or the dApp's candidate list";

/** The states a `bytes32` bitmap of OpenZeppelin's Governor/Timelock names. */
function statesOf(bitmap: unknown, names: string[]): string {
  const bits = BigInt(bitmap as bigint);
  const chosen = names.filter((_, i) => (bits >> BigInt(i)) & 1n);
  return chosen.length > 0 ? chosen.join(" or ") : "another state";
}

const pool: Record<string, Sentence> = {
  ZeroAmount: () => "the amount is zero",
  ZeroAddress: () => "an address is missing (the zero address was given)",
  UnknownValidator: (v) => `${v.validator} is not a registered validator; ${STATUS_TIP}`,
  ValidatorJailed: (v) =>
    (v.jailedUntilBlock as bigint) === SHORTFALL_JAIL
      ? `validator ${v.validator} is jailed until its operator tops up its self-stake to the minimum, and accepts no new stake ` +
        "but its operator's; choose another validator (the operator tops up with etm:stake to its own validator)"
      : `validator ${v.validator} is jailed until ${block(v.jailedUntilBlock)} and accepts no new stake; choose another or wait`,
  ValidatorNotActive: (v) =>
    `validator ${v.validator} is ${validatorStatusWord(v.status as bigint)} and accepts no new stake; choose another`,
  AlreadyRegistered: (v) => `${v.operator} has registered as a validator before (an operator registers once)`,
  SignerInUse: (v) => `signer ${v.signer} is already used by validator ${v.operator}; choose another signer`,
  InvalidSignerProof: (v) =>
    `the signer proof is not a signature by the key of signer ${v.signer} for this operator, pool and chain ` +
    `(it recovers to ${v.recovered}); sign SignerProof(signer, operator) with the signer key (etm:register does it from ETM_SIGNER_KEY)`,
  SignerReserved: (v) =>
    BigInt(v.untilBlock as bigint) === MAX_UINT256
      ? `signer ${v.signer} was used by validator ${v.operator}, which was tombstoned: the signer is reserved forever; use a new signer key`
      : `signer ${v.signer} is reserved while its last validator ${v.operator} is jailed, until ${block(v.untilBlock)}; wait, or use a new signer key`,
  ZeroShares: (v) => `${etm(v.amountWei)} is too small to buy a share of ${v.validator}; stake more`,
  PositionBelowMinimum: (v, action) =>
    `your position at ${v.validator} would be ${etm(v.remainingWei)}, below the minimum of ${etm(v.minStakeWei)}; ` +
    (action === "stake" || action === "compound"
      ? `stake at least ${etm(v.minStakeWei)} in all at this validator`
      : "unstake all of it or leave at least the minimum"),
  SelfStakeBelowMinimum: (v, action) =>
    `a validator's self-stake must be at least ${etm(v.minSelfStakeWei)} (it would be ${etm(v.selfStakeWei)})` +
    (action === "unstake" ? "; unstake less, or deregister (etm:deregister) to leave" : ""),
  InsufficientStake: (v) =>
    v.requestedWei === WHOLE_POSITION
      ? `you have nothing staked at ${v.validator}`
      : `you have ${etm(v.stakedWei)} staked at ${v.validator}, less than the ${etm(v.requestedWei)} asked`,
  TooManyPositions: (v) =>
    `${v.account} already holds positions at ${count(v.max)} validators, the most an account may; unstake one fully first`,
  TooManyUnbondingEntries: (v) =>
    `you already have ${v.max} unbonding entries; withdraw matured ones (etm:withdraw) or wait for them to mature`,
  TooManyRedelegations: (v) =>
    `you already have ${v.max} redelegations maturing, the most an account may; wait for the oldest to mature ` +
    "(etm:redelegate --list shows each maturity block)",
  InvalidRedelegation: (v) =>
    (v.source as string).toLowerCase() === (v.destination as string).toLowerCase()
      ? `a redelegation moves stake between two different validators (${v.source} twice)`
      : `you cannot redelegate into your own validator ${v.destination}: stake to it instead (etm:stake), ` +
        "as its self-stake leaves at once if you deregister",
  RedelegationLocked: (v) =>
    `${etm(v.lockedWei)} of your stake at ${v.validator} was redelegated there and is still slashable for its ` +
    `source's past; it would fall to ${etm(v.remainingWei)}: move less, or wait until the redelegation matures ` +
    "(etm:redelegate --list)",
  CompoundingUnchanged: (v) =>
    v.compounding === true
      ? `your position at ${v.validator} compounds already: its rewards are bonded into it at every settlement ` +
        "of the validator (etm:compound-mode --off has them paid to you instead)"
      : `your position at ${v.validator} does not compound: its rewards are paid when you claim ` +
        "(etm:compound-mode --on bonds them into it instead)",
  SelfStakeCannotCompound: (v) =>
    `${v.operator} is your own validator: an operator's self-stake pays out its rewards and cannot compound ` +
    "(claim them with etm:claim, or restake them with etm:compound)",
  NothingToWithdraw: (v) =>
    (v.nextMaturityBlock as bigint) === 0n
      ? "nothing to withdraw: you have no unbonding entries"
      : `nothing to withdraw yet: your next unbonding entry matures at ${block(v.nextMaturityBlock)}`,
  NothingToClaim: (v) =>
    v.validator === undefined
      ? "there are no validator rewards to claim"
      : BigInt(v.validator as string) === 0n
        ? "there are no rewards to claim at any of your positions yet"
        : `there are no rewards to claim at ${v.validator} yet`,
  CommissionAboveMax: (v) =>
    `the commission ${percent(v.commissionWad)} is above the maximum of ${percent(v.maxCommissionWad)}`,
  CommissionChangeTooLarge: (v) =>
    `the commission may change by at most ${percent(v.maxChangeWad)} at a time ` +
    `(from ${percent(v.currentWad)} to ${percent(v.requestedWad)} is too far); change it in smaller steps, one per delay`,
  CandidateCapReached: (v) =>
    `the candidate list holds more than its cap of ${v.cap} validators (lowered by governance): wait until one leaves`,
  CandidateJoinsThisRoundFull: (v) =>
    `${count(v.maxJoins)} candidates joined the list in this election round (it started at block ` +
    `${v.roundStartBlock}), the most a round takes: register in the next round`,
  CandidateListFull: (v) =>
    `the candidate list is full (${count(v.cap)} validators): to take the place of the smallest candidate ` +
    `(${v.smallestOperator}, ${etm(v.smallestStakeWei)} bonded) bring more than that; you bring ${etm(v.stakeWei)}`,
  InvalidProfileName: (v) =>
    `the name "${String(v.name)}" is not allowed: use 3 to 32 characters among letters, digits, spaces, ` +
    `'-', '_' and '.', with no space at either end`,
  InvalidProfileField: (v) =>
    bytes32Text(v.field) === "website" && BigInt(v.lengthBytes as bigint) < BigInt(v.maxBytes as bigint)
      ? `the website may hold printable ASCII only (byte ${v.lengthBytes} is not); write it as a plain https:// address`
      : `the ${bytes32Text(v.field)} is ${count(v.lengthBytes)} bytes long, over the limit of ${count(v.maxBytes)}; shorten it`,
  ProfileNameTaken: (v) =>
    `the name "${String(v.name)}" is held by the listed candidate ${v.operator} (names are compared without case); choose another`,
  InvalidRoundGrid: (v) =>
    `the round grid (anchor block ${v.anchorBlock}, ${count(v.lengthBlocks)} blocks a round, switch at block ` +
    `${v.nextFromBlock} to ${count(v.nextLengthBlocks)}) is malformed: the pool takes its grid from the election; ` +
    `call election.publishRoundGrid()`,
  InflationRateTooHigh: (v) =>
    `an inflation of ${percent(v.rateWad)} is above the maximum of ${percent(v.maxRateWad)}`,
  ParameterOutOfRange: (v) => {
    const name = POOL_PARAMETERS[Number(v.parameter)] ?? `parameter ${v.parameter}`;
    const unit = `${name}${POOL_PARAMETER_UNIT[name as PoolParameter] ?? ""}`;
    const [value, min, max] = [v.value, v.min, v.max].map((x) => formatByName(unit, x));
    return `${name} ${value} is outside ${min}..${max}`;
  },
  SlashFractionTooLarge: (v) => `a slash of ${percent(v.fractionWad)} is more than 100%`,
  InfractionInFuture: (v) =>
    `the infraction block ${v.infractionBlock} is after the current block ${v.currentBlock}; name the block it happened in`,
  InfractionTooOld: (v) =>
    `the infraction at block ${v.infractionBlock} is older than the unbonding period allows (the oldest slashable ` +
    `block is now ${v.oldestBlock}): stake bonded then may have been withdrawn, so the evidence is refused`,
  YearNotInFuture: (v) =>
    `year ${v.year} of the inflation schedule has begun (the current year is ${v.currentYear}); only later years can change`,
};

const token: Record<string, Sentence> = {
  ERC20InsufficientBalance: (v) => `your balance is ${etm(v.balance)}, less than the ${etm(v.needed)} needed`,
  ERC20InsufficientAllowance: (v) =>
    `the pool may spend ${etm(v.allowance)} of yours, less than the ${etm(v.needed)} needed; approve it first`,
  ERC20InvalidApprover: (v) => `${v.approver} cannot approve (the zero address)`,
  ERC20InvalidReceiver: (v) => `${v.receiver} cannot receive ETM (the zero address)`,
  ERC20InvalidSender: (v) => `${v.sender} cannot send ETM (the zero address)`,
  ERC20InvalidSpender: (v) => `${v.spender} cannot be approved (the zero address)`,
  ERC2612ExpiredSignature: (v) => `the permit expired at timestamp ${v.deadline}; sign a new one`,
  ERC2612InvalidSigner: (v) => `the permit was signed by ${v.signer}, not by the owner ${v.owner}`,
  MinterAlreadySet: (v) => `the token's minter is already set (${v.minter})`,
  NotAdmin: (v) => `${v.caller} is not the token's admin (${v.admin})`,
  NotMinter: (v) => `${v.caller} is not the token's minter (${v.minter})`,
  ECDSAInvalidSignature: () => "the signature is invalid",
  ECDSAInvalidSignatureLength: (v) => `the signature has ${v.length} bytes, not 65`,
  ECDSAInvalidSignatureS: () => "the signature's s value is out of range",
  InvalidAccountNonce: (v) => `${v.account}'s nonce is ${v.currentNonce}; sign again with it`,
  InvalidShortString: () => "a name is not a valid short string",
  StringTooLong: (v) => `"${v.str}" is too long`,
  SafeCastOverflowedUintDowncast: (v) => `${String(v.value)} does not fit in ${v.bits} bits`,
  SafeERC20FailedOperation: (v) => `a transfer of token ${v.token} failed`,
  ReentrancyGuardReentrantCall: () => "a call re-entered the contract",
  AccessControlBadConfirmation: () => "renouncing a role must be confirmed by the account itself",
  AccessControlUnauthorizedAccount: (v) =>
    `${v.account} lacks the role ${v.neededRole}; parameters change only through governance (etm:propose)`,
};

const votes: Record<string, Sentence> = {
  CheckpointUnorderedInsertion: () => "a vote checkpoint was written out of order",
  ERC5805FutureLookup: (v) =>
    `voting power at ${block(v.timepoint)} is not known yet (now: ${block(v.clock)})`,
  ERC6372InconsistentClock: () => "the votes token and the governor disagree on the clock",
  NotPool: (v) => `${v.caller} is not the staking pool`,
  VotesExpiredSignature: (v) => `the delegation signature expired at ${block(v.expiry)}; sign a new one`,
};

const election: Record<string, Sentence> = {
  AlreadyCommitted: (v) => `${v.operator} has already committed a secret for round ${v.round}`,
  DuplicateCandidate: (v) => `${v.operator} appears twice in the candidate list`,
  DuplicateInitialValidator: (v) => `${v.signer} appears twice among the initial validators`,
  DuplicateSigner: (v) => `signer ${v.signer} appears twice`,
  ElectionNotDue: (v) => `round ${v.round} ends at ${block(v.dueBlock)}; elect after it`,
  ElectionPending: (v) =>
    `round ${v.round} has not been elected yet (the last elected round is ${v.electedRound}); run etm:elect first`,
  FeeShareTooHigh: (v) => `a fee share of ${percent(v.value)} is above the maximum of ${percent(v.max)}`,
  JailBlocksOutOfRange: (v) => `a jail of ${blocks(v.value)} is outside ${v.min}..${v.max} blocks`,
  MalformedCandidateList: (v) => `the pool returned a malformed candidate list (${v.returnedBytes} bytes)`,
  MaxCandidatesOutOfRange: (v) => `maxCandidates ${v.value} is outside ${v.min}..${v.max}`,
  NativeTransferFailed: (v) => `paying ${etm(v.amountWei)} to ${v.to} failed`,
  NoInitialValidators: () => "the initial validator list is empty",
  NotACandidate: (v) => `${v.caller} is not a registered candidate's operator or signer`,
  NotAnActiveValidator: (v) =>
    `${v.caller} is not in this round's active set; only active validators take part in the beacon`,
  NothingToRelease: () => "there is nothing to release",
  NothingToReveal: (v) =>
    `${v.operator} committed no secret in round ${v.round}; commit (etm:commit) in the round's first half`,
  OutsideCommitPhase: (v) =>
    `commits are accepted from ${block(v.startBlock)} to ${block(v.endBlock)}, not at ${block(v.blockNumber)}`,
  OutsideRevealPhase: (v) =>
    `reveals are accepted from ${block(v.startBlock)} to ${block(v.endBlock)}, not at ${block(v.blockNumber)}`,
  RegistryLengthMismatch: (v) =>
    `the pool returned ${v.operators} operators, ${v.signers} signers and ${v.stakes} stakes (they must match)`,
  RoundLengthOutOfRange: (v) => `a round of ${blocks(v.value)} is outside ${v.min}..${v.max} blocks`,
  SecretMismatch: (v) =>
    `the secret revealed by ${v.operator} does not match its commitment; reveal the secret you committed`,
  TooManyInitialValidators: (v) => `${v.count} initial validators are more than the ${v.max} allowed`,
  ValidatorCountOutOfRange: (v) => `a validator count of ${v.value} is outside ${v.min}..${v.max}`,
  ZeroCommitment: () => "the commitment is zero",
};

const governance: Record<string, Sentence> = {
  FailedCall: () => "a call of the proposal failed",
  GovernorAlreadyCastVote: (v) => `${v.voter} has already voted on this proposal (each account votes once)`,
  GovernorAlreadyQueuedProposal: (v) => `proposal ${v.proposalId} is already queued`,
  GovernorDisabledDeposit: () => "the governor accepts no ETH",
  GovernorInsufficientProposerVotes: (v) =>
    `${v.proposer} has ${etm(v.votes)} of votes, less than the ${etm(v.threshold)} needed to propose; ` +
    "bond stake and delegate its votes (etm:delegate)",
  GovernorInvalidProposalLength: (v) =>
    `a proposal needs as many targets (${v.targets}) as calls (${v.calldatas}) and values (${v.values})`,
  GovernorInvalidQuorumFraction: (v) => `a quorum of ${v.quorumNumerator}/${v.quorumDenominator} is invalid`,
  GovernorInvalidSignature: (v) => `the vote signature of ${v.voter} is invalid`,
  GovernorInvalidVoteParams: () => "the vote parameters are invalid",
  GovernorInvalidVoteType: () => "the vote must be for, against or abstain",
  GovernorInvalidVotingPeriod: (v) => `a voting period of ${blocks(v.votingPeriod)} is invalid`,
  GovernorNonexistentProposal: (v) => `there is no proposal ${v.proposalId}; see etm:proposals`,
  GovernorOnlyExecutor: (v) => `${v.account} is not the governor's executor (the timelock)`,
  GovernorPreventLateQuorumVoteExtensionTooLarge: (v) =>
    `a vote extension of ${blocks(v.newVoteExtension)} is more than the ${blocks(v.maxVoteExtension)} allowed`,
  GovernorProposalQueueingFailed: (v) => `queueing proposal ${v.proposalId} failed`,
  GovernorProposalQueueingNotRequired: (v) => `proposal ${v.proposalId} needs no queueing`,
  GovernorRestrictedProposer: (v) => `${v.proposer} may not make this proposal`,
  GovernorUnableToCancel: (v) => `${v.account} cannot cancel proposal ${v.proposalId}`,
  GovernorUnexpectedProposalState: (v, action) =>
    `proposal ${v.proposalId} is ${[...PROPOSAL_STATES][Number(v.current)] ?? `in state ${v.current}`}, ` +
    `not ${statesOf(v.expectedStates, [...PROPOSAL_STATES])}` +
    (action === "vote" ? "; votes count only while it is Active" : "; see etm:proposals"),
  UnbondingShorterThanSlashPath: (v) =>
    `the unbonding period (${blocks(v.unbondingBlocks)}) would not be longer than the slowest path of a slashing ` +
    `proposal (${blocks(v.slashPathBlocks)}: voting delay + voting period + vote extension + timelock delay + margin), ` +
    "so stake could leave before a slash; raise unbondingBlocks above it or shorten the governance durations " +
    "(docs/governance.md)",
  TimelockInsufficientDelay: (v) => `a delay of ${v.delay} s is below the minimum of ${v.minDelay} s`,
  TimelockInvalidOperationLength: (v) =>
    `an operation needs as many targets (${v.targets}) as payloads (${v.payloads}) and values (${v.values})`,
  TimelockUnauthorizedCaller: (v) => `${v.caller} may not execute this operation`,
  TimelockUnexecutedPredecessor: (v) => `operation ${v.predecessorId} must be executed first`,
  TimelockUnexpectedOperationState: (v) =>
    `the timelock operation is not ${statesOf(v.expectedStates, ["Unset", "Waiting", "Ready", "Done"])}; ` +
    "the timelock delay may not have passed yet (or the proposal is not queued)",
};

/** Name of an UpgradeMismatch's `what` (a short string in a bytes32). */
function bytes32Text(value: unknown): string {
  try {
    return decodeBytes32String(value as string);
  } catch {
    return String(value);
  }
}

/** The proxies and their upgrades (core v2: the pool, StakeVotes and the election are UUPS proxies). */
const upgrades: Record<string, Sentence> = {
  UpgradeMismatch: (v) =>
    `implementation ${v.implementation} was built for another system (its ${bytes32Text(v.what)} differs); ` +
    "deploy the new implementation with this system's addresses (docs/architecture.md)",
  NotUpgrader: (v) =>
    `${v.account} may not upgrade the voting-units module: only the pool's UPGRADER_ROLE (the timelock) may; propose it (etm:propose)`,
  InvalidInitialization: () =>
    "the contract is initialized already (each proxy is initialized once, at deployment)",
  NotInitializing: () => "this step only runs while a proxy is being initialized",
  UUPSUnauthorizedCallContext: () => "upgrades go through the proxy, not the implementation contract",
  UUPSUnsupportedProxiableUUID: (v) =>
    `the new implementation is not a UUPS implementation of this kind (slot ${String(v.slot)})`,
  ERC1967InvalidImplementation: (v) => `${v.implementation} has no code: deploy the implementation first`,
  ERC1967NonPayable: () => "this upgrade call sends value, which the proxy refuses: send none",
  AddressEmptyCode: (v) => `${v.target} has no code`,
  CodeStorageTooLarge: (v) =>
    `the active set takes ${v.byteLength} bytes, over the ${v.maxBytes} one data contract holds: lower validatorCount`,
  CodeStorageWriteFailed: (v) =>
    `the active set (${v.byteLength} bytes) could not be stored: the election ran out of gas; retry with more gas`,
};

const lens: Record<string, Sentence> = {
  StakingLensZeroAddress: (v) => `the lens needs the ${v.what} address (the zero address was given)`,
  StakingLensElectionPoolMismatch: (v) =>
    `election ${v.election} reads pool ${v.registry}, not ${v.pool}: give the lens the system's own pool and election`,
  StakingLensTooManyExtraValidators: (v) =>
    `${v.count} extra validators asked for; the lens reads at most ${v.max}: pass fewer`,
};

const HEADER_TIP =
  "give the block headers exactly as the nodes return them (RLP, or the JSON of eth_getBlockByNumber)";

const evidence: Record<string, Sentence> = {
  NoDoubleSigner: (v) =>
    `no signer sealed both blocks at height ${v.blockNumber}, round ${v.round}: these headers prove no double sign`,
  UnknownActiveSet: (v) =>
    `the election keeps no record of the active set at block ${v.blockNumber} (a set installed before records existed)`,
  OperatorsMismatch: (v) =>
    `the operators given are not those of active set ${v.setId}: list them in the order of its ValidatorsElected event (etm:evidence finds them)`,
  SignerNotActive: (v) =>
    `signer ${v.signer} sealed both blocks but was not in the active set (${v.setId}) at block ${v.blockNumber}: not evidence against a validator`,
  NothingToPunish: (v) =>
    `every double signer at block ${v.blockNumber} was punished already (or is tombstoned): nothing left to slash`,
  ParameterTooLarge: (v) => `${percent(v.value)} is above the maximum of ${percent(v.max)}`,
  QbftHeaderFieldCount: (v) =>
    `a header has ${v.fieldCount} fields, not a QBFT header of a known fork (15, 16, 17, 20 or 21): ${HEADER_TIP}`,
  QbftExtraDataFieldCount: (v) =>
    `a header's extraData has ${v.fieldCount} fields, not QBFT's 5 (vanity, validators, vote, round, seals): ${HEADER_TIP}`,
  QbftInvalidVote: (v) => `a header's vote (at byte ${v.offset}) is malformed: ${HEADER_TIP}`,
  QbftInvalidCommitSeal: (v) =>
    `commit seal ${v.sealIndex} of block ${v.blockHash} does not recover a signer (malformed or not a signature)`,
  QbftDifferentHeights: (v) =>
    `the headers are at different heights (${v.firstBlock} and ${v.secondBlock}): a double sign is two blocks at one height`,
  QbftDifferentRounds: (v) =>
    `the headers were committed in different rounds (${v.firstRound} and ${v.secondRound}): QBFT has no lock across rounds, so this is not evidence`,
  QbftIdenticalBlocks: (v) => `both headers are the same block (${v.blockHash}): not evidence`,
  RLPItemPastEnd: (v) =>
    `an RLP item at byte ${v.offset} ends at ${v.itemEnd}, past the end (${v.limit}): ${HEADER_TIP}`,
  RLPNonCanonicalLength: (v) => `a non-canonical RLP length at byte ${v.offset}: ${HEADER_TIP}`,
  RLPNonCanonicalByte: (v) =>
    `a single byte encoded as a string at byte ${v.offset} (not canonical RLP): ${HEADER_TIP}`,
  RLPTrailingBytes: (v) =>
    `bytes after the RLP item (it ends at ${v.itemEnd}, the input at ${v.inputEnd}): ${HEADER_TIP}`,
  RLPNotList: (v) => `an RLP list was expected at byte ${v.offset}: ${HEADER_TIP}`,
  RLPNotString: (v) => `an RLP string was expected at byte ${v.offset}: ${HEADER_TIP}`,
  RLPUnexpectedLength: (v) =>
    `an RLP field at byte ${v.offset} has ${v.length} bytes, ${v.expectedLength} expected: ${HEADER_TIP}`,
  RLPScalarTooLong: (v) =>
    `a number at byte ${v.offset} has ${v.length} bytes, at most ${v.maxLength} allowed: ${HEADER_TIP}`,
  RLPScalarLeadingZero: (v) =>
    `a number at byte ${v.offset} has a leading zero (not canonical RLP): ${HEADER_TIP}`,
  ReporterShareTooLarge: (v) => `a reporter's share of ${percent(v.reporterShareWad)} is more than 100%`,
};

export const SENTENCES: Record<string, Sentence> = {
  ...evidence,
  ...upgrades,
  ...lens,
  ...pool,
  ...token,
  ...votes,
  ...election,
  ...governance,
};
