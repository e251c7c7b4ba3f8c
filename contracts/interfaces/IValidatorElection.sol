// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IValidatorRegistry} from "./IValidatorRegistry.sol";

// Amounts, counts and parameter values are event data, not search keys: they are not indexed.
/* solhint-disable gas-indexed-events */

/// @title Validator election
/// @notice Rounds, the commit–reveal randomness beacon, the stake-weighted draw of the active set,
/// its shuffled order, the Besu QBFT validator-contract view `getValidators()`, and the active set's
/// rewards (the pool's `delta` share of inflation, in ETM, and a share of transaction fees, in the
/// native coin). Design notes, including the remaining randomness bias: docs/election.md.
///
/// Rounds: round `r` covers `roundLength` blocks, round 0 starting at the deployment block. The set
/// elected once round `r` has ended (by `elect()`, permissionless) is the set of round `r + 1`: it
/// takes effect from the block after the `elect()` transaction (Besu reads the parent block's state)
/// and stays until the next `elect()`, which cannot run before round `r + 1` has ended. Keepers
/// (any ETM node) should send `elect()` in the first block of each round. If `elect()` is late, the
/// previous set keeps producing blocks meanwhile (the chain never halts for want of an election),
/// and a late `elect()` elects the set of the round it runs in; the rounds missed kept the previous
/// set. Before the first election the set is the deployment's `initialValidators` (signer
/// addresses); for that genesis set each signer address also stands as its own operator, so
/// `activeValidators()` returns the signer addresses, and those addresses commit, reveal and claim.
///
/// Randomness (never `block.prevrandao`, a public constant on QBFT that has stalled Besu chains): once
/// round `r`'s election has run, the active validators commit `keccak256(abi.encode(operator, r,
/// secret))` during the first half of round `r` (blocks `[start, start + roundLength / 2)`) and reveal
/// `secret` during the second half. The election run in round `c` (normally `c = r + 1`) uses the seed
/// `keccak256(abi.encode(previousSeed, revealMix, blockhash(start of round c - 1), c))`, where
/// `revealMix` is 1 XOR every `keccak256(abi.encode(operator, secret))` revealed since the last
/// election (order independent), and the block hash of the last block of round `c - 1` is taken as 0
/// when `elect()` runs more than 256 blocks after it. A validator that committed and did not reveal
/// is jailed in the pool for `nonRevealJailBlocks` blocks at the next election. With no reveals the
/// election still runs on the previous seed and the block hash. Remaining bias (details in docs/election.md): the proposer of a round's last
/// block can grind that block's hash, and so choose among many seeds; a committed validator can
/// withhold its reveal (without seeing the outcome, at the cost of a jail). Stakes and the list are
/// the pool's at the round's start (`IValidatorRegistry.electableCandidates`), so stake moved and
/// candidates joining, leaving or jailed after the seed is known move no one else's chances (a
/// candidate that leaves or is jailed is set aside if drawn: its own seat goes to one more draw).
///
/// Eligibility: a candidate returned by the pool's `electableCandidates()` (registered, unjailed,
/// bonded stake > 0), with a non-zero signer (a zero signer keeps its place and stake in the draw and
/// is set aside if drawn, as an offline candidate is), among the `maxCandidates` largest stakes (ties: the
/// pool's order), with a heartbeat (from its operator or signer) in the round that just ended or the
/// one before it, that is, sent before the seed was public. The draw takes
/// `min(validatorCount, eligible)` of them one after another, each with probability proportional to
/// bonded stake, without replacement (a Fenwick tree in memory: O(N + k log N)), then orders them by
/// a Fisher–Yates shuffle from the seed; the same seed and candidates always give the same set.
/// Liveness is read only for drawn candidates: a drawn candidate without a heartbeat is set aside
/// and the draw goes on (rejection sampling, which draws the live ones exactly as if only they were
/// in the pool); after `MAX_OFFLINE_DRAWS` such draws every remaining offline candidate is taken out
/// at once, bounding the cost. With fewer than `MIN_ELECTED` (4) eligible the previous set stays
/// (a BFT chain needs n >= 3f + 1 and halts on an empty set) and `PreviousSetKept` says so.
///
/// Order: stock Besu sorts the addresses `getValidators()` returns and rotates proposers over the
/// sorted list; the shuffled order of `getValidators()`/`activeValidators()` is the proposer order an
/// ETM client follows.
///
/// Rewards: native-coin fees (Besu credits the `miningbeneficiary`, this contract, as a plain balance
/// increase) are recognised by the difference between the balance and an internal ledger;
/// `feeShare` of them goes to the active set, the rest is owed to the treasury. The pool's `delta`
/// share is collected at every `elect()`. What arrived while a set was active is split equally among
/// its members when the next `elect()` closes that period (a remainder of fewer wei than members is
/// carried over to the next period); each operator then claims everything with one `claim()`. The
/// rest of the fees is owed to the treasury and paid to it by `releaseTreasuryFees()` (anyone may call).
interface IValidatorElection {
    /// @notice Deployment parameters. Fractions are wad (1e18 = 100%), durations blocks.
    struct ElectionConfig {
        /// @dev Holds DEFAULT_ADMIN_ROLE and PARAMETER_ROLE.
        address admin;
        /// @dev Receives the fees not shared with the active set.
        address treasury;
        /// @dev Seats per election, in [MIN_ELECTED, MAX_VALIDATOR_COUNT] and <= maxCandidates.
        uint256 validatorCount;
        /// @dev Blocks per round, in [MIN_ROUND_LENGTH, MAX_ROUND_LENGTH].
        uint256 roundLengthBlocks;
        /// @dev Candidates considered per election (largest stakes first), in [validatorCount, MAX_CANDIDATE_CAP].
        uint256 maxCandidates;
        /// @dev Share of transaction fees for the active set, wad, <= 1e18.
        uint256 feeShareWad;
        /// @dev Blocks a validator that committed and did not reveal is jailed, in [1, MAX_JAIL_BLOCKS].
        uint256 nonRevealJailBlocks;
        /// @dev QBFT signer addresses of the set before the first election: non-empty, distinct, non-zero.
        address[] initialValidators;
    }

