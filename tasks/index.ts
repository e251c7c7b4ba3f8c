// Every Hardhat task lives in a file of its own under tasks/ and is registered here.
import "./deploy";
import "./genesis";
import "./staking";
import "./status";
import "./validator";
import "./roles";
import "./propose";
import "./proposals";
import "./vote";
import "./queue";
import "./execute";
