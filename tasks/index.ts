// Every Hardhat task lives in a file of its own under tasks/, named after it, and is registered here.
// Code shared between tasks lives in tasks/lib/.
import "./claim";
import "./claim-all";
import "./commission";
import "./profile";
import "./commit";
import "./compound";
import "./delegate";
import "./deploy";
import "./deregister";
import "./elect";
import "./execute";
import "./genesis";
import "./heartbeat";
import "./proposals";
import "./propose";
import "./queue";
import "./register";
import "./reveal";
import "./roles";
import "./signer-proof";
import "./stake";
import "./status";
import "./unstake";
import "./validator-claim";
import "./vote";
import "./withdraw";
