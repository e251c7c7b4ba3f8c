// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {IValidatorRegistry} from "./IValidatorRegistry.sol";

/// @title ETM staking pool
/// @notice Holds all stake and all reward accounting of ETM/P: the compounded emission, the
/// reward-per-token accumulator, validators and delegation with commission, unbonding, slashing.
/// Fractions are wad (1e18 = 100%), per-token accumulators ray (1e27), amounts wei, durations blocks.
/// @dev Positions are kept per (account, validator) pair in validator shares, so a slash reduces
/// every delegator of a validator in O(1). Voting power (OpenZeppelin `Votes`, block-number clock)
/// is the account's bonded stake. The pool sits behind an ERC-1967 proxy (UUPS) whose upgrade right
/// is `UPGRADER_ROLE` (the timelock after the hand-over); see docs/architecture.md.
/// This is the whole surface of the pool's proxy: the implementation (`StakingPool`) runs the staking
/// hot paths and forwards every other selector to its extension (`StakingPoolExtension`), so neither
/// contract alone declares all of it; test/staking/StakingPool.surface.test.ts checks that together
/// they implement exactly this interface.
interface IStakingPool is IValidatorRegistry, IAccessControl, IERC165 {
    /// @notice One entry of the inflation schedule: from `fromYear` on, `rateWad` a year
    /// (`ratePerBlockRay` a block).
    /// @notice A maturing redelegation (`redelegationsOf`): `amountWei` moved from `source` to
    /// `destination` (as the source's lien values it: at most 1 wei below the amount redelegated), of which
    /// `slashableWei` is still slashable for the source's infractions before the move (the amount less
    /// what such slashes took), `owedWei` of what they took is not yet burned at the destination
    /// (`settleRedelegations` burns it), released from `maturityBlock`.
    struct Redelegation {
        address source;
        address destination;
        uint256 amountWei;
        uint256 slashableWei;
        uint256 owedWei;
        uint256 maturityBlock;
    }

    struct YearRate {
        uint64 fromYear; // first year of this rate
        uint64 rateWad; // annual rate, wad (<= MAX_INFLATION)
        uint64 ratePerBlockRay; // ln(1 + rate) / BLOCKS_PER_YEAR, ray (<= ~9.07e18 < 2^64)
    }

    /// @notice Lifecycle of a validator.
    enum ValidatorStatus {
        None, // never registered
        Active, // registered: can be staked to (unless jailed) and elected
        Deregistered, // left: no new stake; delegators keep earning without commission until they unstake
        Tombstoned // slashed by 100% (every share worthless) or for a proven double sign: never listed or staked again
    }

    /// @notice Parameters set by the parameter role (`setParameter`).
    enum Parameter {
        Delta, // wad share of each mint set aside for the active validators, <= 50%
        MinStake, // wei, smallest non-zero position, >= 1 wei and <= MinSelfStake
        MinSelfStake, // wei, smallest self-stake of an active validator, >= MinStake
        UnbondingBlocks, // blocks between unstake and withdraw, 1 ..= BLOCKS_PER_YEAR
        JailBlocks, // blocks a slashed validator stays jailed, <= BLOCKS_PER_YEAR
        CommissionDelayBlocks, // blocks before a new commission applies, <= BLOCKS_PER_YEAR
        MaxCommissionChange, // wad, largest change of one commission update, <= maxCommission
        CandidateCap // largest number of registered validators, 4 ..= MAX_CANDIDATE_CAP (1,500)
    }

    /// @notice Initialization settings of a pool; fractions wad, amounts wei, durations blocks.
    struct PoolConfig {
        address admin; // receives the admin, parameter, slasher and upgrader roles
        address treasury; // receives the mint while nothing is staked
        address votesImplementation; // StakeVotes implementation; the pool deploys its proxy
        uint256 initialInflationWad; // year 0 (and later years until set otherwise)
        uint256 deltaWad; // validators' share of each mint
        uint256 minStakeWei; // smallest non-zero position
        uint256 minSelfStakeWei; // smallest self-stake of an active validator
        uint256 unbondingBlocks; // unstake -> withdraw
        uint256 jailBlocks; // jail length after a slash
        uint256 maxCommissionWad; // the immutable maximum commission
        uint256 maxCommissionChangeWad; // largest change of one commission update
        uint256 commissionDelayBlocks; // setCommission -> new rate applies
        uint256 candidateCap; // largest number of registered validators
    }

