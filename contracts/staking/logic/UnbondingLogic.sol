// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";

import {IETMToken} from "../../interfaces/IETMToken.sol";
import {IStakingPool} from "../../interfaces/IStakingPool.sol";
import {PoolStorage} from "../PoolStorage.sol";
import {PoolConstants} from "./PoolConstants.sol";
import {RedelegationLiens} from "./RedelegationLiens.sol";
import {StakingLogic} from "./StakingLogic.sol";

/// @title UnbondingLogic
/// @notice Stake leaving a validator: `unstake` (to the validator's unbonding bucket and the account's
/// unbonding ring) and `redelegate` (bonded at another validator at once, with a lien on the source:
/// `RedelegationLiens`); and a position changing class (`setCompounding`). An external library run by DELEGATECALL on the pool's storage (see
/// `ValidatorLogic`); `withdraw`, the other end of unbonding, stays in the pool.
library UnbondingLogic {
    using SafeERC20 for IETMToken;

    /// @notice See {IStakingPool-syncVotingUnits}. A compounding position's value is read after its
    /// validator's settlement (which bonds the class's reward).
    function syncVotingUnits(
        PoolStorage.Layout storage $,
        IETMToken token,
        address account,
        address validator
    ) external {
        PoolStorage.Validator storage v = $.validators[validator];
        PoolStorage.Position storage p = $.positions[account][validator];
        PoolStorage.Position memory position = p;
        if (position.rewardPerSharePaidRay == PoolConstants.COMPOUNDING)
            StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        (, uint256 valueWei) = StakingLogic.positionValue($, validator, v, position);
        StakingLogic.syncVotes($, account, validator, valueWei);
    }

    /// @notice See {IStakingPool-settleValidator}.
    function settleValidator(PoolStorage.Layout storage $, IETMToken token, address validator) external {
        PoolStorage.Validator storage v = StakingLogic.knownValidator($, validator);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
    }

    /// @notice See {IStakingPool-setCompounding}. Pays the position's settled reward.
    function setCompounding(
        PoolStorage.Layout storage $,
        IETMToken token,
        address validator,
        bool compounding
    ) external returns (uint256 valueWei) {
        if (msg.sender == validator) revert IStakingPool.SelfStakeCannotCompound(validator);
        PoolStorage.Validator storage v = StakingLogic.knownValidator($, validator);
        PoolStorage.Position storage p = $.positions[msg.sender][validator];
        PoolStorage.Position memory position = p;
        if ((position.rewardPerSharePaidRay == PoolConstants.COMPOUNDING) == compounding)
            revert IStakingPool.CompoundingUnchanged(msg.sender, validator, compounding);
        StakingLogic.settleValidator($, validator, v, StakingLogic.accrue($, token));
        uint256 rewardWei = StakingLogic.settlePosition(position, v);
        uint256 shares = position.shares;
        if (compounding) {
            if (shares != 0) {
                uint256 valueBeforeWei = StakingLogic.tokensForShares(
                    shares,
                    v.bondedTokensWei,
                    v.bondedShares
                );
                position.shares = uint128(StakingLogic.joinClass($, validator, shares, valueBeforeWei));
            }
            position.rewardPerSharePaidRay = uint128(PoolConstants.COMPOUNDING);
        } else {
            uint256 bondedShares = StakingLogic.bondedSharesOf($, validator, position);
            if (shares != 0) StakingLogic.leaveClass($, validator, bondedShares, shares, true);
            // A dust position whose part of the class rounds to no bonded share leaves the list.
            if (bondedShares == 0 && shares != 0) StakingLogic.removePosition($, msg.sender, v.id);
            position.shares = uint128(bondedShares); // at most the class's: a uint128
            position.rewardPerSharePaidRay = v.rewardPerShareRay;
        }
        p.shares = position.shares;
        p.rewardPerSharePaidRay = position.rewardPerSharePaidRay;
        (, valueWei) = StakingLogic.positionValue($, validator, v, position);
        StakingLogic.syncVotes($, msg.sender, validator, valueWei);
        emit IStakingPool.CompoundingSet(msg.sender, validator, compounding, valueWei);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
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
        // Stake redelegated here stays until it can no longer be slashed for its source's infractions.
        uint256 lockedWei = RedelegationLiens.settle($, token, msg.sender, v.id);
        if (amountWei == PoolConstants.WHOLE_POSITION)
            amountWei = StakingLogic.wholePosition($, token, msg.sender, validator, v);
        (uint256 rewardWei, uint256 remainingWei) = StakingLogic.unbond(
            $,
            token,
            msg.sender,
            validator,
            v,
            amountWei
        );
        if (remainingWei < lockedWei)
            revert IStakingPool.RedelegationLocked(msg.sender, validator, lockedWei, remainingWei);
        StakingLogic.syncVotes($, msg.sender, validator, remainingWei);
        maturityBlock = StakingLogic.queueUnbonding($, msg.sender, v, amountWei);
        emit IStakingPool.Unstaked(msg.sender, validator, amountWei, maturityBlock);
        if (rewardWei != 0) {
            emit IStakingPool.RewardPaid(msg.sender, validator, rewardWei);
            token.safeTransfer(msg.sender, rewardWei);
        }
    }

    /// @notice See {IStakingPool-redelegate}. Returns the maturity block and the rewards to pay the
    /// caller (both positions' pending rewards; the pool pays them in one transfer).
    function redelegate(
        PoolStorage.Layout storage $,
        IETMToken token,
        address source,
        address destination,
        uint256 amountWei
    ) external returns (uint256 maturityBlock, uint256 rewardWei) {
        if (amountWei == 0) revert IStakingPool.ZeroAmount();
        if (source == destination || destination == msg.sender)
            revert IStakingPool.InvalidRedelegation(source, destination);
        PoolStorage.Validator storage from = StakingLogic.knownValidator($, source);
        uint256 lockedWei = RedelegationLiens.settle($, token, msg.sender, from.id);
        if (amountWei == PoolConstants.WHOLE_POSITION)
            amountWei = StakingLogic.wholePosition($, token, msg.sender, source, from);
        rewardWei = _move($, token, source, from, destination, amountWei, lockedWei);
        maturityBlock = RedelegationLiens.open($, msg.sender, from, $.validators[destination].id, amountWei);
        emit IStakingPool.Redelegated(msg.sender, source, destination, amountWei, maturityBlock);
    }

    /// @dev Moves `amountWei` of the caller's stake at `source` (its validator `from`, where `lockedWei`
    /// must stay) to `destination`, counting the account's voting units once for both positions.
    /// Returns both positions' settled rewards.
    function _move(
        PoolStorage.Layout storage $,
        IETMToken token,
        address source,
        PoolStorage.Validator storage from,
        address destination,
        uint256 amountWei,
        uint256 lockedWei
    ) private returns (uint256 rewardWei) {
        uint256 remainingWei;
        (rewardWei, remainingWei) = StakingLogic.unbond($, token, msg.sender, source, from, amountWei);
        if (remainingWei < lockedWei)
            revert IStakingPool.RedelegationLocked(msg.sender, source, lockedWei, remainingWei);
        (, uint256 destinationRewardWei, uint256 destinationValueWei) = StakingLogic.bondUncounted(
            $,
            token,
            msg.sender,
            destination,
            amountWei
        );
        StakingLogic.syncVotes($, msg.sender, source, remainingWei);
        StakingLogic.syncVotes($, msg.sender, destination, destinationValueWei);
        if (rewardWei != 0) emit IStakingPool.RewardPaid(msg.sender, source, rewardWei);
        if (destinationRewardWei != 0)
            emit IStakingPool.RewardPaid(msg.sender, destination, destinationRewardWei);
        rewardWei += destinationRewardWei;
    }

    /// @notice See {IStakingPool-settleRedelegations}.
    function settleRedelegations(PoolStorage.Layout storage $, IETMToken token, address account) external {
        RedelegationLiens.settle($, token, account, 0);
    }
}
