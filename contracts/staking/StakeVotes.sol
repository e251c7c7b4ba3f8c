// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Votes} from "@openzeppelin/contracts/governance/utils/Votes.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

/// @title StakeVotes
/// @notice Governance voting power of ETM stakers: OpenZeppelin `Votes` (block-number clock,
/// checkpoints, delegation, delegateBySig) whose voting units are each account's bonded stake in the
/// staking pool, counted once the account delegates (to itself or another account, as with
/// ERC20Votes). Only the pool moves units; stake bonded in a block counts from the next block on
/// (`getPastVotes`), so voting weight cannot be flash-borrowed. Deployed by the pool itself.
/// @dev A separate contract so the pool stays within the 24 KiB code limit; the pool is its only writer.
contract StakeVotes is Votes {
    /// @notice The staking pool, the only writer of voting units.
    address public immutable pool;

    mapping(address account => uint256) private _votingUnitsWei;

    /// @notice The caller is not the staking pool.
    error NotPool(address caller);

    constructor() EIP712("ETM Stake Votes", "1") {
        pool = msg.sender;
    }

    /// @notice Adds `amountWei` of bonded stake to `account`'s voting units. As with OpenZeppelin's
    /// ERC20Votes, units count as votes once the account delegates them (to itself or another account,
    /// `delegate`, once): stakers who never vote do not pay for vote checkpoints on every stake.
    function addVotingUnits(address account, uint256 amountWei) external {
        if (msg.sender != pool) revert NotPool(msg.sender);
        _votingUnitsWei[account] += amountWei;
        _transferVotingUnits(address(0), account, amountWei);
    }

    /// @notice Removes `amountWei` of voting units from `account` (unstaked or slashed stake).
    function removeVotingUnits(address account, uint256 amountWei) external {
        if (msg.sender != pool) revert NotPool(msg.sender);
        _votingUnitsWei[account] -= amountWei;
        _transferVotingUnits(account, address(0), amountWei);
    }

    /// @notice `account`'s voting units: its bonded stake as last counted by the pool.
    function votingUnitsOf(address account) external view returns (uint256) {
        return _votingUnitsWei[account];
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _votingUnitsWei[account];
    }
}