    // ----------------------------------------------------------------------------------------
    // Events
    // ----------------------------------------------------------------------------------------

    /// @notice The emission advanced from `fromBlock` to `toBlock` (exclusive of `fromBlock`).
    /// @param mintedWei Total minted: `toStakersWei + toValidatorsWei + toTreasuryWei`.
    /// @param rewardPerTokenRay The accumulator after the accrual.
    event Accrued(
        uint256 fromBlock,
        uint256 toBlock,
        uint256 mintedWei,
        uint256 toStakersWei,
        uint256 toValidatorsWei,
        uint256 toTreasuryWei,
        uint256 rewardPerTokenRay
    );
    /// @notice `account` bonded `amountWei` to `validator`, receiving `shares` validator shares.
    event Staked(address indexed account, address indexed validator, uint256 amountWei, uint256 shares);
    /// @notice `account` started unbonding `amountWei` from `validator`; withdrawable at `maturityBlock`.
    event Unstaked(
        address indexed account,
        address indexed validator,
        uint256 amountWei,
        uint256 maturityBlock
    );
    /// @notice `account` moved `amountWei` of bonded stake from `source` to `destination` at once
    /// (`redelegate`); it stays slashable for `source`'s infractions before the move until `maturityBlock`.
    event Redelegated(
        address indexed account,
        address indexed source,
        address indexed destination,
        uint256 amountWei,
        uint256 maturityBlock
    );
    /// @notice `burnedWei` of `account`'s stake at `destination` was burned: what slashes of `source`
    /// for infractions before the account's redelegation took from it (follow the stake).
    event RedelegationSlashed(
        address indexed account,
        address indexed source,
        address indexed destination,
        uint256 burnedWei
    );
    /// @notice `account` withdrew `amountWei` of matured unbonding stake (after any slash).
    event Withdrawn(address indexed account, uint256 amountWei, uint256 entries);
    /// @notice Rewards (and, for the operator, commission) of `account` at `validator` were paid.
    event RewardPaid(address indexed account, address indexed validator, uint256 amountWei);
    /// @notice Rewards of `account` at `validator` were restaked to the same validator.
    event Compounded(address indexed account, address indexed validator, uint256 amountWei);
    /// @notice `account`'s position at `validator` left (`compounding` false) or joined (true) the
    /// validator's compounding class; `valueWei` is the position's value after the switch.
    event CompoundingSet(
        address indexed account,
        address indexed validator,
        bool compounding,
        uint256 valueWei
    );
    /// @notice `validator`'s compounding class bonded `amountWei` of its rewards (`bondedShares` new
    /// bonded shares): its positions' stake grew by it.
    event ClassCompounded(address indexed validator, uint256 amountWei, uint256 bondedShares);
    /// @notice A validator registered.
    event ValidatorRegistered(
        address indexed operator,
        address indexed signer,
        uint256 commissionWad,
        uint256 selfStakeWei
    );
    /// @notice A validator left; its deposit unbonds over the unbonding period.
    event ValidatorDeregistered(address indexed operator);
    /// @notice `operator` left the full candidate list for `newcomer`, which brought more stake than
    /// its `bondedWei`. It stays registered with its stake and delegations (not electable) and returns
    /// when its operator stakes to it and it qualifies (`ValidatorRelisted`).
    event ValidatorDisplaced(address indexed operator, address indexed newcomer, uint256 bondedWei);
    /// @notice A displaced validator is on the candidate list again.
    event ValidatorRelisted(address indexed operator);
    /// @notice A commission change was scheduled; it applies from `effectiveBlock`.
    event CommissionChangeScheduled(address indexed operator, uint256 commissionWad, uint256 effectiveBlock);
    /// @notice A scheduled commission change took effect (rewards before it accrued at the old rate).
    event CommissionChanged(address indexed operator, uint256 oldCommissionWad, uint256 newCommissionWad);
    /// @notice `validator` was slashed by `fractionWad` for an infraction at `infractionBlock`; the burned
    /// tokens and its jail.
    event Slashed(
        address indexed validator,
        uint256 fractionWad,
        uint256 infractionBlock,
        uint256 bondedBurnedWei,
        uint256 unbondingBurnedWei,
        bytes32 reason,
        uint256 jailedUntilBlock
    );
    /// @notice `reporter` received `amountWei` of the stake slashed from `validator` for proving its double sign.
    event ReporterRewarded(address indexed validator, address indexed reporter, uint256 amountWei);
    /// @notice `operator` is jailed until `untilBlock` (2^40 - 1: until its operator tops up the self-stake).
    event Jailed(address indexed operator, uint256 untilBlock);
    /// @notice `operator`'s self-stake `selfStakeWei` fell below `minSelfStakeWei` (a slash, or a raised
    /// minimum): it is jailed (no new stake, not electable) until its operator tops up.
    event SelfStakeShortfall(address indexed operator, uint256 selfStakeWei, uint256 minSelfStakeWei);
    /// @notice The annual inflation rate from `year` on (until the next set year) is `rateWad`.
    event InflationRateSet(uint256 indexed year, uint256 rateWad);
    /// @notice A parameter changed (after accruing at the old value).
    event ParameterChanged(Parameter indexed parameter, uint256 oldValue, uint256 newValue);
    /// @notice The treasury changed.
    event TreasuryChanged(address oldTreasury, address newTreasury);
    /// @notice `operator` set its public profile.
    event ProfileSet(address indexed operator, string name, string website, string description);
    /// @notice The `delta` share was collected by `collector`.
    event ValidatorRewardsCollected(address indexed collector, uint256 amountWei);
    /// @notice The election published its round grid (see {IValidatorRegistry-setRoundGrid}).
    event RoundGridSet(
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    );

