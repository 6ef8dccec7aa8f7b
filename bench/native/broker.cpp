// The native reference for the "broker thr" rows: libzmq's own proxy between
// a ROUTER front-end and a DEALER back-end, in a C++ process with nothing
// else in it. bench/harness/runners.mjs compiles it on demand against the
// pinned static libzmq (deps/build/prefix), so it measures the same libzmq as
// the zmq-napi rows. Like zmq-napi's Proxy it runs zmq_proxy_steerable with
// an inproc PAIR control socket, so the two differ only in what surrounds
// the proxy.
//
//   broker <front bind address> <back bind address>
//
// Prints {"endpoints":{"front":"...","back":"..."}} once both are bound,
// proxies until its stdin is closed, then exits 0.
#include <zmq.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

static void fail (const char *what)
{
    std::fprintf (stderr, "broker: %s: %s\n", what, zmq_strerror (zmq_errno ()));
    std::exit (1);
}

static void *bound (void *context, int type, const char *address)
{
    void *socket = zmq_socket (context, type);
    int zero = 0;
    if (socket == NULL
        || zmq_setsockopt (socket, ZMQ_LINGER, &zero, sizeof zero) != 0
        || zmq_bind (socket, address) != 0)
        fail (address);
    return socket;
}

static void endpoint (void *socket, char (&buffer)[256])
{
    size_t size = sizeof buffer;
    if (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, buffer, &size) != 0)
        fail ("ZMQ_LAST_ENDPOINT");
}

int main (int argc, char *argv[])
{
    if (argc != 3) {
        std::fprintf (stderr, "usage: broker <front bind address> <back bind address>\n");
        return 2;
    }
    void *context = zmq_ctx_new ();
    void *front = bound (context, ZMQ_ROUTER, argv[1]);
    void *back = bound (context, ZMQ_DEALER, argv[2]);
    void *control = bound (context, ZMQ_PAIR, "inproc://control");
    void *steer = zmq_socket (context, ZMQ_PAIR);
    if (steer == NULL || zmq_connect (steer, "inproc://control") != 0)
        fail ("control");

    char front_endpoint[256], back_endpoint[256];
    endpoint (front, front_endpoint);
    endpoint (back, back_endpoint);
    std::printf ("{\"endpoints\":{\"front\":\"%s\",\"back\":\"%s\"}}\n",
                 front_endpoint, back_endpoint);
    std::fflush (stdout);

    // The harness closes stdin when the row is done.
    std::thread watcher ([steer] {
        char buffer[256];
        while (std::fread (buffer, 1, sizeof buffer, stdin) > 0) {
        }
        zmq_send (steer, "TERMINATE", 9, 0);
    });
    if (zmq_proxy_steerable (front, back, NULL, control) != 0)
        fail ("zmq_proxy_steerable");
    watcher.join ();
    zmq_close (steer);
    zmq_close (control);
    zmq_close (front);
    zmq_close (back);
    zmq_ctx_term (context);
    return 0;
}