    // ---------------------------------------------------------------- events

    /// @notice `operator` showed it is online (the call came from `sender`, its operator or signer).
    event Heartbeat(address indexed operator, address indexed sender, uint256 indexed round);
    /// @notice `operator` committed to a secret for `round`'s beacon (first 20 bytes of the hash kept).
    event Committed(uint256 indexed round, address indexed operator, bytes20 commitment);
    /// @notice `operator` revealed `secret` for `round`'s beacon.
    event Revealed(uint256 indexed round, address indexed operator, bytes32 secret);
    /// @notice The seed of the election run in `round` was derived from `revealCount` reveals of
    /// `beaconRound`, their XOR mix, and `lastBlockHash` (0 if it was out of reach).
    event SeedDerived(
        uint256 indexed round,
        uint256 indexed beaconRound,
        bytes32 seed,
        bytes32 revealMix,
        bytes32 lastBlockHash,
        uint256 revealCount
    );
    /// @notice A new active set (`setId`) was installed for `round`, drawn from `candidates`
    /// candidates (after the cap); `skippedOffline` drawn candidates had no counting heartbeat and
    /// were set aside. The arrays are in the shuffled (proposer) order.
    event ValidatorsElected(
        uint256 indexed round,
        uint256 indexed setId,
        address[] operators,
        address[] signers,
        uint256 candidates,
        uint256 skippedOffline
    );
    /// @notice The election of `round` kept the previous set: only `eligibleCount` candidates were
    /// eligible, fewer than `minimum`.
    event PreviousSetKept(
        uint256 indexed round,
        uint256 indexed setId,
        uint256 eligibleCount,
        uint256 minimum
    );
    /// @notice `operator` committed in `round` and did not reveal; it was jailed until `untilBlock`.
    event NonRevealerJailed(uint256 indexed round, address indexed operator, uint256 untilBlock);
    /// @notice Jailing `operator` (a non-revealer of `round`) failed in the pool; the election went on.
    event JailFailed(uint256 indexed round, address indexed operator, uint256 untilBlock);
    /// @notice Collecting the `delta` share from the pool failed; it stays in the pool for a later period.
    event ValidatorRewardsCollectFailed();
    /// @notice `amountWei` of new fees were recognised: `activeSetShareWei` for the active set, the rest
    /// owed to the treasury.
    event FeesRecognised(uint256 amountWei, uint256 activeSetShareWei, uint256 treasuryShareWei);
    /// @notice `amountWei` of the pool's `delta` share (ETM) arrived for the active set.
    event ValidatorRewardsReceived(uint256 amountWei);
    /// @notice The reward period of set `setId` closed: each of its `seats` members was credited
    /// `perSeatNativeWei` (fees) and `perSeatTokenWei` (ETM).
    event RewardsDistributed(
        uint256 indexed setId,
        uint256 seats,
        uint256 perSeatNativeWei,
        uint256 perSeatTokenWei
    );
    /// @notice `operator` claimed its rewards.
    event Claimed(address indexed operator, uint256 nativeWei, uint256 tokenWei);
    /// @notice The treasury's share of fees was paid to `treasury`.
    event TreasuryFeesReleased(address indexed treasury, uint256 amountWei);
    /// @notice Parameter changes.
    event ValidatorCountSet(uint256 previousCount, uint256 newCount);
    /// @notice Rounds from `fromRound` on (starting at block `fromBlock`) last `newLengthBlocks` blocks.
    event RoundLengthScheduled(uint256 newLengthBlocks, uint256 fromRound, uint256 fromBlock);
    event FeeShareSet(uint256 previousShareWad, uint256 newShareWad);
    event TreasurySet(address indexed previousTreasury, address indexed newTreasury);
    event MaxCandidatesSet(uint256 previousCap, uint256 newCap);
    event NonRevealJailBlocksSet(uint256 previousBlocks, uint256 newBlocks);