    // ----------------------------------------------------------------------------------------
    // Errors
    // ----------------------------------------------------------------------------------------

    /// @notice An amount of zero was given.
    error ZeroAmount();
    /// @notice The zero address was given where an address is required.
    error ZeroAddress();
    /// @notice `validator` is not a registered validator.
    error UnknownValidator(address validator);
    /// @notice `validator` is jailed until `jailedUntilBlock` and accepts no new stake.
    error ValidatorJailed(address validator, uint256 jailedUntilBlock);
    /// @notice `validator` has left or was tombstoned and accepts no new stake.
    error ValidatorNotActive(address validator, ValidatorStatus status);
    /// @notice `operator` has been registered before (an operator address registers once).
    error AlreadyRegistered(address operator);
    /// @notice `signer` is already used by `operator`.
    error SignerInUse(address signer, address operator);
    /// @notice The signer proof is not `signer`'s EIP-712 signature of `SignerProof(signer, operator)`
    /// for this pool and chain with the caller as `operator`; it recovers to `recovered` (zero when
    /// it is not a valid signature).
    error InvalidSignerProof(address signer, address recovered);
    /// @notice `signer` is reserved by its last validator `operator`: jailed until `untilBlock`, or
    /// tombstoned (`untilBlock` = type(uint256).max: reserved forever).
    error SignerReserved(address signer, address operator, uint256 untilBlock);
    /// @notice The stake would give no validator shares (amount too small for the share price).
    error ZeroShares(address validator, uint256 amountWei);
    /// @notice The position of `account` at `validator` would be `remainingWei`, non-zero and below `minStakeWei`.
    error PositionBelowMinimum(address account, address validator, uint256 remainingWei, uint256 minStakeWei);
    /// @notice A validator's self-stake would be `selfStakeWei`, below `minSelfStakeWei`.
    error SelfStakeBelowMinimum(address operator, uint256 selfStakeWei, uint256 minSelfStakeWei);
    /// @notice `account` has `stakedWei` bonded at `validator` and asked for `requestedWei`.
    error InsufficientStake(address account, address validator, uint256 stakedWei, uint256 requestedWei);
    /// @notice `account` already has `max` unbonding entries; withdraw matured ones or wait.
    error TooManyUnbondingEntries(address account, uint256 max);
    /// @notice `account` already has `max` redelegations maturing; wait for the oldest
    /// (`redelegationsOf` gives each maturity block).
    error TooManyRedelegations(address account, uint256 max);
    /// @notice A redelegation must move stake between two different validators, and not into the
    /// caller's own validator (its self-stake leaves at once when it deregisters).
    error InvalidRedelegation(address source, address destination);
    /// @notice `account`'s stake at `validator` would fall to `remainingWei`, below the `lockedWei` it
    /// redelegated there that is still slashable for the source's infractions; wait for the maturity.
    error RedelegationLocked(address account, address validator, uint256 lockedWei, uint256 remainingWei);
    /// @notice `account` already holds positions at `max` validators; unstake one fully first.
    error TooManyPositions(address account, uint256 max);
    /// @notice `setCompounding` asked for the mode the position is in already.
    error CompoundingUnchanged(address account, address validator, bool compounding);
    /// @notice An operator's self-stake pays out: it cannot join its own validator's compounding class.
    error SelfStakeCannotCompound(address operator);
    /// @notice `account` has no matured unbonding stake.
    error NothingToWithdraw(address account, uint256 nextMaturityBlock);
    /// @notice `account` has nothing to claim or compound at `validator`.
    error NothingToClaim(address account, address validator);
    /// @notice The commission `commissionWad` exceeds the immutable maximum `maxCommissionWad`.
    error CommissionAboveMax(uint256 commissionWad, uint256 maxCommissionWad);
    /// @notice Changing the commission from `currentWad` to `requestedWad` exceeds `maxChangeWad` per update.
    error CommissionChangeTooLarge(uint256 currentWad, uint256 requestedWad, uint256 maxChangeWad);
    /// @notice The slash fraction exceeds 100%.
    error SlashFractionTooLarge(uint256 fractionWad);
    /// @notice A reporter's share `reporterShareWad` of a slash exceeds 100%.
    error ReporterShareTooLarge(uint256 reporterShareWad);
    /// @notice A slash named an infraction at `infractionBlock`, after the current block `currentBlock`.
    error InfractionInFuture(uint256 infractionBlock, uint256 currentBlock);
    /// @notice A slash named an infraction at `infractionBlock`, before `oldestBlock` (the current block
    /// minus `unbondingBlocks`, plus one): stake that left since may be withdrawn, so the evidence is refused.
    error InfractionTooOld(uint256 infractionBlock, uint256 oldestBlock);
    /// @notice Rates can be set for future years only; `year` is not after `currentYear`.
    error YearNotInFuture(uint256 year, uint256 currentYear);
    /// @notice `value` for `parameter` is outside [`min`, `max`].
    error ParameterOutOfRange(Parameter parameter, uint256 value, uint256 min, uint256 max);
    /// @notice The number of registered validators reached the cap.
    error CandidateCapReached(uint256 cap);
    /// @notice `maxJoins` candidates joined the list in the round that started at `roundStartBlock`
    /// already; register in the next round.
    error CandidateJoinsThisRoundFull(uint256 roundStartBlock, uint256 maxJoins);
    /// @notice The candidate list is full (`cap`) and `stakeWei` is not more than the smallest candidate's
    /// bonded stake (`smallestOperator`, `smallestStakeWei`), which a newcomer must exceed to take its place.
    error CandidateListFull(
        uint256 cap,
        uint256 stakeWei,
        address smallestOperator,
        uint256 smallestStakeWei
    );
    /// @notice `rateWad` exceeds the maximum annual inflation `maxRateWad`.
    error InflationRateTooHigh(uint256 rateWad, uint256 maxRateWad);
    /// @notice An upgrade to `implementation` was refused: its `what` (token or maximum commission)
    /// differs from this deployment's, so it was built for another system.
    error UpgradeMismatch(address implementation, bytes32 what);

