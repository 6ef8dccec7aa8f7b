// Interop peer over JeroMQ (pure Java). Protocol: see ../README.md.

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

public final class Peer {
  // The protocol owns stdout; whatever the library prints goes to stderr.
  private static final PrintStream OUT =
      new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
  private static final String EOF = "\u0000EOF";

  static synchronized void out(String line) {
    OUT.print(line);
    OUT.print('\n');
    OUT.flush();
  }

  static byte[] unhex(String text) {
    if (text.length() % 2 != 0) throw new IllegalArgumentException("bad hex " + text);
    byte[] b = new byte[text.length() / 2];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
    }
    return b;
  }

  private static final char[] DIGITS = "0123456789abcdef".toCharArray();

  static String formatMessage(List<byte[]> frames) {
    int total = 4;
    for (byte[] f : frames) total += f.length * 2 + 1;
    StringBuilder sb = new StringBuilder(total);
    sb.append("MSG ");
    for (int i = 0; i < frames.size(); i++) {
      if (i > 0) sb.append(',');
      for (byte x : frames.get(i)) {
        sb.append(DIGITS[(x >> 4) & 15]).append(DIGITS[x & 15]);
      }
    }
    return sb.toString();
  }

  static List<byte[]> parseMessage(String text) {
    List<byte[]> frames = new ArrayList<>();
    for (String part : text.split(",", -1)) frames.add(unhex(part));
    return frames;
  }

  static byte[] key(String value) {
    return value.length() == 40 ? value.getBytes(StandardCharsets.US_ASCII) : unhex(value);
  }

  static boolean send(ZMQ.Socket s, List<byte[]> frames) {
    for (int i = 0; i < frames.size(); i++) {
      if (!s.send(frames.get(i), i + 1 < frames.size() ? ZMQ.SNDMORE : 0)) return false;
    }
    return true;
  }

  /** A whole message, or null on timeout. */
  static List<byte[]> recv(ZMQ.Socket s) {
    byte[] first = s.recv(0);
    if (first == null) return null;
    List<byte[]> frames = new ArrayList<>();
    frames.add(first);
    while (s.hasReceiveMore()) frames.add(s.recv(0));
    return frames;
  }

  static SocketType type(String name) {
    switch (name) {
      case "req": return SocketType.REQ;
      case "rep": return SocketType.REP;
      case "dealer": return SocketType.DEALER;
      case "router": return SocketType.ROUTER;
      case "pub": return SocketType.PUB;
      case "sub": return SocketType.SUB;
      case "push": return SocketType.PUSH;
      case "pull": return SocketType.PULL;
      default: return null;
    }
  }

  static void zap(ZMQ.Socket rep, String user, String pass) {
    while (!Thread.currentThread().isInterrupted()) {
      List<byte[]> req;
      try {
        req = recv(rep);
      } catch (RuntimeException e) {
        return; // context closed
      }
      if (req == null) continue;
      String mech = req.size() > 5 ? new String(req.get(5), StandardCharsets.UTF_8) : "?";
      String gotUser = req.size() > 6 ? new String(req.get(6), StandardCharsets.UTF_8) : "";
      String gotPass = req.size() > 7 ? new String(req.get(7), StandardCharsets.UTF_8) : "";
      boolean ok = mech.equals("PLAIN") && gotUser.equals(user) && gotPass.equals(pass);
      List<byte[]> reply = new ArrayList<>();
      reply.add("1.0".getBytes(StandardCharsets.US_ASCII));
      reply.add(req.get(1));
      reply.add((ok ? "200" : "400").getBytes(StandardCharsets.US_ASCII));
      reply.add((ok ? "OK" : "Denied").getBytes(StandardCharsets.US_ASCII));
      reply.add(ok ? gotUser.getBytes(StandardCharsets.UTF_8) : new byte[0]);
      reply.add(new byte[0]);
      send(rep, reply);
      out("ZAP " + mech + " " + gotUser + " " + (ok ? "200" : "400"));
    }
  }

  public static void main(String[] argv) throws Exception {
    System.setOut(System.err);
    if (argv.length >= 1 && argv[0].equals("version")) {
      java.util.Properties pom = new java.util.Properties();
      try (java.io.InputStream in = ZMQ.class.getResourceAsStream("/META-INF/maven/org.zeromq/jeromq/pom.properties")) {
        if (in != null) pom.load(in);
      }
      out("VERSION JeroMQ " + pom.getProperty("version", "unknown") + " (pure Java)");
      return;
    }
    if (argv.length >= 1 && argv[0].equals("keygen")) {
      ZMQ.Curve.KeyPair pair = ZMQ.Curve.generateKeyPair();
      out("KEYPAIR " + pair.publicKey + " " + pair.secretKey);
      return;
    }
    if (argv.length < 3) {
      System.err.println("usage: Peer <type> <bind|connect> <endpoint> [opt=value...]");
      System.exit(2);
    }
    SocketType type = type(argv[0]);
    if (type == null) {
      out("UNSUPPORTED type " + argv[0]);
      System.exit(2);
    }
    ZContext ctx = new ZContext();
    ZMQ.Socket s = ctx.createSocket(type);
    s.setLinger(0);
    // JeroMQ 0.6.0 sometimes loses a connection it has just made: the
    // connecter's handle and the new engine's handle share one channel and so
    // one selection key, and when the poller retires the first it can cancel
    // the key the second relies on. The engine then never sees the channel
    // again and never sends its greeting (about 1 connect in 30 to a local
    // port; jstack shows the I/O thread idle in select with our 10 greeting
    // bytes unread). Its handshake timer still runs, so a short one makes
    // JeroMQ drop that connection and reconnect instead of waiting 30 s.
    s.setHandshakeIvl(2000);
    int rcvtimeo = 5000;
    Thread zapThread = null;
    for (int i = 3; i < argv.length; i++) {
      int eq = argv[i].indexOf('=');
      String name = argv[i].substring(0, eq), value = argv[i].substring(eq + 1);
      switch (name) {
        case "id": s.setIdentity(unhex(value)); break;
        case "sub": s.subscribe(unhex(value)); break;
        case "plain_server": s.setPlainServer(true); break;
        case "plain_user": s.setPlainUsername(value); break;
        case "plain_pass": s.setPlainPassword(value); break;
        case "curve_server": s.setCurveServer(true); break;
        case "curve_public": s.setCurvePublicKey(key(value)); break;
        case "curve_secret": s.setCurveSecretKey(key(value)); break;
        case "curve_serverkey": s.setCurveServerKey(key(value)); break;
        case "hb_ivl": s.setHeartbeatIvl(Integer.parseInt(value)); break;
        case "hb_timeout": s.setHeartbeatTimeout(Integer.parseInt(value)); break;
        case "hb_ttl": s.setHeartbeatTtl(Integer.parseInt(value)); break;
        case "rcvtimeo": rcvtimeo = Integer.parseInt(value); break;
        case "zap": {
          int colon = value.indexOf(':');
          String user = value.substring(0, colon), pass = value.substring(colon + 1);
          ZMQ.Socket rep = ctx.createSocket(SocketType.REP);
          rep.setLinger(0);
          rep.setReceiveTimeOut(100);
          rep.bind("inproc://zeromq.zap.01");
          zapThread = new Thread(() -> zap(rep, user, pass), "zap");
          zapThread.setDaemon(true);
          zapThread.start();
          break;
        }
        default:
          out("UNSUPPORTED " + name);
          System.exit(2);
      }
    }
    s.setReceiveTimeOut(rcvtimeo);

    try {
      if (argv[1].equals("bind")) {
        s.bind(argv[2]);
        out("READY " + s.getLastEndpoint());
      } else {
        s.connect(argv[2]);
        out("READY " + argv[2]);
      }
    } catch (RuntimeException e) {
      out("ERR " + argv[1] + ": " + e);
      System.exit(1);
    }

    LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII), 1 << 20)) {
        String line;
        while ((line = in.readLine()) != null) lines.add(line);
      } catch (Exception e) {
        // end of input
      }
      lines.add(EOF);
    }, "stdin");
    reader.setDaemon(true);
    reader.start();

    loop:
    for (;;) {
      String line = lines.take();
      if (line.equals(EOF)) break;
      int sp = line.indexOf(' ');
      String command = sp < 0 ? line : line.substring(0, sp), arg = sp < 0 ? "" : line.substring(sp + 1);
      try {
        switch (command) {
          case "SEND":
            out(send(s, parseMessage(arg)) ? "SENT" : "ERR send failed");
            break;
          case "RECV":
          case "RECVN": {
            int n = command.equals("RECV") ? 1 : Integer.parseInt(arg);
            for (int i = 0; i < n; i++) {
              List<byte[]> m = recv(s);
              if (m == null) { out("TIMEOUT"); break; }
              out(formatMessage(m));
            }
            break;
          }
          case "SENDN": {
            String[] parts = arg.split(" ", -1);
            int n = Integer.parseInt(parts[0]);
            byte[] prefix = parts.length > 1 ? unhex(parts[1]) : new byte[0];
            boolean ok = true;
            for (int i = 0; i < n && ok; i++) {
              byte[] num = Integer.toString(i).getBytes(StandardCharsets.US_ASCII);
              byte[] frame = new byte[prefix.length + num.length];
              System.arraycopy(prefix, 0, frame, 0, prefix.length);
              System.arraycopy(num, 0, frame, prefix.length, num.length);
              ok = s.send(frame, 0);
            }
            out(ok ? "SENT " + n : "ERR send failed");
            break;
          }
          case "ECHO": {
            int n = Integer.parseInt(arg), i = 0;
            for (; i < n; i++) {
              List<byte[]> m = recv(s);
              if (m == null) { out("TIMEOUT"); break; }
              if (!send(s, m)) { out("ERR send failed"); break; }
            }
            if (i == n) out("ECHOED " + n);
            break;
          }
          case "PUBLISH": {
            List<byte[]> m = parseMessage(arg);
            for (;;) {
              if (!send(s, m)) { out("ERR send failed"); break; }
              String stop = lines.poll(2, TimeUnit.MILLISECONDS);
              if (stop != null && (stop.equals("STOP") || stop.equals(EOF))) { out("STOPPED"); break; }
            }
            break;
          }
          case "EXIT":
            break loop;
          default:
            out("ERR unknown command " + command);
        }
      } catch (RuntimeException e) {
        out("ERR " + command + ": " + e);
      }
    }
    if (zapThread != null) zapThread.interrupt();
    s.close();
    out("BYE");
    System.exit(0);
  }
}
