// PUB → N SUB fan-out in C, the native reference for the fan-out rows: what
// bench/impl/v6-fanout.mjs does (read its header for the design). The
// subscribers are N SUB sockets in one thread of one process, served by one
// zmq_poll, as the JS subscribers are N sockets on one event loop.
//
//   fanout fanout-pub bind=<address> size=<bytes> duration=<s> stride=<n> subscribers=<n> [options]
//   fanout fanout-sub subscribers=<n> [options]       (the publisher's endpoint on stdin)
//
// Topics are "t0", "t1", ... like common.mjs topicNames().
#include "tool.h"

#include <set>
#include <vector>

static std::string topic (int index)
{
    return "t" + std::to_string (index);
}

/** Returns once `count` distinct subscriptions have reached the XPUB. */
static void wait_for_subscriptions (void *xpub, int count)
{
    std::set<std::string> topics;
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    while ((int) topics.size () < count) {
        if (zmq_msg_recv (&frame, xpub, 0) < 0)
            tool::fail ("zmq_msg_recv (subscription)");
        const char *data = static_cast<const char *> (zmq_msg_data (&frame));
        if (zmq_msg_size (&frame) > 0 && data[0] == 1)
            topics.insert (std::string (data + 1, zmq_msg_size (&frame) - 1));
    }
    zmq_msg_close (&frame);
}

static void publish (const tool::Args &args)
{
    void *context = zmq_ctx_new ();
    void *xpub = tool::bound_socket (context, ZMQ_XPUB, args);

    const int subscribers = (int) args.number ("subscribers");
    wait_for_subscriptions (xpub, subscribers);
    const size_t size = (size_t) args.number ("size");
    std::vector<std::string> messages;
    for (int i = 0; i < subscribers; i++)
        messages.push_back (topic (i) + std::string (size - topic (i).size (), 'a'));
    const long sent = tool::send_for (xpub, messages.data (), subscribers, 1,
                                      args.number ("duration"), (long) args.number ("stride"));
    for (int i = 0; i < subscribers; i++)
        tool::send_end_marker (xpub, topic (i), 1);
    tool::emit ("{\"sent\":" + std::to_string (sent) + "}");
    tool::wait_for_stdin_end ();
    zmq_close (xpub);
    zmq_ctx_term (context);
}

static void subscribe (const tool::Args &args)
{
    const std::string address = tool::read_line ();
    const int subscribers = (int) args.number ("subscribers");
    void *context = zmq_ctx_new ();
    std::vector<zmq_pollitem_t> items (subscribers);
    for (int i = 0; i < subscribers; i++) {
        void *sub = zmq_socket (context, ZMQ_SUB);
        tool::apply_options (sub, args);
        tool::set_int (sub, ZMQ_LINGER, 0, "ZMQ_LINGER");
        tool::set_text (sub, ZMQ_SUBSCRIBE, topic (i), "ZMQ_SUBSCRIBE");
        if (zmq_connect (sub, address.c_str ()) != 0)
            tool::fail ("zmq_connect");
        items[i] = {sub, 0, ZMQ_POLLIN, 0};
    }

    tool::Tally tally;
    std::vector<long> counts (subscribers, 0);
    int open = subscribers;
    zmq_msg_t frame;
    zmq_msg_init (&frame);
    while (open > 0) {
        if (zmq_poll (items.data (), subscribers, -1) < 0)
            tool::fail ("zmq_poll");
        for (int i = 0; i < subscribers; i++) {
            if (!(items[i].revents & ZMQ_POLLIN))
                continue;
            // Everything at hand, then back to the poll.
            for (int frames; (frames = tool::receive_message (items[i].socket, &frame, ZMQ_DONTWAIT)) > 0;) {
                if (frames != 1) {
                    items[i].events = 0; // its end marker: this subscriber is done
                    open--;
                    break;
                }
                tally.count ();
                counts[i]++;
            }
        }
    }
    tally.finish ();
    zmq_msg_close (&frame);

    std::string list;
    for (int i = 0; i < subscribers; i++)
        list += (i ? "," : "") + std::to_string (counts[i]);
    for (auto &item : items)
        zmq_close (item.socket);
    zmq_ctx_term (context);
    tool::emit ("{\"result\":" + tally.report (",\"counts\":[" + list + "]") + "}");
}

int main (int argc, char *argv[])
{
    return tool::run_role (argc, argv, "fanout", {{"fanout-pub", publish}, {"fanout-sub", subscribe}});
}