    /// @notice A profile name must be 3 to 32 bytes of ASCII letters, digits, spaces, '-', '_' or '.',
    /// with no space at either end.
    error InvalidProfileName(string name);
    /// @notice A profile field (`"website"`, `"description"`) is longer than allowed, in bytes; the
    /// website must also be printable ASCII (`lengthBytes` is then the offending byte's index).
    error InvalidProfileField(bytes32 field, uint256 lengthBytes, uint256 maxBytes);
    /// @notice Another listed candidate, `operator`, holds this name (case-insensitive).
    error ProfileNameTaken(string name, address operator);
    /// @notice A round grid must have a length of 1 to 2^40 - 1 blocks and an anchor at or before this
    /// block; a scheduled length (non-zero `nextLengthBlocks`, at most 2^40 - 1) must start on the grid,
    /// after the anchor.
    error InvalidRoundGrid(
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    );

    /// @dev OpenZeppelin's errors that the pool's base contracts raise (declared here too so that one
    /// ABI decodes every refusal of the pool): reentrancy, initialization, UUPS upgrades, transfers.
    error ReentrancyGuardReentrantCall();
    error InvalidInitialization();
    error NotInitializing();
    error UUPSUnauthorizedCallContext();
    error UUPSUnsupportedProxiableUUID(bytes32 slot);
    error ERC1967InvalidImplementation(address implementation);
    error ERC1967NonPayable();
    error FailedCall();
    error AddressEmptyCode(address target);
    error SafeERC20FailedOperation(address token);

