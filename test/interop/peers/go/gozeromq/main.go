// Interop peer over github.com/go-zeromq/zmq4, a pure-Go ZMTP 3.0 implementation
// (NULL and PLAIN only, no heartbeats of its own). Protocol: see ../../README.md.
package main

import (
	"context"
	"os"
	"strings"
	"time"

	zmq "github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/security/plain"

	"zmqnapi.test/interop/peers/proto"
)

type result struct {
	msg zmq.Msg
	err error
}

// socket emulates a receive timeout: at most one Recv runs at a time, and a
// Recv that outlives one RECV command is awaited by the next.
type socket struct {
	s       zmq.Socket
	pending chan result
}

func (p *socket) Send(frames [][]byte) error {
	if len(frames) == 1 {
		return p.s.Send(zmq.NewMsg(frames[0]))
	}
	return p.s.SendMulti(zmq.NewMsgFrom(frames...))
}

func (p *socket) Recv(timeout time.Duration) ([][]byte, error) {
	if p.pending == nil {
		ch := make(chan result, 1)
		p.pending = ch
		go func() {
			msg, err := p.s.Recv()
			ch <- result{msg, err}
		}()
	}
	select {
	case r := <-p.pending:
		p.pending = nil
		if r.err != nil {
			return nil, r.err
		}
		return r.msg.Frames, nil
	case <-time.After(timeout):
		return nil, proto.ErrTimeout
	}
}

func (p *socket) Close() { p.s.Close() }

func main() {
	if len(os.Args) >= 2 && os.Args[1] == "version" {
		proto.Out("VERSION go-zeromq/zmq4 %s (pure Go, ZMTP 3.0)", proto.DepVersion("github.com/go-zeromq/zmq4"))
		return
	}
	if len(os.Args) >= 2 && os.Args[1] == "keygen" {
		proto.Unsupported("keygen (no CURVE in go-zeromq/zmq4)")
	}
	args := proto.ParseArgs()
	var opts []zmq.Option
	var subs []string
	var user, pass string
	plainServer := false
	for _, option := range args.Options {
		name, value := option[0], option[1]
		switch name {
		case "id":
			opts = append(opts, zmq.WithID(zmq.SocketIdentity(proto.Hex(value))))
		case "sub":
			subs = append(subs, string(proto.Hex(value)))
		case "plain_server":
			plainServer = true
		case "plain_user":
			user = value
		case "plain_pass":
			pass = value
		default: // curve_*, hb_*, zap: not implemented by go-zeromq/zmq4
			proto.Unsupported(name)
		}
	}
	if plainServer || user != "" || pass != "" {
		opts = append(opts, zmq.WithSecurity(plain.Security(user, pass)))
	}
	ctx := context.Background()
	var s zmq.Socket
	switch args.Type {
	case "req":
		s = zmq.NewReq(ctx, opts...)
	case "rep":
		s = zmq.NewRep(ctx, opts...)
	case "dealer":
		s = zmq.NewDealer(ctx, opts...)
	case "router":
		s = zmq.NewRouter(ctx, opts...)
	case "pub":
		s = zmq.NewPub(ctx, opts...)
	case "sub":
		s = zmq.NewSub(ctx, opts...)
	case "push":
		s = zmq.NewPush(ctx, opts...)
	case "pull":
		s = zmq.NewPull(ctx, opts...)
	default:
		proto.Unsupported("type " + args.Type)
	}
	for _, topic := range subs {
		if err := s.SetOption(zmq.OptionSubscribe, topic); err != nil {
			proto.Fail("subscribe: %v", err)
		}
	}
	if args.Mode == "bind" {
		endpoint := strings.Replace(args.Endpoint, ":*", ":0", 1)
		if err := s.Listen(endpoint); err != nil {
			proto.Fail("bind: %v", err)
		}
		proto.Out("READY tcp://%s", s.Addr().String())
	} else {
		if err := s.Dial(args.Endpoint); err != nil {
			proto.Out("ERR connect: %v", err)
		} else {
			proto.Out("READY %s", args.Endpoint)
		}
	}
	proto.Serve(&socket{s: s}, args)
}
