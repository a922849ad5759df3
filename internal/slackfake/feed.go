package slackfake

import "sync"

// entry is a recorded item plus whether an Expect call has claimed it.
type entry[T any] struct {
	item     T
	consumed bool
}

// feed delivers recorded items to one subscriber through an unbounded queue, so a slow
// reader (a terminal console) never blocks the HTTP handler that records them.
type feed[T any] struct {
	mu    sync.Mutex
	queue []T
	wake  chan struct{}
	out   chan T
	stop  chan struct{}
	once  sync.Once
}

func newFeed[T any]() *feed[T] {
	return &feed[T]{wake: make(chan struct{}, 1), out: make(chan T), stop: make(chan struct{})}
}

func (f *feed[T]) push(v T) {
	f.mu.Lock()
	f.queue = append(f.queue, v)
	f.mu.Unlock()
	select {
	case f.wake <- struct{}{}:
	default:
	}
}

func (f *feed[T]) cancel() { f.once.Do(func() { close(f.stop) }) }

// run pumps the queue into out until cancelled or done, then closes out.
func (f *feed[T]) run(done <-chan struct{}) {
	defer close(f.out)
	for {
		f.mu.Lock()
		if len(f.queue) == 0 {
			f.mu.Unlock()
			select {
			case <-f.wake:
				continue
			case <-f.stop:
				return
			case <-done:
				return
			}
		}
		v := f.queue[0]
		f.queue = f.queue[1:]
		f.mu.Unlock()
		select {
		case f.out <- v:
		case <-f.stop:
			return
		case <-done:
			return
		}
	}
}

// subscribe registers a feed in set and starts its pump; the returned func
// unsubscribes. After Close the channel is closed at once.
func subscribe[T any](s *Server, set map[*feed[T]]struct{}) (<-chan T, func()) {
	f := newFeed[T]()
	s.mu.Lock()
	set[f] = struct{}{}
	s.mu.Unlock()
	if !s.spawn(func() { f.run(s.done) }) {
		close(f.out)
	}
	return f.out, func() {
		f.cancel()
		s.mu.Lock()
		delete(set, f)
		s.mu.Unlock()
	}
}
