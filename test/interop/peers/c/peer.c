/*
 * Interop peer over the libzmq C API (Debian's libzmq3-dev). Protocol: see
 * ../README.md. Build: gcc -O2 -o c-peer peer.c -lzmq -lpthread
 */
#include <zmq.h>

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static void out(const char *fmt, ...) {
  va_list ap;
  pthread_mutex_lock(&out_lock);
  va_start(ap, fmt);
  vfprintf(stdout, fmt, ap);
  va_end(ap);
  fputc('\n', stdout);
  fflush(stdout);
  pthread_mutex_unlock(&out_lock);
}

static void die(const char *what) {
  out("ERR %s: %s", what, zmq_strerror(zmq_errno()));
  exit(1);
}

/* ---- hex ---- */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes `len` hex characters into a new buffer; returns its size or -1. */
static long unhex(const char *s, size_t len, unsigned char **outbuf) {
  if (len % 2) return -1;
  unsigned char *buf = malloc(len / 2 + 1);
  for (size_t i = 0; i < len / 2; i++) {
    int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);
    if (hi < 0 || lo < 0) { free(buf); return -1; }
    buf[i] = (unsigned char)(hi << 4 | lo);
  }
  *outbuf = buf;
  return (long)(len / 2);
}

/* ---- stdin lines, with a timeout, without stdio buffering ---- */

static char *in_buf;
static size_t in_len, in_cap;
static int in_eof;

/* Returns a malloc'd line (without newline), NULL on timeout, or "" + in_eof on EOF. */
static char *next_line(int timeout_ms) {
  for (;;) {
    char *nl = in_len ? memchr(in_buf, '\n', in_len) : NULL;
    if (nl) {
      size_t n = (size_t)(nl - in_buf);
      char *line = malloc(n + 1);
      memcpy(line, in_buf, n);
      line[n] = 0;
      memmove(in_buf, nl + 1, in_len - n - 1);
      in_len -= n + 1;
      return line;
    }
    if (in_eof) return NULL;
    struct pollfd p = {.fd = 0, .events = POLLIN};
    int r = poll(&p, 1, timeout_ms);
    if (r < 0 && errno == EINTR) continue;
    if (r == 0) return NULL;
    if (in_cap - in_len < 65536) {
      in_cap = in_cap * 2 + 65536;
      in_buf = realloc(in_buf, in_cap);
    }
    ssize_t got = read(0, in_buf + in_len, in_cap - in_len);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) { in_eof = 1; return NULL; }
    in_len += (size_t)got;
  }
}

/* ---- messages ---- */

typedef struct { size_t n; size_t *sizes; unsigned char **data; } message;

static void message_free(message *m) {
  for (size_t i = 0; i < m->n; i++) free(m->data[i]);
  free(m->sizes); free(m->data);
  m->n = 0; m->sizes = NULL; m->data = NULL;
}

static void message_add(message *m, unsigned char *data, size_t size) {
  m->sizes = realloc(m->sizes, (m->n + 1) * sizeof *m->sizes);
  m->data = realloc(m->data, (m->n + 1) * sizeof *m->data);
  m->sizes[m->n] = size;
  m->data[m->n] = data;
  m->n++;
}

static int parse_message(const char *text, message *m) {
  const char *p = text;
  for (;;) {
    const char *comma = strchr(p, ',');
    size_t len = comma ? (size_t)(comma - p) : strlen(p);
    unsigned char *buf;
    long size = unhex(p, len, &buf);
    if (size < 0) return -1;
    message_add(m, buf, (size_t)size);
    if (!comma) return 0;
    p = comma + 1;
  }
}

static void print_message(const message *m) {
  static const char digits[] = "0123456789abcdef";
  size_t total = 5;
  for (size_t i = 0; i < m->n; i++) total += m->sizes[i] * 2 + 1;
  char *s = malloc(total + 1), *q = s;
  memcpy(q, "MSG ", 4); q += 4;
  for (size_t i = 0; i < m->n; i++) {
    if (i) *q++ = ',';
    for (size_t j = 0; j < m->sizes[i]; j++) {
      *q++ = digits[m->data[i][j] >> 4];
      *q++ = digits[m->data[i][j] & 15];
    }
  }
  *q = 0;
  out("%s", s);
  free(s);
}