    // ---------------------------------------------------------------- errors

    /// @notice The election of `round` has run already (or round 0 has not ended); the next one is
    /// due at block `dueBlock`.
    /// @notice An upgrade to `implementation` was refused: its `what` (registry or reward token)
    /// differs from this deployment's, so it was built for another system.
    error UpgradeMismatch(address implementation, bytes32 what);
    error ElectionNotDue(uint256 round, uint256 dueBlock);
    /// @notice `caller` is neither a candidate's operator nor a candidate's signer.
    error NotACandidate(address caller);
    /// @notice `caller` is neither the operator nor the signer of a member of the active set.
    error NotAnActiveValidator(address caller);
    /// @notice Commitments for `round` are accepted once its election has run; the last one ran in `electedRound`.
    error ElectionPending(uint256 round, uint256 electedRound);
    /// @notice Block `blockNumber` is outside the commit phase `[startBlock, endBlock)` of the round.
    error OutsideCommitPhase(uint256 blockNumber, uint256 startBlock, uint256 endBlock);
    /// @notice Block `blockNumber` is outside the reveal phase `[startBlock, endBlock)` of the round.
    error OutsideRevealPhase(uint256 blockNumber, uint256 startBlock, uint256 endBlock);
    /// @notice `operator` has committed for `round` already.
    error AlreadyCommitted(address operator, uint256 round);
    /// @notice The commitment's first 20 bytes are zero (reserved for "none").
    error ZeroCommitment();
    /// @notice `operator` has no unrevealed commitment for `round` (none, or revealed already).
    error NothingToReveal(address operator, uint256 round);
    /// @notice The secret does not match: `operator` committed `committed`, the secret hashes to `computed`.
    error SecretMismatch(address operator, bytes20 committed, bytes20 computed);
    /// @notice `account` has no rewards to claim.
    error NothingToClaim(address account);
    /// @notice The treasury is owed no fees.
    error NothingToRelease();
    /// @notice Sending `amountWei` of the native coin to `to` failed.
    error NativeTransferFailed(address to, uint256 amountWei);
    /// @notice The pool's `electableCandidates()` answer (`returnedBytes` long) is not the canonical
    /// ABI encoding of `(address[], address[], uint256[])`.
    error MalformedCandidateList(uint256 returnedBytes);
    /// @notice The pool returned arrays of different lengths.
    error RegistryLengthMismatch(uint256 operators, uint256 signers, uint256 stakes);
    /// @notice The pool returned `operator` twice among the electable candidates.
    error DuplicateCandidate(address operator);
    /// @notice The pool returned two elected candidates with the same `signer`.
    error DuplicateSigner(address signer);
    /// @notice The zero address was given where an address is required.
    error ZeroAddress();
    /// @notice No initial validators were given.
    error NoInitialValidators();
    /// @notice `signer` appears twice among the initial validators.
    error DuplicateInitialValidator(address signer);
    /// @notice `count` initial validators exceed the maximum `max`.
    error TooManyInitialValidators(uint256 count, uint256 max);
    /// @notice `value` is outside the allowed `[min, max]`.
    error ValidatorCountOutOfRange(uint256 value, uint256 min, uint256 max);
    /// @notice `value` is outside the allowed `[min, max]`.
    error RoundLengthOutOfRange(uint256 value, uint256 min, uint256 max);
    /// @notice `value` is above the maximum `max` (1e18 = 100%).
    error FeeShareTooHigh(uint256 value, uint256 max);
    /// @notice `value` is outside the allowed `[min, max]`.
    error MaxCandidatesOutOfRange(uint256 value, uint256 min, uint256 max);
    /// @notice `value` is outside the allowed `[min, max]`.
    error JailBlocksOutOfRange(uint256 value, uint256 min, uint256 max);

