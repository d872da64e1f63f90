// Command tcpdump-peer plays a short CMPP exchange over TCP on 127.0.0.1,
// both sides in one process, for .ci/tcpdump-check to capture with
// tcpdump: the client sends the hand-built fixtures of testdata/packets
// and the server answers each with its fixture response. It prints the
// Command_Ids sent, in order, one per line.
//
//	go run ./.ci/tcpdump-peer -port 17890
package main

import (
	"bufio"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/go-cmpp/cmpp"
)

// exchange is the session: each request fixture and the response fixture
// the server answers it with.
var exchange = [][2]string{
	{"connect", "connect_resp"},
	{"submit", "submit_resp"},
	{"submit_3dest_udh", ""}, // no answer: one request stays unanswered
	{"active_test", "active_test_resp"},
	{"terminate", "terminate_resp"},
}

// timeout bounds every read and write, and the whole exchange.
const timeout = 5 * time.Second

func main() {
	port := flag.Int("port", 17890, "TCP port on 127.0.0.1")
	dir := flag.String("fixtures", "testdata/packets", "the hand-built fixtures")
	flag.Parse()
	if err := run(*port, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "tcpdump-peer:", err)
		os.Exit(1)
	}
}

func run(port int, dir string) error {
	pdus := map[string][]byte{}
	for _, pair := range exchange {
		for _, name := range pair {
			if name == "" {
				continue
			}
			b, err := readFixture(filepath.Join(dir, name+".hex"))
			if err != nil {
				return err
			}
			pdus[name] = b
		}
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port))
	if err != nil {
		return err
	}
	defer ln.Close()
	served := make(chan error, 1)
	go func() { served <- serve(ln, pdus) }() // ends when its connection ends
	conn, err := net.DialTimeout("tcp", ln.Addr().String(), timeout)
	if err != nil {
		return err
	}
	clientErr := client(conn, pdus)
	conn.Close()
	if err := <-served; err != nil {
		return fmt.Errorf("server: %w", err)
	}
	return clientErr
}

// client sends each request and reads its response, if it has one.
func client(conn net.Conn, pdus map[string][]byte) error {
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	r := bufio.NewReader(conn)
	for _, pair := range exchange {
		if _, err := conn.Write(pdus[pair[0]]); err != nil {
			return err
		}
		fmt.Println(cmdOf(pdus[pair[0]]))
		if pair[1] == "" {
			continue
		}
		resp, err := cmpp.ReadPacket(r, nil)
		if err != nil {
			return fmt.Errorf("reading the answer to %s: %w", pair[0], err)
		}
		fmt.Println(cmdOf(resp))
	}
	return nil
}

// serve accepts one connection and answers each request with the response
// of the exchange, until the client closes.
func serve(ln net.Listener, pdus map[string][]byte) error {
	conn, err := ln.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	if err := conn.SetDeadline(time.Now().Add(timeout)); err != nil {
		return err
	}
	r := bufio.NewReader(conn)
	for _, pair := range exchange {
		req, err := cmpp.ReadPacket(r, nil)
		if err != nil {
			return fmt.Errorf("reading %s: %w", pair[0], err)
		}
		if got, want := cmdOf(req), cmdOf(pdus[pair[0]]); got != want {
			return fmt.Errorf("got %s, want %s", got, want)
		}
		if pair[1] != "" {
			if _, err := conn.Write(pdus[pair[1]]); err != nil {
				return err
			}
		}
	}
	return nil
}

func cmdOf(pdu []byte) string {
	h, err := cmpp.ParseHeader(pdu)
	if err != nil {
		return "?"
	}
	return h.CommandID.String()
}

// readFixture reads a fixture's hex: '#' starts a comment.
func readFixture(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var digits strings.Builder
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		digits.WriteString(strings.Join(strings.Fields(line), ""))
	}
	return hex.DecodeString(digits.String())
}