    /// @dev OpenZeppelin's events of the base contracts.
    event Initialized(uint64 version);
    event Upgraded(address indexed implementation);

    // ----------------------------------------------------------------------------------------
    // Set-up, roles and upgrades
    // ----------------------------------------------------------------------------------------

    /// @notice Initializes the proxy's state: parameters, the emission schedule from this block, the
    /// voting-units module (deployed behind its own proxy), and `config.admin`'s roles (admin,
    /// parameter, slasher, upgrader). Once, in the proxy's constructor.
    function initialize(PoolConfig calldata config) external;

    /// @notice The ETM token (staked, minted and paid by the pool).
    function token() external view returns (address);

    /// @notice The implementation's extension: the code of every selector the implementation does
    /// not run itself.
    function extension() external view returns (address);

    /// @notice Sets inflation of future years, `delta`, minimums, durations, the cap and the treasury.
    function PARAMETER_ROLE() external view returns (bytes32);

    /// @notice Slashes validators.
    function SLASHER_ROLE() external view returns (bytes32);

    /// @notice The `reason` of a slash for a proven double sign (`slashDoubleSign`): "double-sign".
    function DOUBLE_SIGN_REASON() external view returns (bytes32);

    /// @notice Jails validators (the election contract, for seeds committed and not revealed).
    function JAILER_ROLE() external view returns (bytes32);

    /// @notice Collects the `delta` share for the active validators and publishes the round grid (the
    /// election contract).
    function COLLECTOR_ROLE() external view returns (bytes32);

    /// @notice Upgrades the pool and its voting-units module (the timelock after the hand-over).
    function UPGRADER_ROLE() external view returns (bytes32);

    /// @notice The role that grants and revokes every role.
    function DEFAULT_ADMIN_ROLE() external view returns (bytes32);

    /// @notice UUPS: replaces the implementation behind the proxy and calls it with `data`.
    /// `UPGRADER_ROLE`; the new implementation must name the same token.
    function upgradeToAndCall(address newImplementation, bytes calldata data) external payable;

    /// @notice UUPS (ERC-1822): the ERC-1967 implementation slot.
    function proxiableUUID() external view returns (bytes32);

    /// @notice UUPS: the version of the upgrade interface ("5.0.0").
    function UPGRADE_INTERFACE_VERSION() external view returns (string memory);

    // ----------------------------------------------------------------------------------------
    // Staking
    // ----------------------------------------------------------------------------------------

    /// @notice Bonds `amountWei` of the caller's ETM to `validator` (registered, active, not jailed).
    /// Pending rewards of the position are paid out first, netted against the transfer. The position
    /// must end at least `minStake`. The account's voting units (`votes()`) follow its bonded stake.
    /// @return shares Validator shares received.
    function stake(address validator, uint256 amountWei) external returns (uint256 shares);

    /// @notice `stake` in one transaction without a prior `approve`: first applies the caller's EIP-2612
    /// permit (`v`, `r`, `s`) to the ETM token, allowing this pool `amountWei` until `deadline` (a
    /// block timestamp), then stakes exactly as `stake`. A permit that fails is ignored (it may have
    /// been used already by someone who copied it, which sets the same allowance); the transfer then
    /// succeeds on the allowance there is or reverts (`ERC20InsufficientAllowance` of the token). When
    /// a pending reward is netted against the deposit, that much of the allowance stays unused.
    /// @return shares Validator shares received.
    function stakeWithPermit(
        address validator,
        uint256 amountWei,
        uint256 deadline,
        uint8 v,
        bytes32 r,
        bytes32 s
    ) external returns (uint256 shares);

    /// @notice Starts unbonding `amountWei` of the caller's stake at `validator`: it stops earning at
    /// once, stays slashable, and can be withdrawn after `unbondingBlocks`. Pays pending rewards.
    /// The position must end at zero or at least `minStake` (self-stake: `minSelfStake` while active).
    /// `amountWei` = `type(uint256).max` unstakes the whole position as it is worth in the block the
    /// transaction runs in (a compounding position grows every block, so an amount read before can
    /// leave dust below `minStake`); `Unstaked` reports the amount.
    /// @return maturityBlock The block from which `withdraw` releases it.
    function unstake(address validator, uint256 amountWei) external returns (uint256 maturityBlock);

