// PUSH → PULL throughput in C, for the rows libzmq's local_thr/remote_thr
// cannot run: multipart messages (3×64 B) and CURVE. Like the JS roles of
// bench/impl/v6.mjs, the sender is bound by duration and ends with an end
// marker, and the receiver times from its first message to its last.
//
//   thr thr-recv bind=<address> parts=<n> [socket options]
//   thr thr-send size=<bytes> parts=<n> duration=<s> stride=<n> [socket options]
//
// Socket options by their zeromq v6 names: curveServer, curveSecretKey,
// curvePublicKey, curveServerKey (tool.h apply_options).
#include "tool.h"

static void receive (const tool::Args &args)
{
    void *context = zmq_ctx_new ();
    void *pull = tool::bound_socket (context, ZMQ_PULL, args);

    const int parts = (int) args.number ("parts");
    tool::Tally tally;
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    while (tool::receive_message (pull, &frame) == parts)
        tally.count ();
    tally.finish ();
    zmq_msg_close (&frame);
    zmq_close (pull);
    zmq_ctx_term (context);
    tool::emit ("{\"result\":" + tally.report () + "}");
}

static void send (const tool::Args &args)
{
    void *context = zmq_ctx_new ();
    void *push = zmq_socket (context, ZMQ_PUSH);
    tool::apply_options (push, args);
    if (zmq_connect (push, tool::read_line ().c_str ()) != 0)
        tool::fail ("zmq_connect");

    const int parts = (int) args.number ("parts");
    const std::string payload ((size_t) args.number ("size"), 'a');
    const long sent = tool::send_for (push, &payload, 1, parts, args.number ("duration"),
                                      (long) args.number ("stride"));
    tool::send_end_marker (push, "", parts);
    tool::emit ("{\"sent\":" + std::to_string (sent) + "}");
    tool::wait_for_stdin_end ();
    tool::set_int (push, ZMQ_LINGER, 0, "ZMQ_LINGER");
    zmq_close (push);
    zmq_ctx_term (context);
}

int main (int argc, char *argv[])
{
    return tool::run_role (argc, argv, "thr", {{"thr-recv", receive}, {"thr-send", send}});
}
