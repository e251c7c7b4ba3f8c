// Every Hardhat task lives in a file of its own under tasks/, named after it, and is registered here.
// Code shared between tasks lives in tasks/lib/.
import "./claim";
import "./commission";
import "./commit";
import "./compound";
import "./delegate";
import "./deploy";
import "./deregister";
import "./elect";
import "./genesis";
import "./heartbeat";
import "./register";
import "./reveal";
import "./stake";
import "./status";
import "./unstake";
import "./validator-claim";
import "./withdraw";