    /// @notice Moves `amountWei` of the caller's bonded stake from `source` to `destination` at once,
    /// without unbonding (as Cosmos' redelegation): it earns at `destination` from this block and counts
    /// there in the election and in voting power. It stays slashable for `source`'s infractions before
    /// this block for the unbonding period: what such a slash takes is burned from the caller's
    /// position at `destination`, which cannot fall below what is still slashable (`RedelegationLocked`)
    /// until then. `destination` must accept new stake (`stake`'s rules) and not be the caller's own
    /// validator; both positions must end at zero or at least `minStake`; at most `MAX_REDELEGATIONS` = 7
    /// maturing at once. Pays the pending rewards of both positions. Settles the caller's redelegations
    /// first (`settleRedelegations`). `amountWei` = `type(uint256).max` moves the whole position at
    /// `source` as it is worth in the block the transaction runs in (as `unstake`); `Redelegated`
    /// reports the amount.
    /// @return maturityBlock The block from which the moved stake is no longer slashable for `source`.
    function redelegate(
        address source,
        address destination,
        uint256 amountWei
    ) external returns (uint256 maturityBlock);

    /// @notice Settles `account`'s redelegations: burns at each destination what slashes of its source
    /// took since (paying the position's pending reward first) and releases the matured ones. Anyone may
    /// call (after a slash, so that the burned stake stops earning and counting); every `unstake` and
    /// `redelegate` of the account does it first.
    function settleRedelegations(address account) external;

    /// @notice Withdraws all of the caller's matured unbonding stake (minus slashes).
    /// @return amountWei Tokens sent to the caller.
    function withdraw() external returns (uint256 amountWei);

    /// @notice Pays the caller's rewards at `validator` (and, for its operator, the commission).
    function claim(address validator) external returns (uint256 amountWei);

    /// @notice Restakes the caller's rewards at `validator` (and, for its operator, the commission)
    /// to the same validator in one call.
    function compound(address validator) external returns (uint256 amountWei);

    /// @notice Pays the caller's rewards at every validator it holds a position with (its position list,
    /// at most `MAX_POSITIONS` = 16), and to an operator its validator's commission, in one transfer.
    /// Emits `RewardPaid` per validator with a reward; `NothingToClaim(caller, address(0))` if all are
    /// zero.
    function claimAll() external returns (uint256 amountWei);

    /// @notice Restakes the caller's rewards at every position to the same validator in one call; a
    /// reward the validator cannot take now (jailed, deregistered or tombstoned, or too small for one
    /// share or for the position minimums) and an operator's commission without a self-position are
    /// paid instead. Emits `Compounded` or `RewardPaid` per validator; `NothingToClaim(caller,
    /// address(0))` if every reward is zero.
    function compoundAll() external returns (uint256 compoundedWei, uint256 paidWei);

    /// @notice Advances the emission to the current block (anyone may call; every action does).
    function accrue() external;

    /// @notice Moves the caller's position at `validator` into the validator's compounding class
    /// (`compounding` true) or back to the class that pays out (false), after paying its pending
    /// reward. In the compounding class the position's rewards are bonded, and so slashable, counted
    /// in the election and earning, at every settlement of the validator (`settleValidator`, and every
    /// stake, unstake, claim or slash at it), without any call per staker; it has nothing to claim.
    /// An empty position may switch: its next stake goes to the chosen class. An operator's own
    /// position cannot compound (`SelfStakeCannotCompound`).
    /// @return valueWei The position's value after the switch (a class share may round a wei down).
    function setCompounding(address validator, bool compounding) external returns (uint256 valueWei);

    /// @notice Settles `validator` now: credits its rewards (commission, delegators' reward per share)
    /// and bonds its compounding class's reward. Anyone may call (a keeper, or the validator each round)
    /// to compound its compounding positions more often than its stakers' own actions do.
    function settleValidator(address validator) external;

    /// @notice Whether `account`'s position at `validator` is in the compounding class.
    function isCompounding(address account, address validator) external view returns (bool);

    /// @notice Re-reads the value of `account`'s position at `validator` into its voting power
    /// (lowers it after a slash). Anyone may call; every stake, unstake and compound does it too.
    function syncVotingUnits(address account, address validator) external;