static int send_message(void *socket, const message *m) {
  for (size_t i = 0; i < m->n; i++) {
    int rc;
    do rc = zmq_send(socket, m->data[i], m->sizes[i], i + 1 < m->n ? ZMQ_SNDMORE : 0);
    while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) return -1;
  }
  return 0;
}

/* Returns 0, or -1 with errno (EAGAIN on timeout). */
static int recv_message(void *socket, message *m) {
  for (;;) {
    zmq_msg_t part;
    zmq_msg_init(&part);
    int rc;
    do rc = zmq_msg_recv(&part, socket, 0);
    while (rc < 0 && zmq_errno() == EINTR);
    if (rc < 0) { zmq_msg_close(&part); return -1; }
    size_t size = zmq_msg_size(&part);
    unsigned char *buf = malloc(size + 1);
    memcpy(buf, zmq_msg_data(&part), size);
    message_add(m, buf, size);
    int more = zmq_msg_more(&part);
    zmq_msg_close(&part);
    if (!more) return 0;
  }
}

/* ---- ZAP handler (PLAIN) ---- */

static void *ctx;
static char *zap_user, *zap_pass;

static char *frame_string(const message *m, size_t i) {
  char *s = malloc(m->sizes[i] + 1);
  memcpy(s, m->data[i], m->sizes[i]);
  s[m->sizes[i]] = 0;
  return s;
}

static void *zap_thread(void *arg) {
  void *rep = arg;
  for (;;) {
    message req = {0};
    if (recv_message(rep, &req) < 0) break; /* ETERM */
    char *mech = req.n > 5 ? frame_string(&req, 5) : strdup("?");
    char *user = req.n > 6 ? frame_string(&req, 6) : strdup("");
    char *pass = req.n > 7 ? frame_string(&req, 7) : strdup("");
    int ok = strcmp(mech, "PLAIN") == 0 && strcmp(user, zap_user) == 0 && strcmp(pass, zap_pass) == 0;
    message reply = {0};
    message_add(&reply, (unsigned char *)strdup("1.0"), 3);
    unsigned char *reqid = malloc(req.n > 1 ? req.sizes[1] + 1 : 1);
    if (req.n > 1) memcpy(reqid, req.data[1], req.sizes[1]);
    message_add(&reply, reqid, req.n > 1 ? req.sizes[1] : 0);
    message_add(&reply, (unsigned char *)strdup(ok ? "200" : "400"), 3);
    message_add(&reply, (unsigned char *)strdup(ok ? "OK" : "Denied"), ok ? 2 : 6);
    message_add(&reply, (unsigned char *)strdup(user), ok ? strlen(user) : 0);
    message_add(&reply, (unsigned char *)strdup(""), 0);
    send_message(rep, &reply);
    out("ZAP %s %s %s", mech, user, ok ? "200" : "400");
    free(mech); free(user); free(pass);
    message_free(&reply);
    message_free(&req);
  }
  zmq_close(rep);
  return NULL;
}

/* ---- options ---- */

static int socket_type(const char *name) {
  static const struct { const char *name; int type; } types[] = {
    {"req", ZMQ_REQ}, {"rep", ZMQ_REP}, {"dealer", ZMQ_DEALER}, {"router", ZMQ_ROUTER},
    {"pub", ZMQ_PUB}, {"sub", ZMQ_SUB}, {"push", ZMQ_PUSH}, {"pull", ZMQ_PULL},
  };
  for (size_t i = 0; i < sizeof types / sizeof *types; i++)
    if (strcmp(types[i].name, name) == 0) return types[i].type;
  return -1;
}

static void set_int(void *s, int option, const char *value) {
  int v = atoi(value);
  if (zmq_setsockopt(s, option, &v, sizeof v) < 0) die("setsockopt");
}

static void set_key(void *s, int option, const char *value) {
  size_t len = strlen(value);
  if (len == 40) {
    if (zmq_setsockopt(s, option, value, 40) < 0) die("setsockopt key (z85)");
  } else {
    unsigned char *buf;
    if (len != 64 || unhex(value, len, &buf) != 32) { out("ERR bad key %s", value); exit(1); }
    if (zmq_setsockopt(s, option, buf, 32) < 0) die("setsockopt key (32 bytes)");
    free(buf);
  }
}

