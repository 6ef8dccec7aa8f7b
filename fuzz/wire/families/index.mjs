/** The input families, in the order rounds go through them (round r uses family r mod count). */
import * as randomBytes from "./random-bytes.mjs"
import * as greetings from "./greetings.mjs"
import * as handshakes from "./handshakes.mjs"
import * as frameHeaders from "./frame-headers.mjs"
import * as truncations from "./truncations.mjs"
import * as mutations from "./mutations.mjs"
import * as commands from "./commands.mjs"
import * as flood from "./flood.mjs"

export const FAMILIES = [randomBytes, greetings, handshakes, frameHeaders, truncations, mutations, commands, flood]
