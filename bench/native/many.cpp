// The "many sockets" rows (bench/harness/many.mjs): a receiver with many idle
// connected sockets and one busy one, and the idle peer they connect to.
//
//   many idle-peer bind=<address> sockets=<n>
//       binds a PUSH that never sends; prints {"endpoint"}, then
//       {"connected":n} once n peers have completed their handshake; exits
//       when stdin closes. Every row's idle peer is this one.
//   many many-recv bind=<address> idle=<address> sockets=<n> maxSockets=<n> window=<s> parts=<n>
//       the native receiver: n PULL sockets connected to the idle peer, waits
//       for a line on stdin, measures its CPU over `window` idle seconds,
//       prints {"idle":{...}}, then binds the busy PULL and receives like
//       thr-recv. Like a JS process, whose event loop watches every socket,
//       it serves all n + 1 with one zmq_poll, draining the busy one each
//       time it is readable.
#include "tool.h"

#include <chrono>
#include <thread>
#include <vector>

static void idle_peer (const tool::Args &args)
{
    void *context = zmq_ctx_new ();
    void *push = tool::bound_socket (context, ZMQ_PUSH, args);
    if (zmq_socket_monitor (push, "inproc://idle-peer", ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
        tool::fail ("zmq_socket_monitor");
    void *monitor = zmq_socket (context, ZMQ_PAIR);
    if (zmq_connect (monitor, "inproc://idle-peer") != 0)
        tool::fail ("zmq_connect (monitor)");

    const long wanted = (long) args.number ("sockets");
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    // Each event is two frames: its number and value, then the peer's address.
    for (long connected = 0; connected < wanted;) {
        if (tool::receive_message (monitor, &frame) != 2)
            tool::fail ("monitor event");
        connected++;
    }
    zmq_msg_close (&frame);
    tool::emit ("{\"connected\":" + std::to_string (wanted) + "}");
    tool::wait_for_stdin_end ();
    zmq_close (monitor);
    zmq_close (push);
    zmq_ctx_term (context);
}

static void receive (const tool::Args &args)
{
    void *context = zmq_ctx_new ();
    const int sockets = (int) args.number ("sockets");
    if (zmq_ctx_set (context, ZMQ_MAX_SOCKETS, (int) args.number ("maxSockets")) != 0)
        tool::fail ("ZMQ_MAX_SOCKETS");
    std::vector<zmq_pollitem_t> items (sockets + 1);
    const std::string idle = args.text ("idle");
    for (int i = 1; i <= sockets; i++) {
        void *pull = zmq_socket (context, ZMQ_PULL);
        if (pull == NULL)
            tool::fail ("zmq_socket");
        tool::set_int (pull, ZMQ_LINGER, 0, "ZMQ_LINGER");
        if (zmq_connect (pull, idle.c_str ()) != 0)
            tool::fail ("zmq_connect");
        items[i] = {pull, 0, ZMQ_POLLIN, 0};
    }

    tool::read_line (); // the go-ahead: every idle socket is connected
    const double window = args.number ("window");
    const double cpu_before = tool::cpu_seconds ();
    const double before = tool::now ();
    std::this_thread::sleep_for (std::chrono::duration<double> (window));
    char idle_report[128];
    std::snprintf (idle_report, sizeof idle_report, "{\"idle\":{\"cpuSeconds\":%.6f,\"seconds\":%.6f}}",
                   tool::cpu_seconds () - cpu_before, tool::now () - before);
    tool::emit (idle_report);

    void *busy = tool::bound_socket (context, ZMQ_PULL, args);
    items[0] = {busy, 0, ZMQ_POLLIN, 0};
    const int parts = (int) args.number ("parts");
    tool::Tally tally;
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    for (bool ended = false; !ended;) {
        if (zmq_poll (items.data (), (int) items.size (), -1) < 0)
            tool::fail ("zmq_poll");
        for (int frames; !ended && (frames = tool::receive_message (busy, &frame, ZMQ_DONTWAIT)) > 0;) {
            if (frames == parts)
                tally.count ();
            else
                ended = true;
        }
    }
    tally.finish ();
    zmq_msg_close (&frame);
    for (auto &item : items)
        zmq_close (item.socket);
    zmq_ctx_term (context);
    tool::emit ("{\"result\":" + tally.report () + "}");
}

int main (int argc, char *argv[])
{
    return tool::run_role (argc, argv, "many", {{"idle-peer", idle_peer}, {"many-recv", receive}});
}