    // ----------------------------------------------------------------------------------------
    // Validators
    // ----------------------------------------------------------------------------------------

    /// @notice Registers the caller as a validator operator with QBFT `signer`, `commissionWad`
    /// (<= maxCommission) and `selfStakeWei` (>= minSelfStake) bonded from the caller as its deposit.
    /// (`proofR`, `proofVS`) is the signer key's EIP-712 signature of
    /// `SignerProof(address signer,address operator)` with `operator` = the caller, under the domain
    /// {name: "ETM StakingPool", version: "1", chainId, verifyingContract: this pool}, in the compact
    /// form of ERC-2098 (`r`, and `s` with the parity of `v` in its top bit). A signer that is in use,
    /// or whose last validator is jailed (until the jail ends) or tombstoned (forever), is refused.
    function registerValidator(
        address signer,
        uint256 commissionWad,
        uint256 selfStakeWei,
        bytes32 proofR,
        bytes32 proofVS
    ) external;

    /// @notice Schedules the caller's commission to become `commissionWad` at the first block at or
    /// after `block.number + commissionDelayBlocks` that is a multiple of
    /// `ceil(commissionDelayBlocks / 16)` (exactly `block.number + commissionDelayBlocks` for delays up
    /// to 16; at once when the delay is 0), given in `CommissionChangeScheduled`; replaces any scheduled
    /// change. Rewards up to that block accrue at the old rate, after it at the new one, whenever the
    /// validator is next settled. Changes by at most `maxCommissionChange` from the current rate.
    function setCommission(uint256 commissionWad) external;

    /// @notice The caller leaves the validator set: its self-stake starts unbonding, its commission
    /// becomes 0, it accepts no new stake, and it stays slashable for the unbonding period.
    function deregisterValidator() external;

    /// @notice Sets the caller's public profile (registered, active operator): `name` (3 to 32 bytes of
    /// ASCII letters, digits, spaces, '-', '_', '.', no space at either end; unique among listed
    /// candidates, case-insensitive), `website` (at most 140 bytes of printable ASCII) and
    /// `description` (at most 280 bytes). Replaces the previous profile and releases its name.
    function setProfile(string calldata name, string calldata website, string calldata description) external;

    // ----------------------------------------------------------------------------------------
    // Parameters and safety (roles)
    // ----------------------------------------------------------------------------------------

    /// @notice Sets the annual inflation of `year` (and of the years after it until the next set
    /// year) to `rateWad` <= 10% (`MAX_INFLATION`). Only future years. Parameter role.
    function setInflationRate(uint256 year, uint256 rateWad) external;

    /// @notice Sets `parameter` to `value` after accruing at the old value. Parameter role.
    function setParameter(Parameter parameter, uint256 value) external;

    /// @notice Sets the treasury. Parameter role.
    function setTreasury(address newTreasury) external;

    /// @notice Slashes `validator` for an infraction at `infractionBlock` (less than `unbondingBlocks` ago)
    /// and jails it for `jailBlocks`: burns `fractionWad` of the stake that was bonded to it at the
    /// start of the infraction's slash epoch (`SLASH_EPOCH_BLOCKS`), following it: every unbonding
    /// bucket from that epoch on loses the fraction, and the bonded stake the rest, at most the
    /// fraction of it. Stake that unbonded before that epoch pays nothing. 100% tombstones the
    /// validator and burns all its bonded stake. Slasher role.
    function slash(address validator, uint256 fractionWad, uint256 infractionBlock, bytes32 reason) external;

    /// @notice Slashes `validator` for a double sign proven at `infractionBlock`, as `slash` does with the
    /// reason "double-sign", and tombstones it whatever the fraction: unlisted, never staked or listed
    /// again, its signer reserved forever; its stakers keep what is left and may unstake. Pays
    /// `reporterShareWad` of the burned amount (bonded and unbonding) to `reporter` and burns the rest.
    /// Slasher role (the double-sign evidence contract). Returns the reporter's reward.
    function slashDoubleSign(
        address validator,
        uint256 fractionWad,
        uint256 infractionBlock,
        address reporter,
        uint256 reporterShareWad
    ) external returns (uint256 reporterRewardWei);

    // ----------------------------------------------------------------------------------------
    // Views
    // ----------------------------------------------------------------------------------------

    /// @notice Tokens of `account` bonded at `validator`; for a compounding position, with the class's
    /// reward since the validator's last settlement (bonded at its next).
    function stakeOf(address account, address validator) external view returns (uint256);

