// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title Validator registry (the staking pool, as the election contract sees it)
/// @notice The candidates, their bonded stake and jail state, and the hand-off of the active set's
/// `delta` share of inflation. Implemented by the staking pool; the election contract only reads it,
/// jails validators that committed a seed and did not reveal it, and collects the `delta` share.
interface IValidatorRegistry {
    /// @notice Every registered candidate that can be elected now: registered, not deregistered,
    /// not jailed at this block, with bonded stake > 0. One call, so the election reads each
    /// candidate's weight once. Order is the registry's internal order (stable between changes).
    /// @return operators Operator addresses (the validator's identity in the pool).
    /// @return signers QBFT signer addresses (what Besu reads), same index as `operators`.
    /// @return bondedStakeWei Bonded stake (self + delegated) in wei, same index as `operators`.
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

    /// @notice Jails `operator` until block `untilBlock` (no new delegation, not electable).
    /// Callable by the jailer role (the election contract). Never shortens an existing jail.
    function jail(address operator, uint256 untilBlock) external;

    /// @notice The `delta` share of inflation accrued for the active validators and not yet collected, in wei.
    function validatorRewardsOwed() external view returns (uint256);

    /// @notice Accrues, then transfers every uncollected `delta`-share token to the caller and
    /// returns the amount. Callable by the validator-rewards collector role (the election contract).
    function collectValidatorRewards() external returns (uint256 amountWei);
}
