// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {Initializable} from "@openzeppelin/contracts-upgradeable/proxy/utils/Initializable.sol";
import {UUPSUpgradeable} from "@openzeppelin/contracts-upgradeable/proxy/utils/UUPSUpgradeable.sol";
import {VotesUpgradeable} from "@openzeppelin/contracts-upgradeable/governance/utils/VotesUpgradeable.sol";
import {EIP712Upgradeable} from "@openzeppelin/contracts-upgradeable/utils/cryptography/EIP712Upgradeable.sol";

/// @title StakeVotes
/// @notice Governance voting power of ETM stakers: OpenZeppelin `Votes` (block-number clock,
/// checkpoints, delegation, delegateBySig) whose voting units are each account's bonded stake in the
/// staking pool, counted once the account delegates (to itself or another account, as with
/// ERC20Votes). Only the pool moves units; stake bonded in a block counts from the next block on
/// (`getPastVotes`), so voting weight cannot be flash-borrowed.
/// @dev The pool's voting-units module: deployed by the pool's initializer behind its own ERC-1967
/// proxy (the governor reads this address, so it never changes). Upgrades (UUPS) need the pool's
/// `UPGRADER_ROLE`: one role upgrades the pool and this module. Storage is ERC-7201 namespaced.
contract StakeVotes is Initializable, EIP712Upgradeable, VotesUpgradeable, UUPSUpgradeable {
    /// @custom:storage-location erc7201:etm.storage.StakeVotes
    struct StakeVotesStorage {
        address pool; // the staking pool, the only writer of voting units
        mapping(address account => uint256) votingUnitsWei; // bonded stake as last counted
    }

    /// @dev keccak256(abi.encode(uint256(keccak256("etm.storage.StakeVotes")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant STORAGE_LOCATION =
        0x30b0be72e11c5203081d024ca5ab8c3de15f7f047db9ba35fc2731432ffdce00;

    /// @notice The pool's role that may upgrade this module (`keccak256("UPGRADER_ROLE")`).
    bytes32 public constant UPGRADER_ROLE = keccak256("UPGRADER_ROLE");

    /// @notice The caller is not the staking pool.
    error NotPool(address caller);
    /// @notice `account` may not upgrade: it lacks the pool's `UPGRADER_ROLE`.
    error NotUpgrader(address account);

    /// @custom:oz-upgrades-unsafe-allow constructor
    constructor() {
        _disableInitializers();
    }

    /// @notice Initializes the proxy with the caller (the pool, from its own initializer) as the writer.
    function initialize() external initializer {
        __EIP712_init("ETM Stake Votes", "1");
        _storage().pool = msg.sender;
    }

    /// @notice The staking pool, the only writer of voting units.
    function pool() public view returns (address) {
        return _storage().pool;
    }

    /// @notice Adds `amountWei` of bonded stake to `account`'s voting units. As with OpenZeppelin's
    /// ERC20Votes, units count as votes once the account delegates them (to itself or another account,
    /// `delegate`, once): stakers who never vote do not pay for vote checkpoints on every stake.
    function addVotingUnits(address account, uint256 amountWei) external {
        StakeVotesStorage storage $ = _storage();
        if (msg.sender != $.pool) revert NotPool(msg.sender);
        $.votingUnitsWei[account] += amountWei;
        _transferVotingUnits(address(0), account, amountWei);
    }

    /// @notice Removes `amountWei` of voting units from `account` (unstaked or slashed stake).
    function removeVotingUnits(address account, uint256 amountWei) external {
        StakeVotesStorage storage $ = _storage();
        if (msg.sender != $.pool) revert NotPool(msg.sender);
        $.votingUnitsWei[account] -= amountWei;
        _transferVotingUnits(account, address(0), amountWei);
    }

    /// @notice `account`'s voting units: its bonded stake as last counted by the pool.
    function votingUnitsOf(address account) external view returns (uint256) {
        return _storage().votingUnitsWei[account];
    }

    function _getVotingUnits(address account) internal view override returns (uint256) {
        return _storage().votingUnitsWei[account];
    }

    /// @dev Only a holder of the pool's `UPGRADER_ROLE` may upgrade this module.
    function _authorizeUpgrade(address) internal view override {
        if (!IAccessControl(pool()).hasRole(UPGRADER_ROLE, msg.sender)) revert NotUpgrader(msg.sender);
    }

    function _storage() private pure returns (StakeVotesStorage storage $) {
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            $.slot := STORAGE_LOCATION
        }
    }
}
