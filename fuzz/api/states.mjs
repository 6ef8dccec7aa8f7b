/**
 * The states a member is called in, and how everything made for a call is
 * closed again. Every class of every API has a recipe: how to make an
 * instance fresh, bound, after close, in a closed context, running, received
 * (awaited: a state only a promise reaches)... A new
 * exported class without a recipe fails the run (so it cannot go unfuzzed).
 * Everything made goes into a Scope, which closes it after the call:
 * closing must settle whatever the call left pending.
 */

/**
 * Every socket a recipe makes has linger 0: a message queued for a peer that
 * never comes would otherwise, by design, keep the process alive (closing and
 * exit wait for linger), and the run would report that as a leak.
 */
const NO_LINGER = {linger: 0}

let endpointCounter = 0
const uniqueInproc = () => `inproc://fuzz-${process.pid}-${++endpointCounter}`

/** What was made for one call, closed in reverse order. */
export class Scope {
  #closers = []

  /** `pending(promise, what)`: how the runner follows a promise a state leaves pending (a running proxy's run()). */
  constructor(pending) {
    this.pending = pending
  }

  track(value, close) {
    this.#closers.push(() => close(value))
    return value
  }

  close() {
    for (const close of this.#closers.reverse()) {
      try {
        close()
      } catch {
        // Closing twice, or after the context went, may throw; the oracle judged the call itself.
      }
    }
    this.#closers = []
  }
}

/** Binds to the first endpoint its transport accepts (Datagram and Dish want udp://, ...). */
function bindAnywhere(socket) {
  for (const endpoint of [uniqueInproc(), "tcp://127.0.0.1:*"]) {
    try {
      socket.bindSync(endpoint)
      return
    } catch {
      // try the next transport
    }
  }
}

const closeIt = (value) => value.close()

/** The recipes of the modern API (and its draft entry point, whose classes are modern sockets). */
function modernRecipes(zmq) {
  const socketClass = (cls) => cls.prototype instanceof zmq.Socket || cls === zmq.Socket
  const makeSocket = (scope, cls, options) =>
    {
    const all = {...NO_LINGER, ...options}
    return scope.track(cls === zmq.Socket ? new zmq.Socket(zmq.SocketType.Pair, all) : new cls(all), closeIt)
  }
  const makeContext = (scope) => scope.track(new zmq.Context(), closeIt)
  const makePair = (scope) => makeSocket(scope, zmq.Pair)
  return {
    isSocket: socketClass,
    recipe(cls) {
      if (socketClass(cls)) {
        return {
          fresh: (scope) => makeSocket(scope, cls),
          bound: (scope) => {
            const socket = makeSocket(scope, cls)
            bindAnywhere(socket)
            return socket
          },
          closed: (scope) => {
            const socket = makeSocket(scope, cls)
            socket.close()
            return socket
          },
          "context closed": (scope) => {
            const context = makeContext(scope)
            const socket = makeSocket(scope, cls, {context})
            context.close()
            return socket
          },
        }
      }
      switch (cls) {
        case zmq.Context: return {
          fresh: makeContext,
          closed: (scope) => {
            const context = makeContext(scope)
            context.close()
            return context
          },
        }
        case zmq.Observer: return {
          fresh: (scope) => scope.track(new zmq.Observer(makePair(scope)), closeIt),
          closed: (scope) => {
            const observer = scope.track(new zmq.Observer(makePair(scope)), closeIt)
            observer.close()
            return observer
          },
        }
        case zmq.Proxy: {
          const makeProxy = (scope) => {
            const proxy = new zmq.Proxy(makeSocket(scope, zmq.Router), makeSocket(scope, zmq.Dealer))
            return scope.track(proxy, (value) => value.terminate())
          }
          return {
            fresh: makeProxy,
            running: (scope) => {
              const proxy = makeProxy(scope)
              scope.pending(proxy.run(), "the proxy's run()")
              return proxy
            },
          }
        }
        case zmq.Poller: {
          // A pending wait settles when a socket among the items closes (EBADF): the scope adds and closes one.
          const makePoller = (scope) => {
            const poller = new zmq.Poller()
            scope.track(poller, (value) => {
              const pair = new zmq.Pair(NO_LINGER)
              value.add(pair)
              pair.close()
            })
            return poller
          }
          return {
            empty: makePoller,
            "with a socket": (scope) => makePoller(scope).add(makePair(scope), "both"),
          }
        }
        case zmq.Authenticator: {
          const makeAuthenticator = (scope) =>
            scope.track(new zmq.Authenticator({context: makeContext(scope)}), (value) => value.stop())
          return {
            fresh: makeAuthenticator,
            running: (scope) => makeAuthenticator(scope).start(),
          }
        }
        case zmq.PackedMessages: return {
          // Messages of two frames and of one: a batch is only ever made by receivePacked().
          received: async (scope) => {
            const endpoint = uniqueInproc()
            const push = makeSocket(scope, zmq.Push)
            const pull = makeSocket(scope, zmq.Pull)
            push.bindSync(endpoint)
            pull.connect(endpoint)
            await push.sendBatch([["first", "frame"], [null]])
            return pull.receivePacked()
          },
        }
        default: return undefined
      }
    },
    benign: (scope) => makePair(scope),
    /** Closes what a call returned, if it is something that holds resources (never the default context). */
    adopt(scope, value) {
      if (value instanceof zmq.Socket || value instanceof zmq.Observer) scope.track(value, closeIt)
      else if (value instanceof zmq.Context && value !== zmq.context) scope.track(value, closeIt)
      else if (value instanceof zmq.Proxy) scope.track(value, (proxy) => proxy.terminate())
      else if (value instanceof zmq.Authenticator) scope.track(value, (auth) => auth.stop())
    },
  }
}

function compatRecipes(zmq) {
  const makeSocket = (scope) => scope.track(zmq.socket("pair", NO_LINGER), closeIt)
  return {
    isSocket: (cls) => cls === zmq.Socket,
    recipe(cls) {
      switch (cls) {
        case zmq.Socket: return {
          fresh: makeSocket,
          bound: (scope) => makeSocket(scope).bindSync(uniqueInproc()),
          closed: (scope) => makeSocket(scope).close(),
        }
        case zmq.Context: return {
          fresh: (scope) => scope.track(new zmq.Context(), closeIt),
          closed: (scope) => {
            const context = scope.track(new zmq.Context(), closeIt)
            context.close()
            return context
          },
        }
        default: return undefined
      }
    },
    benign: makeSocket,
    adopt(scope, value) {
      if (value instanceof zmq.Socket) scope.track(value, closeIt)
      else if (value instanceof zmq.Context) scope.track(value, closeIt)
    },
  }
}

/** api name → its recipes; `apis` are the loaded entry points. */
export function recipesFor(apis) {
  const modern = modernRecipes({...apis.modern, ...apis.draft})
  return {modern, draft: modern, compat: compatRecipes(apis.compat)}
}
