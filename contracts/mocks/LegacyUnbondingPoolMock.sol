// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {StakingPool} from "../staking/StakingPool.sol";
import {StakingPoolExtension} from "../staking/StakingPoolExtension.sol";
import {UNBONDING_RING_SIZE} from "../staking/logic/PoolConstants.sol";

/// @notice The pool plus two test-only functions that recreate the state a pool upgraded from the
/// version before slash epochs would hold: unbonding entries without an epoch in the validator's
/// legacy pool, and validators without a stake history.
/// @custom:oz-upgrades-unsafe-allow external-library-linking delegatecall
contract LegacyUnbondingPoolMock is StakingPool {
    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor(StakingPoolExtension extension_) StakingPool(extension_) {}

    /// @notice Moves every unbonding entry of `account` at `validator` out of its bucket into the
    /// validator's legacy pool, as if it had been queued before buckets existed (same token value).
    function makeLegacy(address account, address validator) external {
        Layout storage $ = _pool();
        Validator storage v = $.validators[validator];
        Account memory a = $.accounts[account];
        for (uint256 i = 0; i < a.unbondingCount; ++i) {
            UnbondingEntry storage entry = $.unbonding[account][(a.unbondingHead + i) % UNBONDING_RING_SIZE];
            if (entry.validatorId != v.id || entry.epochPlusOne == 0) continue;
            UnbondingBucket storage bucket = $.unbondingBuckets[v.id][entry.epochPlusOne - 1];
            uint256 tokens = Math.mulDiv(entry.shares, bucket.tokensWei, bucket.shares);
            bucket.tokensWei -= uint128(tokens);
            bucket.shares -= uint128(entry.shares);
            $.unbondingTotals[v.id].bucketedWei -= uint128(tokens);
            uint256 legacyShares = v.unbondingShares == 0
                ? tokens
                : Math.mulDiv(tokens, v.unbondingShares, v.unbondingTokensWei);
            v.unbondingTokensWei += uint128(tokens);
            v.unbondingShares += uint128(legacyShares);
            entry.shares = uint160(legacyShares);
            entry.epochPlusOne = 0;
        }
    }

    /// @notice Forgets `validator`'s stake history and unbonding totals, as for a validator registered
    /// before they existed.
    function forgetHistory(address validator) external {
        Layout storage $ = _pool();
        uint256 id = $.validators[validator].id;
        delete $.bondedEverHistory[id];
        $.unbondingTotals[id].unbondedEverWei = 0;
    }
}
