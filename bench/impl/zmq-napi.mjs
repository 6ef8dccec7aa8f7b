// zmq-napi, idiomatic API: `await push.send(msg)` per message, `for await (const msg of pull)`.
import * as zmq from "zmq-napi"
import {idiomatic, v6Impl} from "./v6.mjs"

export default v6Impl(zmq, idiomatic)
