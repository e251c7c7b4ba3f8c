// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Burnable} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Burnable.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {IETMToken} from "../interfaces/IETMToken.sol";

/// @title ETMToken
/// @notice The ETM token. See {IETMToken}.
contract ETMToken is ERC20, ERC20Permit, ERC20Burnable, IETMToken {
    /// @inheritdoc IETMToken
    address public immutable override admin;
    /// @inheritdoc IETMToken
    address public override minter;

    /// @param admin_ The address that may set the minter once.
    /// @param initialHolder Receives `initialSupplyWei`.
    /// @param initialSupplyWei The supply minted at deployment, in wei (1e18 = 1 ETM).
    constructor(
        address admin_,
        address initialHolder,
        uint256 initialSupplyWei
    ) ERC20("ETM", "ETM") ERC20Permit("ETM") {
        if (admin_ == address(0) || initialHolder == address(0)) revert ZeroAddress();
        admin = admin_;
        _mint(initialHolder, initialSupplyWei);
    }

    /// @inheritdoc IETMToken
    function setMinter(address newMinter) external override {
        if (msg.sender != admin) revert NotAdmin(msg.sender, admin);
        if (minter != address(0)) revert MinterAlreadySet(minter);
        if (newMinter == address(0)) revert ZeroAddress();
        minter = newMinter;
        emit MinterSet(newMinter);
    }

    /// @inheritdoc IETMToken
    function mint(address to, uint256 amountWei) external override {
        if (msg.sender != minter) revert NotMinter(msg.sender, minter);
        _mint(to, amountWei);
    }

    /// @inheritdoc IETMToken
    function burn(uint256 amountWei) public override(ERC20Burnable, IETMToken) {
        super.burn(amountWei);
    }
}
