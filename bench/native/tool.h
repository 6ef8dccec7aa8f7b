// What every native bench tool (bench/native/*.cpp except broker.cpp) shares:
// it speaks the same line protocol as the JS workers (bench/impl/worker.mjs),
// so the harness runs a native row exactly like a JS one:
//
//   <tool> <role> key=value ...     arguments (the JS worker's JSON, flattened)
//   stdout: one JSON object a line  {"endpoint":...}, {"sent":n}, {"result":{...}}
//   stdin:  the peer's endpoint as the first line, then EOF when the row is over
//
// Header-only: each tool is one translation unit compiled on demand by
// bench/harness/native-tools.mjs against the pinned static libzmq.
#ifndef BENCH_NATIVE_TOOL_H
#define BENCH_NATIVE_TOOL_H

#include <zmq.h>

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <map>
#include <string>

namespace tool {

static const char *name = "tool";

[[noreturn]] inline void fail (const std::string &what)
{
    std::fprintf (stderr, "%s: %s: %s\n", name, what.c_str (),
                  zmq_strerror (zmq_errno ()));
    std::exit (1);
}

/** The role's key=value arguments. */
class Args
{
  public:
    Args (int argc, char *argv[])
    {
        for (int i = 2; i < argc; i++) {
            const char *eq = std::strchr (argv[i], '=');
            if (eq == NULL)
                fail (std::string ("argument without '=': ") + argv[i]);
            _values[std::string (argv[i], (size_t) (eq - argv[i]))] = eq + 1;
        }
    }

    bool has (const char *key) const { return _values.count (key) != 0; }

    std::string text (const char *key) const
    {
        auto found = _values.find (key);
        if (found == _values.end ())
            fail (std::string ("missing argument ") + key);
        return found->second;
    }

    double number (const char *key) const { return std::atof (text (key).c_str ()); }

    double number (const char *key, double fallback) const
    {
        return has (key) ? number (key) : fallback;
    }

