// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Validator registry (the staking pool, as the election contract sees it)
/// @notice The candidates, their bonded stake and jail state, and the hand-off of the active set's
/// `delta` share of inflation. Implemented by the staking pool; the election contract only reads it,
/// jails validators that committed a seed and did not reveal it, and collects the `delta` share.
interface IValidatorRegistry {
    /// @notice The candidates of the current round's draw: those on the list at the round's start, in
    /// the list's order then, not jailed at any block since the round started, with a non-zero stake
    /// to draw on. One call, so the election reads each candidate's weight once.
    /// @dev Fixed before the election's seed can be known: each candidate's bonded stake at the start
    /// of the current round of the grid published with `setRoundGrid` (its stake now, and the list as
    /// it is, until a grid is published). Stake moved during a round counts from the next round; a
    /// candidate that joined the list during the round is left out until the next; one that left it
    /// (deregistered, displaced, tombstoned) or was jailed after the round started keeps its place and
    /// round-start stake with a zero signer, which the election sets aside if drawn, so a departure or
    /// a jail changes no other candidate's chances.
    /// @return operators Operator addresses (the validator's identity in the pool).
    /// @return signers QBFT signer addresses (what Besu reads), same index as `operators`.
    /// @return bondedStakeWei Bonded stake (self + delegated) at the round's start, in wei, same index
    /// as `operators`.
    function electableCandidates()
        external
        view
        returns (address[] memory operators, address[] memory signers, uint256[] memory bondedStakeWei);

    /// @notice Whether `operator` is a registered, not deregistered validator (jailed or not).
    function isCandidate(address operator) external view returns (bool);

    /// @notice Whether `operator` is jailed at the current block.
    function isJailed(address operator) external view returns (bool);

    /// @notice The QBFT signer address of `operator` (zero if not registered).
    function signerOf(address operator) external view returns (address);

    /// @notice The operator whose signer is `signer` (zero if none).
    function operatorOfSigner(address signer) external view returns (address);

    /// @notice Publishes the election's round grid: rounds start at `anchorBlock` and every
    /// `lengthBlocks` after it until `nextFromBlock`, then every `nextLengthBlocks` (0: no scheduled
    /// change). The registry checkpoints each candidate's stake at the first change of every round on
    /// this grid. Callable by the election (the collector role); the election publishes its schedule
    /// whenever it changes.
    function setRoundGrid(
        uint256 anchorBlock,
        uint256 lengthBlocks,
        uint256 nextFromBlock,
        uint256 nextLengthBlocks
    ) external;

    /// @notice Jails `operator` until block `untilBlock` (no new delegation, not electable).
    /// Callable by the jailer role (the election contract). Never shortens an existing jail.
    function jail(address operator, uint256 untilBlock) external;

    /// @notice The `delta` share of inflation accrued for the active validators and not yet collected, in wei.
    function validatorRewardsOwed() external view returns (uint256);

    /// @notice Accrues, then transfers every uncollected `delta`-share token to the caller and
    /// returns the amount. Callable by the validator-rewards collector role (the election contract).
    function collectValidatorRewards() external returns (uint256 amountWei);
}
