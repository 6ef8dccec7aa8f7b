// The CommonJS view under moduleResolution node16: `import = require` of both entry points.
import zmq = require("zmq-napi")
import compat = require("zmq-napi/compat")

const pull: zmq.Pull = new zmq.Pull()
const version: string = zmq.version
const legacy = compat.socket("pull")
void [pull, version, legacy]