  private:
    std::map<std::string, std::string> _values;
};

inline double now ()
{
    timespec ts;
    clock_gettime (CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/** User + system CPU seconds of the whole process (all threads), like process.cpuUsage(). */
inline double cpu_seconds ()
{
    rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
           + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

inline long max_rss_kb ()
{
    rusage usage;
    getrusage (RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}

inline void emit (const std::string &json)
{
    std::printf ("%s\n", json.c_str ());
    std::fflush (stdout);
}

inline std::string quoted (const std::string &text)
{
    return "\"" + text + "\"";
}

inline std::string last_endpoint (void *socket)
{
    char buffer[256];
    size_t size = sizeof buffer;
    if (zmq_getsockopt (socket, ZMQ_LAST_ENDPOINT, buffer, &size) != 0)
        fail ("ZMQ_LAST_ENDPOINT");
    return buffer;
}

/** The first line of stdin: the peer's endpoint (or a go-ahead) from the harness. */
inline std::string read_line ()
{
    char buffer[512];
    if (std::fgets (buffer, sizeof buffer, stdin) == NULL)
        fail ("stdin ended before the harness sent a line");
    buffer[std::strcspn (buffer, "\r\n")] = 0;
    return buffer;
}

/** Blocks until the harness closes stdin: the row is over. */
inline void wait_for_stdin_end ()
{
    char buffer[256];
    while (std::fread (buffer, 1, sizeof buffer, stdin) > 0) {
    }
}

inline void set_int (void *socket, int option, int value, const char *what)
{
    if (zmq_setsockopt (socket, option, &value, sizeof value) != 0)
        fail (what);
}

inline void set_text (void *socket, int option, const std::string &value, const char *what)
{
    if (zmq_setsockopt (socket, option, value.data (), value.size ()) != 0)
        fail (what);
}

/**
 * The socket options a row passes by their zeromq v6 names (the same
 * arguments the JS roles spread into their socket constructors).
 */
inline void apply_options (void *socket, const Args &args)
{
    if (args.has ("curveServer"))
        set_int (socket, ZMQ_CURVE_SERVER, 1, "ZMQ_CURVE_SERVER");
    if (args.has ("curveSecretKey"))
        set_text (socket, ZMQ_CURVE_SECRETKEY, args.text ("curveSecretKey"), "ZMQ_CURVE_SECRETKEY");
    if (args.has ("curvePublicKey"))
        set_text (socket, ZMQ_CURVE_PUBLICKEY, args.text ("curvePublicKey"), "ZMQ_CURVE_PUBLICKEY");
    if (args.has ("curveServerKey"))
        set_text (socket, ZMQ_CURVE_SERVERKEY, args.text ("curveServerKey"), "ZMQ_CURVE_SERVERKEY");
    if (args.has ("sendHighWaterMark"))
        set_int (socket, ZMQ_SNDHWM, (int) args.number ("sendHighWaterMark"), "ZMQ_SNDHWM");
    if (args.has ("receiveHighWaterMark"))
        set_int (socket, ZMQ_RCVHWM, (int) args.number ("receiveHighWaterMark"), "ZMQ_RCVHWM");
}

/**
 * A socket of `type` with the row's options and no linger, bound to the
 * `bind` argument; announces its endpoint to the harness.
 */
inline void *bound_socket (void *context, int type, const Args &args)
{
    void *socket = zmq_socket (context, type);
    if (socket == NULL)
        fail ("zmq_socket");
    apply_options (socket, args);
    set_int (socket, ZMQ_LINGER, 0, "ZMQ_LINGER");
    if (zmq_bind (socket, args.text ("bind").c_str ()) != 0)
        fail ("zmq_bind");
    emit ("{\"endpoint\":" + quoted (last_endpoint (socket)) + "}");
    return socket;
}

/**
 * Receives one whole message into `frame` (its last frame is left there) and
 * returns how many frames it had; the end marker has a different count.
 */
inline int receive_message (void *socket, zmq_msg_t *frame, int flags = 0)
{
    int frames = 0;
    do {
        if (zmq_msg_recv (frame, socket, flags) < 0) {
            if (frames == 0 && zmq_errno () == EAGAIN)
                return 0;
            fail ("zmq_msg_recv");
        }
        frames++;
        flags &= ~ZMQ_DONTWAIT; // the rest of a message is already here
    } while (zmq_msg_more (frame));
    return frames;
}

/**
 * The receive tally of bench/impl/common.mjs's Tally: clock and CPU from the
 * first message to the last, reported as the same JSON.
 */
class Tally
{
  public:
    void count (long n = 1)
    {
        if (_count == 0) {
            _start = now ();
            _cpu_start = cpu_seconds ();
        }
        _count += n;
    }

    void finish ()
    {
        _stop = now ();
        _cpu_stop = cpu_seconds ();
    }

    long total () const { return _count; }

    /** The JSON of Tally.report(); `extra`: more ",\"key\":value" fields. */
    std::string report (const std::string &extra = "") const
    {
        char buffer[256];
        std::snprintf (buffer, sizeof buffer,
                       "{\"count\":%ld,\"seconds\":%.9f,\"cpuSeconds\":%.6f,\"maxRssKB\":%ld",
                       _count, _count ? _stop - _start : 0.0,
                       _count ? _cpu_stop - _cpu_start : 0.0, max_rss_kb ());
        return buffer + extra + "}";
    }

  private:
    long _count = 0;
    double _start = 0, _stop = 0, _cpu_start = 0, _cpu_stop = 0;
};

/**
 * Sends `messages` (each one frame, or `parts` frames of `size` bytes) for
 * `duration` seconds, looking at the clock every `stride` messages, cycling
 * through `variants` payloads (topics); returns how many it sent. Every stride
 * is a multiple of the variant count, so each variant is sent equally often.
 */
inline long send_for (void *socket, const std::string *variants, int variant_count,
                      int parts, double duration, long stride)
{
    const double deadline = now () + duration;
    long sent = 0;
    do {
        for (long i = 0; i < stride; i++) {
            const std::string &payload = variants[i % variant_count];
            for (int part = 0; part < parts; part++) {
                if (zmq_send (socket, payload.data (), payload.size (),
                              part + 1 < parts ? ZMQ_SNDMORE : 0) < 0)
                    fail ("zmq_send");
            }
        }
        sent += stride;
    } while (now () < deadline);
    return sent;
}

/** The end marker of common.mjs's endMarker(): a different number of frames. */
inline void send_end_marker (void *socket, const std::string &prefix, int parts)
{
    const std::string end = prefix + "end";
    const int frames = parts == 1 ? 2 : 1;
    for (int part = 0; part < frames; part++)
        if (zmq_send (socket, end.data (), end.size (), part + 1 < frames ? ZMQ_SNDMORE : 0) < 0)
            fail ("zmq_send (end marker)");
}

/** A tool's main(): runs the role named by argv[1] with its key=value arguments. */
inline int run_role (int argc, char *argv[], const char *tool_name,
                     const std::map<std::string, void (*) (const Args &)> &roles)
{
    name = tool_name;
    auto role = roles.find (argc > 1 ? argv[1] : "");
    if (role == roles.end ()) {
        std::string names;
        for (const auto &entry : roles)
            names += (names.empty () ? "" : "|") + entry.first;
        std::fprintf (stderr, "usage: %s %s key=value ...\n", tool_name, names.c_str ());
        return 2;
    }
    role->second (Args (argc, argv));
    return 0;
}

} // namespace tool

#endif
