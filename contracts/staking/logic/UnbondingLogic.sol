// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title UnbondingLogic
/// @notice `unstake`: a position's stake leaves the bonded pool of its validator for the validator's
/// unbonding pool and the account's unbonding ring. An external library run by DELEGATECALL on the
/// pool's storage (see `ValidatorLogic`); `withdraw`, the other end of unbonding, stays in the pool.
library UnbondingLogic {
    using SafeERC20 for IETMToken;

    /// @notice See {IStakingPool-syncVotingUnits}.
    function syncVotingUnits(PoolStorage.Layout storage $, address account, address validator) external {
        PoolStorage.Validator storage v = $.validators[validator];
        PoolStorage.Position storage p = $.positions[account][validator];
        StakingLogic.syncVotes(
            $,
            account,
            p,
            StakingLogic.tokensForShares(p.shares, v.bondedTokensWei, v.bondedShares)
        );
    }

    /// @notice See {IStakingPool-unstake}.
    function unstake(
        PoolStorage.Layout storage $,
        IETMToken token,
        address validator,
        uint256 amountWei
    ) external returns (uint256 maturityBlock) {
        if (amountWei == 0) revert IStakingPool.ZeroAmount();
        PoolStorage.Validator storage v = StakingLogic.knownValidator($, validator);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        PoolStorage.Position storage p = $.positions[msg.sender][validator];
        PoolStorage.Position memory position = p;
        uint256 rewardWei = StakingLogic.settlePosition(position, v);

        uint256 bondedTokens = v.bondedTokensWei;
        uint256 bondedShares = v.bondedShares;
        uint256 valueWei = StakingLogic.tokensForShares(position.shares, bondedTokens, bondedShares);
        if (amountWei > valueWei)
            revert IStakingPool.InsufficientStake(msg.sender, validator, valueWei, amountWei);
        // Burn shares rounded up (the pool keeps the rounding), or all of them on a full exit.
        uint256 burnedShares = amountWei == valueWei
            ? position.shares
            : Math.mulDiv(amountWei, bondedShares, bondedTokens, Math.Rounding.Ceil);
        // burnedShares <= position.shares: amountWei <= valueWei rounds up to at most the position.
        position.shares -= uint128(burnedShares);
        bondedTokens -= amountWei;
        bondedShares -= burnedShares;
        uint256 remainingWei = StakingLogic.tokensForShares(position.shares, bondedTokens, bondedShares);
        StakingLogic.checkPositionSize($, msg.sender, validator, v.status, remainingWei);

        StakingLogic.checkpointStake($, validator, v.bondedTokensWei);
        // Both only decreased from their uint128 fields.
        v.bondedTokensWei = uint128(bondedTokens);
        v.bondedShares = uint128(bondedShares);
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        if (position.shares == 0) StakingLogic.removePosition($, msg.sender, v.id);
        $.totals.totalStakedWei -= uint128(amountWei);
        StakingLogic.syncVotes($, msg.sender, p, remainingWei);
        maturityBlock = StakingLogic.queueUnbonding($, msg.sender, v, amountWei);
        emit IStakingPool.Unstaked(msg.sender, validator, amountWei, maturityBlock);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }
}
