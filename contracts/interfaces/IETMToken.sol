// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @title ETM token
/// @notice ERC-20 with EIP-2612 permit and 18 decimals. The initial supply is minted at deployment;
/// afterwards exactly one minter (the staking pool, set once by the admin) creates tokens, and only
/// the emission schedule. Holders may burn their own tokens; the pool burns slashed stake.
interface IETMToken is IERC20 {
    /// @notice The minter was set; it can never change again.
    event MinterSet(address indexed minter);

    /// @notice The caller is not the admin that may set the minter.
    error NotAdmin(address caller, address admin);
    /// @notice The caller is not the minter.
    error NotMinter(address caller, address minter);
    /// @notice The minter has been set already, to `minter`.
    error MinterAlreadySet(address minter);
    /// @notice The zero address was given where an address is required.
    error ZeroAddress();

    /// @notice The only address allowed to set the minter (once).
    function admin() external view returns (address);

    /// @notice The only address allowed to mint (the staking pool); zero until set.
    function minter() external view returns (address);

    /// @notice Sets the minter; callable once, by the admin.
    function setMinter(address newMinter) external;

    /// @notice Mints `amountWei` to `to`; callable by the minter only.
    function mint(address to, uint256 amountWei) external;

    /// @notice Burns `amountWei` of the caller's tokens.
    function burn(uint256 amountWei) external;
}