static void set_bin(void *s, int option, const char *hex) {
  unsigned char *buf;
  long n = unhex(hex, strlen(hex), &buf);
  if (n < 0) { out("ERR bad hex %s", hex); exit(1); }
  if (zmq_setsockopt(s, option, buf, (size_t)n) < 0) die("setsockopt");
  free(buf);
}

int main(int argc, char **argv) {
  if (argc >= 2 && strcmp(argv[1], "version") == 0) {
    int major, minor, patch;
    zmq_version(&major, &minor, &patch);
    out("VERSION libzmq %d.%d.%d (C API, Debian libzmq3-dev)", major, minor, patch);
    return 0;
  }
  if (argc >= 2 && strcmp(argv[1], "keygen") == 0) {
    char pub[41], sec[41];
    if (zmq_curve_keypair(pub, sec) < 0) die("zmq_curve_keypair");
    out("KEYPAIR %s %s", pub, sec);
    return 0;
  }
  if (argc < 4) { fprintf(stderr, "usage: peer <type> <bind|connect> <endpoint> [opt=value...]\n"); return 2; }
  int type = socket_type(argv[1]);
  if (type < 0) { out("UNSUPPORTED type %s", argv[1]); return 2; }

  ctx = zmq_ctx_new();
  void *s = zmq_socket(ctx, type);
  int linger = 0, rcvtimeo = 5000;
  zmq_setsockopt(s, ZMQ_LINGER, &linger, sizeof linger);
  pthread_t zap;
  int have_zap = 0;

  for (int i = 4; i < argc; i++) {
    char *eq = strchr(argv[i], '=');
    if (!eq) { out("ERR bad option %s", argv[i]); return 2; }
    *eq = 0;
    const char *name = argv[i], *value = eq + 1;
    if (!strcmp(name, "id")) set_bin(s, ZMQ_ROUTING_ID, value);
    else if (!strcmp(name, "sub")) set_bin(s, ZMQ_SUBSCRIBE, value);
    else if (!strcmp(name, "plain_server")) set_int(s, ZMQ_PLAIN_SERVER, value);
    else if (!strcmp(name, "plain_user")) { if (zmq_setsockopt(s, ZMQ_PLAIN_USERNAME, value, strlen(value)) < 0) die("setsockopt"); }
    else if (!strcmp(name, "plain_pass")) { if (zmq_setsockopt(s, ZMQ_PLAIN_PASSWORD, value, strlen(value)) < 0) die("setsockopt"); }
    else if (!strcmp(name, "curve_server")) set_int(s, ZMQ_CURVE_SERVER, value);
    else if (!strcmp(name, "curve_public")) set_key(s, ZMQ_CURVE_PUBLICKEY, value);
    else if (!strcmp(name, "curve_secret")) set_key(s, ZMQ_CURVE_SECRETKEY, value);
    else if (!strcmp(name, "curve_serverkey")) set_key(s, ZMQ_CURVE_SERVERKEY, value);
    else if (!strcmp(name, "hb_ivl")) set_int(s, ZMQ_HEARTBEAT_IVL, value);
    else if (!strcmp(name, "hb_timeout")) set_int(s, ZMQ_HEARTBEAT_TIMEOUT, value);
    else if (!strcmp(name, "hb_ttl")) set_int(s, ZMQ_HEARTBEAT_TTL, value);
    else if (!strcmp(name, "rcvtimeo")) rcvtimeo = atoi(value);
    else if (!strcmp(name, "zap")) {
      char *colon = strchr(value, ':');
      if (!colon) { out("ERR bad zap option"); return 2; }
      zap_user = strndup(value, (size_t)(colon - value));
      zap_pass = strdup(colon + 1);
      void *rep = zmq_socket(ctx, ZMQ_REP);
      zmq_setsockopt(rep, ZMQ_LINGER, &linger, sizeof linger);
      if (zmq_bind(rep, "inproc://zeromq.zap.01") < 0) die("bind zap");
      pthread_create(&zap, NULL, zap_thread, rep);
      have_zap = 1;
    } else { out("UNSUPPORTED %s", name); return 2; }
  }
  zmq_setsockopt(s, ZMQ_RCVTIMEO, &rcvtimeo, sizeof rcvtimeo);

  if (!strcmp(argv[2], "bind")) {
    if (zmq_bind(s, argv[3]) < 0) die("bind");
    char endpoint[256];
    size_t len = sizeof endpoint;
    zmq_getsockopt(s, ZMQ_LAST_ENDPOINT, endpoint, &len);
    out("READY %s", endpoint);
  } else {
    if (zmq_connect(s, argv[3]) < 0) die("connect");
    out("READY %s", argv[3]);
  }

  for (;;) {
    char *line = next_line(-1);
    if (!line) break;
    char *arg = strchr(line, ' ');
    if (arg) *arg++ = 0; else arg = line + strlen(line);
    if (!strcmp(line, "SEND")) {
      message m = {0};
      if (parse_message(arg, &m) < 0) out("ERR bad message");
      else if (send_message(s, &m) < 0) out("ERR send: %s", zmq_strerror(zmq_errno()));
      else out("SENT");
      message_free(&m);
    } else if (!strcmp(line, "RECV") || !strcmp(line, "RECVN")) {
      long n = !strcmp(line, "RECV") ? 1 : atol(arg);
      for (long i = 0; i < n; i++) {
        message m = {0};
        if (recv_message(s, &m) < 0) {
          if (zmq_errno() == EAGAIN) out("TIMEOUT"); else out("ERR recv: %s", zmq_strerror(zmq_errno()));
          message_free(&m);
          break;
        }
        print_message(&m);
        message_free(&m);
      }
    } else if (!strcmp(line, "SENDN")) {
      long n = atol(arg);
      char *hex = strchr(arg, ' ');
      unsigned char *prefix = NULL;
      long plen = hex ? unhex(hex + 1, strlen(hex + 1), &prefix) : 0;
      if (plen < 0) { out("ERR bad prefix"); free(line); continue; }
      int failed = 0;
      for (long i = 0; i < n && !failed; i++) {
        char buf[4096];
        memcpy(buf, prefix, (size_t)plen);
        int len = (int)plen + snprintf(buf + plen, sizeof buf - (size_t)plen, "%ld", i);
        int rc;
        do rc = zmq_send(s, buf, (size_t)len, 0); while (rc < 0 && zmq_errno() == EINTR);
        if (rc < 0) { out("ERR send: %s", zmq_strerror(zmq_errno())); failed = 1; }
      }
      free(prefix);
      if (!failed) out("SENT %ld", n);
    } else if (!strcmp(line, "ECHO")) {
      long n = atol(arg), i;
      for (i = 0; i < n; i++) {
        message m = {0};
        if (recv_message(s, &m) < 0) { out(zmq_errno() == EAGAIN ? "TIMEOUT" : "ERR recv"); message_free(&m); break; }
        if (send_message(s, &m) < 0) { out("ERR send: %s", zmq_strerror(zmq_errno())); message_free(&m); break; }
        message_free(&m);
      }
      if (i == n) out("ECHOED %ld", n);
    } else if (!strcmp(line, "PUBLISH")) {
      message m = {0};
      if (parse_message(arg, &m) < 0) { out("ERR bad message"); free(line); continue; }
      for (;;) {
        if (send_message(s, &m) < 0) { out("ERR send: %s", zmq_strerror(zmq_errno())); break; }
        char *stop = next_line(2);
        if (stop || in_eof) {
          int is_stop = stop && !strcmp(stop, "STOP");
          free(stop);
          if (is_stop || in_eof) { out("STOPPED"); break; }
        }
      }
      message_free(&m);
    } else if (!strcmp(line, "EXIT")) {
      free(line);
      break;
    } else {
      out("ERR unknown command %s", line);
    }
    free(line);
  }

  zmq_close(s);
  zmq_ctx_term(ctx); /* ends the ZAP thread's recv with ETERM */
  if (have_zap) pthread_join(zap, NULL);
  out("BYE");
  return 0;
}
