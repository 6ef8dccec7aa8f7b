// The incumbent `zeromq` package (devDependency, 6.8.0), idiomatic v6 API:
// the same code as zmq-napi's idiomatic row.
import {createRequire} from "node:module"
import {idiomatic, v6Impl} from "./v6.mjs"

const zmq = createRequire(import.meta.url)("zeromq")

export default v6Impl(zmq, idiomatic)
