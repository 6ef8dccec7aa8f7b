/**
 * zmq-napi: ZeroMQ for Node.js. The exports mirror the `zeromq` v6 package,
 * so `import * as zmq from "zmq-napi"` replaces `from "zeromq"`.
 */
import {binding} from "./native"

/** The libzmq version in use, e.g. "4.3.4". */
export const version: string = binding.version

/** What this libzmq build supports (`zmq_has`): ipc, pgm, tipc, norm, curve, gssapi, draft. */
export const capability: Readonly<Partial<Record<"ipc" | "pgm" | "tipc" | "norm" | "curve" | "gssapi" | "draft", boolean>>> =
  Object.freeze({...binding.capability})

export {
  Authenticator, type AuthenticatorOptions, type CurveClientKey, type CurveClientKeys,
} from "./auth/authenticator"
export {
  type Certificate, type CertificateFiles, createCertificate, loadCertificate, loadCertificates, saveCertificate,
} from "./auth/certificate"
export {CURVE_ALLOW_ANY, type ZapCallback, type ZapDecision} from "./auth/policy"
export type {ZapReply, ZapRequest, ZapStatus} from "./auth/zap"
export {Context, context} from "./context"
export {curveKeyPair, curvePublic, z85Decode, z85Encode} from "./curve"
export type {ZmqError} from "./errors"
export type {
  AuthError, ErrnoError, Event, EventOfType, EventType, ProtocolErrorCode, ProtoError,
} from "./events"
export type {Message, MessageLike} from "./message"
export {PackedMessages} from "./incoming"
export {metadataOf, type MessageMetadata, type ReceiveMetadata} from "./metadata"
export {Observer} from "./observer"
export type {ContextOptions, SocketOptionsFor} from "./option-table"
export {
  Poller, type PollerEvents, type PollerItem, type PollerReady, type PollerReadyDescriptor, type PollerReadySocket,
  type PollerWaitOptions,
} from "./poller"
export {Proxy, type ProxyOptions, type ProxySocketStatistics, type ProxyStatistics} from "./proxy"
export {Socket, SocketType, type OperationOptions, type SendOptions, type SocketOptions} from "./socket"
export {
  Dealer, Pair, Publisher, Pull, Push, Reply, Request, Router, Stream, Subscriber, XPublisher, XSubscriber,
  type Readable, type RouterConnectOptions, type StreamConnectOptions, type Writable,
} from "./socket-types"
