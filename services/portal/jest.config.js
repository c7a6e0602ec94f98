// The BFF's tests: the Nest app in-process, with the chain services replaced by
// loopback HTTP servers that record what reached them (a process edge).
module.exports = require('../../jest.preset')(__dirname, {});