    // ---------------------------------------------------------------- actions

    /// @notice Runs the election once the round it belongs to has ended; permissionless. In order:
    /// recognises fees and collects the `delta` share, closes the outgoing set's reward period,
    /// jails the outgoing set's non-revealers, derives the seed, reads the candidates once, and
    /// installs `min(validatorCount, eligible)` of them in shuffled order, or keeps the previous
    /// set if fewer than `MIN_ELECTED` are eligible.
    /// @return installed Whether a new set was installed (false: the previous set was kept).
    function elect() external returns (bool installed);

    /// @notice Records that the caller's validator is online in the current round. Callable by a
    /// candidate's operator or by its signer. A heartbeat counts for the elections run at the end of
    /// this round and of the next one.
    function heartbeat() external;

    /// @notice Commits to a secret for the current round's beacon. Callable by the operator or the
    /// signer of a member of the active set, once per round, in the commit phase (first half of the
    /// round), once the round's election has run.
    /// @param commitment `computeCommitment(operator, currentRound(), secret)`; the first 20 bytes are kept.
    function commit(bytes32 commitment) external;

    /// @notice Reveals the secret committed to in this round, in the reveal phase (second half of the
    /// round). Callable by the operator or its signer (as for `commit`).
    function reveal(bytes32 secret) external;

    /// @notice Pays the caller (an operator) every reward credited to it: fees in the native coin and
    /// the `delta` share in ETM. Reverts with `NothingToClaim` if both are zero.
    function claim() external returns (uint256 nativeWei, uint256 tokenWei);

    /// @notice Recognises new fees and pays the treasury its share; permissionless (the coins only go
    /// to `treasury()`). Reverts with `NothingToRelease` if nothing is owed.
    function releaseTreasuryFees() external returns (uint256 amountWei);

    /// @notice Publishes the round schedule to the registry (`IValidatorRegistry.setRoundGrid`), so that
    /// it keeps each candidate's stake as of the start of every round and the draw uses stake fixed
    /// before the seed can be known. Permissionless: it only sends the election's own schedule. The
    /// deployment calls it once the election holds the pool's collector role; `setRoundLength` calls
    /// it on every change.
    function publishRoundGrid() external;

    // ---------------------------------------------------------------- parameters (PARAMETER_ROLE)

    /// @notice Seats per election from the next election on.
    function setValidatorCount(uint256 count) external;

    /// @notice Round length from the next round on (the current round keeps its length). Publishes the
    /// new schedule to the registry (reverts if the registry refuses it).
    function setRoundLength(uint256 lengthBlocks) external;

    /// @notice Share of transaction fees for the active set, wad; fees that arrived before are
    /// recognised at the old share first.
    function setFeeShare(uint256 shareWad) external;

    /// @notice Address that receives the treasury's share (including what is owed and unpaid).
    function setTreasury(address newTreasury) external;

    /// @notice Candidates considered per election (largest stakes first).
    function setMaxCandidates(uint256 cap) external;

    /// @notice Blocks a non-revealer is jailed for.
    function setNonRevealJailBlocks(uint256 blocks) external;

    // ---------------------------------------------------------------- views

    /// @notice The active set's QBFT signer addresses, in the shuffled (proposer) order: the Besu
    /// validator-contract ABI. Reads one packed storage array; never reverts, never empty.
    function getValidators() external view returns (address[] memory);

