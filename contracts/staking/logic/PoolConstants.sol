// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @dev Unbonding entries an account may have at once: the size of its ring (a file-level constant
/// so that the storage layout can use it as an array length).
uint256 constant UNBONDING_RING_SIZE = 16;

/// @dev Positions (validators staked to) an account may hold at once: the size of its position list,
/// which bounds `claimAll` and `compoundAll` (a file-level constant for the storage layout).
uint256 constant POSITION_LIST_SIZE = 16;

/// @dev Redelegations an account may have maturing at once, as Cosmos' `MaxEntries` (a file-level
/// constant for the storage layout): bounds what every unstake and redelegation settles.
uint256 constant REDELEGATION_SLOTS = 7;

/// @title PoolConstants
/// @notice The staking pool's constants, in one place for the pool and its logic libraries (the
/// lens and the pool's extension publish them).
library PoolConstants {
    uint256 internal constant WAD = 1e18;
    uint256 internal constant RAY = 1e27;
    /// @dev Largest annual inflation any year may have: 10%, wad.
    uint256 internal constant MAX_INFLATION = 0.1e18;
    /// @dev Unbonding entries an account may have at once (a ring; `withdraw` frees them).
    uint256 internal constant MAX_UNBONDING_ENTRIES = UNBONDING_RING_SIZE;
    /// @dev Positions an account may hold at once (its position list; `claimAll` walks it).
    uint256 internal constant MAX_POSITIONS = POSITION_LIST_SIZE;
    /// @dev Redelegations an account may have maturing at once (`TooManyRedelegations` beyond).
    uint256 internal constant MAX_REDELEGATIONS = REDELEGATION_SLOTS;
    /// @dev Largest `delta`: half of each mint.
    uint256 internal constant MAX_DELTA = 0.5e18;
    /// @dev The amount that asks `unstake` and `redelegate` for the whole position, valued at the
    /// block the transaction runs in (a compounding position grows every block).
    uint256 internal constant WHOLE_POSITION = type(uint256).max;
    /// @dev Stakers earn only while the total stake is at least supply / DUST_STAKE_DIVISOR (one
    /// millionth of the supply); below that the treasury takes the mint, as when nothing is staked.
    /// This bounds the reward per token of a block to 1e6 * i_n, so a dust total stake (after a
    /// near-100% slash, or tiny minimums) can never blow up the accumulator or freeze the pool.
    uint256 internal constant DUST_STAKE_DIVISOR = 1e6;
    /// @dev Commission changes take effect on a grid of `ceil(commissionDelayBlocks / SWITCH_GRID_DIVISOR)`
    /// blocks, so that at most SWITCH_GRID_DIVISOR + 1 distinct switch blocks are ever pending under
    /// one delay, whoever schedules how many changes (see `ParameterLogic.commissionEffectiveBlock`).
    uint256 internal constant SWITCH_GRID_DIVISOR = 16;
    /// @dev `jailedUntilBlock` of a validator whose self-stake fell below the minimum: jailed until its
    /// operator tops up (`topUpSelfStake`), whatever the block (the largest uint40).
    uint256 internal constant SHORTFALL_JAIL = type(uint40).max;
    /// @dev `Position.rewardPerSharePaidRay` of a position in its validator's compounding class (a value
    /// the accumulator never reaches): its `shares` are class shares, and it has no reward to pay.
    uint256 internal constant COMPOUNDING = type(uint128).max;
    /// @dev Length of a slash epoch: 28,800 blocks, one day at 3 s. Unbonding is kept per validator and
    /// epoch, and a validator's stake is recorded at the start of each epoch in which it changes, so a
    /// slash finds the stake bonded at its infraction to the epoch (docs/staking.md, "Slashing").
    uint256 internal constant SLASH_EPOCH_BLOCKS = 28_800;
    /// @dev Candidates that may join the list in one election round (registrations and relistings):
    /// bounds the list's change log of a round, which `electableCandidates` undoes to draw on the list
    /// as it was at the round's start (docs/election.md, "Stake fixed before the seed").
    uint256 internal constant MAX_LIST_JOINS_PER_ROUND = 64;
    /// @dev Largest candidate cap the parameter role may set.
    uint256 internal constant MAX_CANDIDATE_CAP = 1_500;
    /// @dev The pool's roles (see `StakingPoolExtension`, which publishes them).
    bytes32 internal constant PARAMETER_ROLE = keccak256("PARAMETER_ROLE");
    bytes32 internal constant SLASHER_ROLE = keccak256("SLASHER_ROLE");
    bytes32 internal constant JAILER_ROLE = keccak256("JAILER_ROLE");
    bytes32 internal constant COLLECTOR_ROLE = keccak256("COLLECTOR_ROLE");
    bytes32 internal constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");
}