    /// @notice Rewards of `account` at `validator` claimable now (commission not included).
    function pendingReward(address account, address validator) external view returns (uint256);

    /// @notice Commission owed to `validator`'s operator now.
    function pendingCommission(address validator) external view returns (uint256);

    /// @notice Bonded stake of `validator` (self + delegated).
    function validatorStake(address validator) external view returns (uint256);

    /// @notice The validators `account` holds positions with (its position list: a validator joins at
    /// the first stake, leaves when the position is fully unstaked), at most 16.
    function positionsOf(address account) external view returns (address[] memory validators);

    /// @notice The stake `operator` enters an election run now with: its bonded stake at the start of
    /// the current round of the election's grid (stake moved during the round counts from the next
    /// round; zero if it joined the candidate list during the round). Its bonded stake now before the
    /// election has published a grid.
    function electionStakeOf(address operator) external view returns (uint256);

    /// @notice The election's round grid as last published (`setRoundGrid`); all zero before.
    function roundGrid()
        external
        view
        returns (uint256 anchorBlock, uint256 lengthBlocks, uint256 nextFromBlock, uint256 nextLengthBlocks);

    /// @notice Total bonded stake `S`.
    function totalStaked() external view returns (uint256);

    /// @notice The reward-per-token accumulator as of the current block, ray.
    function rewardPerToken() external view returns (uint256);

    /// @notice A validator's state: status, signer, jail, commission (current, scheduled, from
    /// block), bonded and unbonding tokens.
    function validatorInfo(
        address operator
    )
        external
        view
        returns (
            ValidatorStatus status,
            address signer,
            uint256 jailedUntilBlock,
            uint256 commissionWad,
            uint256 pendingCommissionWad,
            uint256 commissionEffectiveBlock,
            uint256 bondedWei,
            uint256 unbondingWei
        );

    /// @notice `account`'s unbonding entries, oldest first: validator, maturity block, tokens now.
    function unbondingOf(
        address account
    )
        external
        view
        returns (address[] memory validators, uint256[] memory maturityBlocks, uint256[] memory amountsWei);

    /// @notice `account`'s maturing redelegations (see `Redelegation`), in no particular order.
    function redelegationsOf(address account) external view returns (Redelegation[] memory redelegations);

    /// @notice First block of schedule year 0.
    function startBlock() external view returns (uint256);

    /// @notice Year of the schedule the current block is in.
    function currentYear() external view returns (uint256);

    /// @notice Annual inflation of `year`, wad.
    function inflationRate(uint256 year) external view returns (uint256);

    /// @notice The schedule's entries: from each `fromYear` on, `rateWad` a year.
    function inflationSchedule() external view returns (YearRate[] memory);

    /// @notice Longest profile name, in bytes (32).
    function MAX_NAME_BYTES() external view returns (uint256);

    /// @notice Longest profile website, in bytes (140).
    function MAX_WEBSITE_BYTES() external view returns (uint256);

    /// @notice Longest profile description, in bytes (280).
    function MAX_DESCRIPTION_BYTES() external view returns (uint256);

    /// @notice `operator`'s profile; `name` is empty if it never set one, or if it was off the list
    /// while another candidate took the name.
    function profileOf(
        address operator
    ) external view returns (string memory name, string memory website, string memory description);

    /// @notice The profile names of `operators` (as `profileOf`'s `name`), for a list in one call.
    function namesOf(address[] calldata operators) external view returns (string[] memory names);

    /// @notice The current value of `which`.
    function parameter(Parameter which) external view returns (uint256);

    /// @notice Voting power of stakers (OpenZeppelin `Votes`, a StakeVotes proxy), written by this pool only.
    function votes() external view returns (address);

    /// @notice Receives the mint while nothing is staked.
    function treasury() external view returns (address);

    /// @notice The immutable maximum commission, wad.
    function maxCommission() external view returns (uint256);

    /// @notice Number of registered, listed validators (active or jailed).
    function candidateCount() external view returns (uint256);

    /// @notice Operators of every listed validator.
    function candidates() external view returns (address[] memory);

    /// @notice Estimated annual yield of bonded stake, `(1+i)^((1-delta)*B/S) - 1`, wad; an estimate that
    /// holds `B/S` constant. `type(uint256).max` while nothing is staked.
    function estimatedAPY() external view returns (uint256);
}