    /// @notice The active set's operators, same order as `getValidators()` (for the genesis set, the
    /// signer addresses).
    function activeValidators() external view returns (address[] memory);

    /// @notice The round the current block belongs to.
    function currentRound() external view returns (uint256);

    /// @notice The current round's length in blocks.
    function roundLength() external view returns (uint256);

    /// @notice Seats filled by the next election.
    function validatorCount() external view returns (uint256);

    /// @notice The current round, its first block, its length, and the first block of its reveal phase.
    function roundInfo()
        external
        view
        returns (uint256 round, uint256 startBlock, uint256 lengthBlocks, uint256 revealStartBlock);

    /// @notice A round-length change waiting for its first round (`lengthBlocks` 0 if none).
    function pendingRoundLength() external view returns (uint256 lengthBlocks, uint256 fromRound);

    /// @notice The round whose election installed or confirmed the active set (0: genesis).
    function electedRound() external view returns (uint256);

    /// @notice The first block at which `elect()` can run.
    function nextElectionBlock() external view returns (uint256);

    /// @notice Id of the active set (1: genesis; +1 per installed set).
    function activeSetId() external view returns (uint256);

    /// @notice The active set that governed block `blockNumber`: its id, the first block it governed
    /// (a set installed in block E governs from E + 1; the genesis set from block 1, recorded as 0),
    /// the data contract holding its signers (`CodeStorage`: a 0x00 byte, then 20 bytes per signer, in
    /// proposer order) and `keccak256(abi.encodePacked(operators))` of its operators in the same order
    /// (the `ValidatorsElected` event lists them). For a block after the current one, the active set.
    /// A set installed before records existed (an upgraded election) has no signers (address 0).
    function activeSetAt(
        uint256 blockNumber
    ) external view returns (uint256 setId, uint256 fromBlock, address signersCode, bytes32 operatorsHash);

    /// @notice The seed of the last election (before the first one, the deployment seed).
    function seed() external view returns (bytes32);

    /// @notice The XOR mix of the reveals so far in the current beacon round (starts at 1).
    function revealMix() external view returns (bytes32);

    /// @notice Whether `operator` is a member of the active set.
    function isActiveValidator(address operator) external view returns (bool);

    /// @notice `operator`'s last two heartbeat rounds (`ever`: whether it ever sent one; `previous`
    /// is meaningful only if `hasPrevious`).
    function heartbeatOf(
        address operator
    ) external view returns (bool ever, uint256 last, bool hasPrevious, uint256 previous);

    /// @notice `operator`'s last commitment: its round (if any), and the kept 20 bytes, zeroed once revealed.
    function commitmentOf(
        address operator
    ) external view returns (bool ever, uint256 round, bytes20 commitment);

    /// @notice Rewards credited to `operator` and not claimed yet.
    function rewardsOf(address operator) external view returns (uint256 nativeWei, uint256 tokenWei);

    /// @notice What the current reward period has gathered for the active set so far (recognised
    /// fees, collected `delta` share, plus carried remainders); credited at the next `elect()`.
    function currentPeriodRewards() external view returns (uint256 nativeWei, uint256 tokenWei);

    /// @notice Fees owed to the treasury, including fees not recognised yet.
    function treasuryFeesOwed() external view returns (uint256 amountWei);

    /// @notice Native balance that arrived since the last recognition (fees not yet split).
    function unrecognisedFees() external view returns (uint256 amountWei);

    /// @notice Share of transaction fees for the active set, wad.
    function feeShare() external view returns (uint256);

    /// @notice Receives the fees not shared with the active set.
    function treasury() external view returns (address);

    /// @notice Candidates considered per election.
    function maxCandidates() external view returns (uint256);

    /// @notice Blocks a non-revealer is jailed for.
    function nonRevealJailBlocks() external view returns (uint256);

    /// @notice The staking pool the candidates come from.
    function registry() external view returns (IValidatorRegistry);

    /// @notice The ETM token, in which the `delta` share is paid.
    function rewardToken() external view returns (IERC20);

    /// @notice The commitment to publish for `secret`: `keccak256(abi.encode(operator, round, secret))`.
    function computeCommitment(
        address operator,
        uint256 round,
        bytes32 secret
    ) external pure returns (bytes32);
}
