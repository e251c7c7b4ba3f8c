// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title CodeStorage
/// @notice Bytes kept as the runtime code of a small data contract instead of in storage slots
/// (the "SSTORE2" pattern): written once with CREATE, read with EXTCODECOPY. Reading n bytes costs
/// one cold account access (2,600 gas) and 3 gas a word, against 2,100 gas per 32-byte slot, so it
/// suits data written rarely and read often: the active set's signers, which Besu reads on every block.
/// @dev The data contract's code is `0x00` (STOP) followed by the data, so calling it does nothing.
/// Its creation code is 10 bytes that copy the rest of the creation code into memory and return it:
/// `PUSH2 size, DUP1, PUSH1 10, RETURNDATASIZE, CODECOPY, RETURNDATASIZE, RETURN`.
library CodeStorage {
    /// @notice The most bytes one data contract holds: EIP-170's 24,576-byte code limit less the STOP byte.
    uint256 internal constant MAX_DATA_BYTES = 24_575;

    /// @notice `byteLength` bytes do not fit in one data contract, which holds at most `maxBytes`.
    error CodeStorageTooLarge(uint256 byteLength, uint256 maxBytes);
    /// @notice The data contract could not be created (the creation ran out of gas).
    error CodeStorageWriteFailed(uint256 byteLength);

    /// @notice Creates a data contract holding `data`; returns its address.
    function write(bytes memory data) internal returns (address pointer) {
        // Checked here rather than left to CREATE: a chain without EIP-170 would accept more, and the
        // size below is 16 bits. Within the limit the code (data plus the STOP byte) fits in 16 bits.
        if (data.length > MAX_DATA_BYTES) revert CodeStorageTooLarge(data.length, MAX_DATA_BYTES);
        bytes memory creationCode = abi.encodePacked(
            hex"61",
            uint16(data.length + 1),
            hex"80600a3d393df3",
            hex"00",
            data
        );
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            pointer := create(0, add(creationCode, 0x20), mload(creationCode))
        }
        if (pointer == address(0)) revert CodeStorageWriteFailed(data.length);
    }

    /// @notice The bytes held by `pointer` (written by `write`); empty for an address without code.
    function read(address pointer) internal view returns (bytes memory data) {
        uint256 codeSize = pointer.code.length;
        uint256 byteLength = codeSize == 0 ? 0 : codeSize - 1;
        data = new bytes(byteLength);
        // solhint-disable-next-line no-inline-assembly
        assembly ("memory-safe") {
            extcodecopy(pointer, add(data, 0x20), 1, byteLength)
        }
    }
}
