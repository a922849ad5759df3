package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"
)

// profileBot reads the bot's CPU profile over the next d from its profiler at addr, its
// heap halfway through (what is held under load), then its allocation profile, into dir;
// the channel reports when all are written.
func profileBot(ctx context.Context, addr, dir string, d time.Duration) <-chan error {
	done := make(chan error, 1)
	go func() {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			done <- err
			return
		}
		heap := make(chan error, 1)
		go func() {
			select {
			case <-time.After(d / 2):
				heap <- fetchProfile(ctx, "http://"+addr+"/debug/pprof/heap", filepath.Join(dir, "heap.pprof"))
			case <-ctx.Done():
				heap <- ctx.Err()
			}
		}()
		secs := max(1, int(d.Round(time.Second)/time.Second))
		err := fetchProfile(ctx, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, secs), filepath.Join(dir, "cpu.pprof"))
		if err == nil {
			err = fetchProfile(ctx, "http://"+addr+"/debug/pprof/allocs", filepath.Join(dir, "allocs.pprof"))
		}
		done <- errors.Join(err, <-heap)
	}()
	return done
}

func fetchProfile(ctx context.Context, url, path string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", url, res.Status)
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
