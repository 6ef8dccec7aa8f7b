/**
 * Handshakes that end with a ZAP user id, one per mechanism: PLAIN and CURVE
 * from the Authenticator's own rules (the user name, the client's key), NULL
 * from a callback that names its user. libzmq pushes that user id to the
 * server's session ahead of the peer's first message, which the sessions
 * that check the shape of their messages (DISH, REQ) once refused.
 */
import * as zmq from "../../../lib/index"

const USER = "client"
const PASSWORD = "client-password"
const serverKeys = zmq.curveKeyPair()
const clientKeys = zmq.curveKeyPair()

export interface NamedUserHandshake {
  /** Configures a fresh Authenticator so that it answers this handshake with a user id. */
  configure(auth: zmq.Authenticator): zmq.Authenticator
  /** The options of the server (the bound socket) and of its client. */
  server: zmq.SocketOptions
  client: zmq.SocketOptions
}

export const NAMED_USER_HANDSHAKES: Record<string, NamedUserHandshake> = {
  PLAIN: {
    configure: auth => auth.configurePlain("*", {[USER]: PASSWORD}),
    server: {plainServer: true},
    client: {plainUsername: USER, plainPassword: PASSWORD},
  },
  CURVE: {
    configure: auth => auth.configureCurve("*", zmq.CURVE_ALLOW_ANY),
    server: {curveServer: true, curveSecretKey: serverKeys.secretKey},
    client: {curveServerKey: serverKeys.publicKey, curvePublicKey: clientKeys.publicKey, curveSecretKey: clientKeys.secretKey},
  },
  // NULL asks the ZAP handler only when the server has a ZAP domain.
  "NULL with a ZAP user id": {
    configure: auth => auth.configureCallback("*", () => ({status: 200, userId: USER})),
    server: {zapDomain: "named"},
    client: {},
  },
}
