// Package proto is the line protocol shared by the Go interop peers (see ../../README.md):
// argument parsing, stdin commands and stdout replies. Each peer supplies a Socket.
package proto

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ErrTimeout is what Socket.Recv returns when nothing arrived in time.
var ErrTimeout = errors.New("timeout")

// Socket is one socket of the implementation under test.
type Socket interface {
	Send(frames [][]byte) error
	// Recv waits at most timeout for a whole message.
	Recv(timeout time.Duration) ([][]byte, error)
	Close()
}

var outLock sync.Mutex

// Out prints one line on stdout, atomically.
func Out(format string, args ...interface{}) {
	outLock.Lock()
	defer outLock.Unlock()
	fmt.Fprintf(os.Stdout, format+"\n", args...)
}

// Fail prints ERR and exits.
func Fail(format string, args ...interface{}) {
	Out("ERR "+format, args...)
	os.Exit(1)
}

// Unsupported prints UNSUPPORTED and exits 2.
func Unsupported(what string) {
	Out("UNSUPPORTED %s", what)
	os.Exit(2)
}

// Args is a parsed command line: peer <type> <bind|connect> <endpoint> [name=value...].
type Args struct {
	Type, Mode, Endpoint string
	Options              [][2]string
	RcvTimeout           time.Duration
}

// ParseArgs parses os.Args[1:] (after the version/keygen modes were handled).
func ParseArgs() Args {
	if len(os.Args) < 4 {
		fmt.Fprintln(os.Stderr, "usage: peer <type> <bind|connect> <endpoint> [opt=value...]")
		os.Exit(2)
	}
	a := Args{Type: os.Args[1], Mode: os.Args[2], Endpoint: os.Args[3], RcvTimeout: 5 * time.Second}
	for _, option := range os.Args[4:] {
		name, value, ok := strings.Cut(option, "=")
		if !ok {
			Fail("bad option %s", option)
		}
		if name == "rcvtimeo" {
			ms, _ := strconv.Atoi(value)
			a.RcvTimeout = time.Duration(ms) * time.Millisecond
			continue
		}
		a.Options = append(a.Options, [2]string{name, value})
	}
	return a
}

// Hex decodes hex text or exits.
func Hex(text string) []byte {
	b, err := hex.DecodeString(text)
	if err != nil {
		Fail("bad hex %q", text)
	}
	return b
}

// Key returns a CURVE key as given: 40 Z85 characters as text, 64 hex digits as 32 bytes.
func Key(text string) string {
	if len(text) == 40 {
		return text
	}
	if len(text) != 64 {
		Fail("bad key %q", text)
	}
	return string(Hex(text))
}

// ParseMessage parses frames written as hex joined by ",".
func ParseMessage(text string) ([][]byte, error) {
	var frames [][]byte
	for _, part := range strings.Split(text, ",") {
		b, err := hex.DecodeString(part)
		if err != nil {
			return nil, err
		}
		frames = append(frames, b)
	}
	return frames, nil
}

// FormatMessage is the MSG line of a message.
func FormatMessage(frames [][]byte) string {
	var sb strings.Builder
	sb.WriteString("MSG ")
	for i, frame := range frames {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString(hex.EncodeToString(frame))
	}
	return sb.String()
}

// Lines delivers stdin lines; the channel closes at end of input.
func Lines() <-chan string {
	ch := make(chan string, 16)
	go func() {
		r := bufio.NewReaderSize(os.Stdin, 1<<20)
		for {
			line, err := r.ReadString('\n')
			if len(line) > 0 && line[len(line)-1] == '\n' {
				ch <- line[:len(line)-1]
			}
			if err != nil {
				close(ch)
				return
			}
		}
	}()
	return ch
}

// Serve runs the command loop until EXIT or end of input, then closes s.
func Serve(s Socket, args Args) {
	lines := Lines()
	for line := range lines {
		command, arg, _ := strings.Cut(line, " ")
		switch command {
		case "SEND":
			frames, err := ParseMessage(arg)
			if err != nil {
				Out("ERR bad message")
			} else if err := s.Send(frames); err != nil {
				Out("ERR send: %v", err)
			} else {
				Out("SENT")
			}
		case "RECV", "RECVN":
			n := 1
			if command == "RECVN" {
				n, _ = strconv.Atoi(arg)
			}
			for i := 0; i < n; i++ {
				frames, err := s.Recv(args.RcvTimeout)
				if err == ErrTimeout {
					Out("TIMEOUT")
					break
				} else if err != nil {
					Out("ERR recv: %v", err)
					break
				}
				Out("%s", FormatMessage(frames))
			}
		case "SENDN":
			count, prefixHex, _ := strings.Cut(arg, " ")
			n, _ := strconv.Atoi(count)
			prefix := Hex(prefixHex)
			failed := false
			for i := 0; i < n && !failed; i++ {
				frame := append(append([]byte{}, prefix...), strconv.Itoa(i)...)
				if err := s.Send([][]byte{frame}); err != nil {
					Out("ERR send: %v", err)
					failed = true
				}
			}
			if !failed {
				Out("SENT %d", n)
			}
		case "ECHO":
			n, _ := strconv.Atoi(arg)
			i := 0
			for ; i < n; i++ {
				frames, err := s.Recv(args.RcvTimeout)
				if err == ErrTimeout {
					Out("TIMEOUT")
					break
				} else if err != nil {
					Out("ERR recv: %v", err)
					break
				}
				if err := s.Send(frames); err != nil {
					Out("ERR send: %v", err)
					break
				}
			}
			if i == n {
				Out("ECHOED %d", n)
			}
		case "PUBLISH":
			frames, err := ParseMessage(arg)
			if err != nil {
				Out("ERR bad message")
				continue
			}
		publish:
			for {
				if err := s.Send(frames); err != nil {
					Out("ERR send: %v", err)
					break
				}
				select {
				case stop, ok := <-lines:
					if !ok || stop == "STOP" {
						Out("STOPPED")
						break publish
					}
				case <-time.After(2 * time.Millisecond):
				}
			}
		case "EXIT":
			s.Close()
			Out("BYE")
			os.Exit(0)
		default:
			Out("ERR unknown command %s", command)
		}
	}
	s.Close()
	Out("BYE")
	os.Exit(0)
}

// DepVersion is the version of a module linked into this binary.
func DepVersion(path string) string {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path == path {
				return dep.Version
			}
		}
	}
	return "unknown"
}
