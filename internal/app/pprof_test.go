package app

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/sync/errgroup"
)

func TestProfilerServesOnItsOwnAddress(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	g, gctx := errgroup.WithContext(ctx)
	if err := servePprof(gctx, g, addr, slog.New(slog.DiscardHandler)); err != nil {
		t.Fatal(err)
	}
	res, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine") {
		t.Errorf("GET /debug/pprof/ = %s:\n%s", res.Status, body)
	}
	cancel()
	if err := g.Wait(); err != nil {
		t.Errorf("profiler stopped with %v", err)
	}
	if err := servePprof(context.Background(), &errgroup.Group{}, "nonsense", slog.New(slog.DiscardHandler)); err == nil || !strings.Contains(err.Error(), "RAPPORT_PPROF_ADDR") {
		t.Errorf("bad address: %v", err)
	}
}
