package redisstore

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rapport-bot/rapport/internal/redistest"
)

// scenarioRedises maps a test-name prefix to the REDIS_URL its subtests' newStore opens.
var scenarioRedises sync.Map

// scenarioStores numbers the stores opened for scenarios, for their key prefixes.
var scenarioStores atomic.Int64

// scenarioRedis is the URL newStore should open for t, if t runs as a scenario of a test
// that set one up, and a key prefix no other store of that test has.
func scenarioRedis(t testing.TB) (url, prefix string, ok bool) {
	scenarioRedises.Range(func(p, u any) bool {
		if strings.HasPrefix(t.Name(), p.(string)) {
			url = u.(string)
			return false
		}
		return true
	})
	if url == "" {
		return "", "", false
	}
	return url, fmt.Sprintf("test%d:", scenarioStores.Add(1)), true
}

// clusterScenarios are the store's own tests that need nothing but a store: between them
// they use every script and every multi-key command the store has.
var clusterScenarios = []struct {
	name string
	run  func(*testing.T)
}{
	{"upsert influencers", TestUpsertInfluencersIsIdempotent},
	{"profile and snapshots", TestProfileLookup},
	{"missing and directory", TestMissingAndDirectory},
	{"first delivery", TestFirstDelivery},
	{"campaign records", TestCampaignRecordsOnProfileAndRoster},
	{"campaign re-import", TestImportKeepsWhatTheFileLeavesBlank},
	{"touchpoints and due index", TestLogTouchpointMovesDueForwardOnly},
	{"relationship state", TestRelStatesSnoozeAndNudges},
	{"due index across buckets", TestDueIndexAcrossBucketsKeepsOneOrder},
	{"due index ignores stale updates", TestDueIndexIgnoresStaleUpdates},
	{"campaigns save, find and list", TestCampaignSaveFindAndList},
	{"renamed campaign", TestRenamedCampaignIsFoundByEitherName},
	{"checkpoint queue", TestClaimDueCheckpointsInDueOrder},
	{"checkpoint rescheduled while running", TestRescheduledWhileRunning},
	{"poll and decision", TestPollMessageDecisionAndReopening},
	{"slot claimed once", TestClaimSlotOnceAcrossCallers},
	{"slot first attempt", TestBeginSlotGivesTheFirstAttemptToOneCaller},
	{"slot retry", TestRetrySlotHandsOutOneRetryAfterGrace},
	{"slot crash", TestCrashBetweenSentAndRecordedSendsAtMostTwice},
	{"lease one winner", TestLeaseOnlyOneContenderWins},
	{"lease expiry", TestLeaseExpiryHandsOver},
	{"lease release", TestLeaseReleaseOnlyByHolder},
}

// TestStoreOnRedisCluster runs the store's scenarios against a real three-master Redis
// Cluster, which refuses any script, transaction or multi-key command whose keys are in
// different slots (CROSSSLOT): every one of them must keep to one.
func TestStoreOnRedisCluster(t *testing.T) {
	t.Parallel()
	start := time.Now()
	cluster := redistest.StartCluster(t)
	t.Logf("cluster of 3 masters up in %v", time.Since(start).Round(time.Millisecond))
	scenarioRedises.Store(t.Name()+"/", cluster.URL())
	t.Cleanup(func() { scenarioRedises.Delete(t.Name() + "/") })

	t.Run("load scripts on every shard", func(t *testing.T) {
		s, _ := newStore(t)
		if err := s.LoadScripts(context.Background()); err != nil {
			t.Fatal(err)
		}
	})
	for _, sc := range clusterScenarios {
		t.Run(sc.name, sc.run)
	}
	t.Run("cross-slot writes in one call are refused", func(t *testing.T) {
		// The check above is only as good as Cluster's refusal: prove it refuses.
		c := cluster.Client()
		ctx := context.Background()
		err := c.Eval(ctx, "return redis.call('SET', KEYS[1], 1) and redis.call('SET', KEYS[2], 1)", []string{"inf:{a}:x", "idx:due"}).Err()
		if err == nil || !strings.Contains(err.Error(), "CROSSSLOT") && !strings.Contains(err.Error(), "different") {
			t.Fatalf("cross-slot script: err = %v, want a refusal", err)
		}
	})
}
