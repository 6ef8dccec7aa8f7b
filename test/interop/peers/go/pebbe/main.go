// Interop peer over github.com/pebbe/zmq4 (cgo over libzmq). Protocol: see ../../README.md.
package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"

	zmq "github.com/pebbe/zmq4"

	"zmqnapi.test/interop/peers/proto"
)

type socket struct{ s *zmq.Socket }

func (p *socket) Send(frames [][]byte) error {
	_, err := p.s.SendMessage(frames)
	return err
}

func (p *socket) Recv(timeout time.Duration) ([][]byte, error) {
	if err := p.s.SetRcvtimeo(timeout); err != nil {
		return nil, err
	}
	frames, err := p.s.RecvMessageBytes(0)
	if err != nil && zmq.AsErrno(err) == zmq.Errno(syscall.EAGAIN) {
		return nil, proto.ErrTimeout
	}
	return frames, err
}

func (p *socket) Close() { p.s.Close() }

var types = map[string]zmq.Type{
	"req": zmq.REQ, "rep": zmq.REP, "dealer": zmq.DEALER, "router": zmq.ROUTER,
	"pub": zmq.PUB, "sub": zmq.SUB, "push": zmq.PUSH, "pull": zmq.PULL,
}

// zap answers ZAP requests: only the given PLAIN credentials pass.
func zap(rep *zmq.Socket, user, pass string) {
	for {
		req, err := rep.RecvMessageBytes(0)
		if err != nil {
			return
		}
		field := func(i int) string {
			if i < len(req) {
				return string(req[i])
			}
			return ""
		}
		ok := field(5) == "PLAIN" && field(6) == user && field(7) == pass
		status, text, userID := "400", "Denied", ""
		if ok {
			status, text, userID = "200", "OK", user
		}
		rep.SendMessage("1.0", req[1], status, text, userID, "")
		proto.Out("ZAP %s %s %s", field(5), field(6), status)
	}
}

func must(err error) {
	if err != nil {
		proto.Fail("%v", err)
	}
}

func ms(value string) time.Duration {
	n, _ := strconv.Atoi(value)
	return time.Duration(n) * time.Millisecond
}

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "version" {
		major, minor, patch := zmq.Version()
		proto.Out("VERSION pebbe/zmq4 %s (libzmq %d.%d.%d from Debian)", proto.DepVersion("github.com/pebbe/zmq4"), major, minor, patch)
		return
	}
	if len(os.Args) >= 2 && os.Args[1] == "keygen" {
		public, secret, err := zmq.NewCurveKeypair()
		must(err)
		proto.Out("KEYPAIR %s %s", public, secret)
		return
	}
	args := proto.ParseArgs()
	kind, ok := types[args.Type]
	if !ok {
		proto.Unsupported("type " + args.Type)
	}
	s, err := zmq.NewSocket(kind)
	must(err)
	must(s.SetLinger(0))
	for _, option := range args.Options {
		name, value := option[0], option[1]
		switch name {
		case "id":
			must(s.SetIdentity(string(proto.Hex(value))))
		case "sub":
			must(s.SetSubscribe(string(proto.Hex(value))))
		case "plain_server":
			must(s.SetPlainServer(1))
		case "plain_user":
			must(s.SetPlainUsername(value))
		case "plain_pass":
			must(s.SetPlainPassword(value))
		case "curve_server":
			must(s.SetCurveServer(1))
		case "curve_public":
			must(s.SetCurvePublickey(proto.Key(value)))
		case "curve_secret":
			must(s.SetCurveSecretkey(proto.Key(value)))
		case "curve_serverkey":
			must(s.SetCurveServerkey(proto.Key(value)))
		case "hb_ivl":
			must(s.SetHeartbeatIvl(ms(value)))
		case "hb_timeout":
			must(s.SetHeartbeatTimeout(ms(value)))
		case "hb_ttl":
			must(s.SetHeartbeatTtl(ms(value)))
		case "zap":
			user, pass, _ := strings.Cut(value, ":")
			rep, err := zmq.NewSocket(zmq.REP)
			must(err)
			must(rep.SetLinger(0))
			must(rep.Bind("inproc://zeromq.zap.01"))
			go zap(rep, user, pass)
		default:
			proto.Unsupported(name)
		}
	}
	if args.Mode == "bind" {
		if err := s.Bind(args.Endpoint); err != nil {
			proto.Fail("bind: %v", err)
		}
		endpoint, _ := s.GetLastEndpoint()
		proto.Out("READY %s", endpoint)
	} else {
		if err := s.Connect(args.Endpoint); err != nil {
			proto.Fail("connect: %v", err)
		}
		proto.Out("READY %s", args.Endpoint)
	}
	proto.Serve(&socket{s}, args)
}
