package manifests

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// repo is the repository root, seen from this package's directory.
const repo = ".."

func TestManifests(t *testing.T) {
	c := newChecker(t, repo)
	if c.drain <= 0 {
		t.Fatalf("the bot's drain reads as %v", c.drain)
	}
	for _, p := range c.problems(repo) {
		t.Error(p)
	}
}

// The checker is only worth something if it fails: each case breaks one thing in a copy of
// the files and expects the checker to say so.
func TestManifestCheckerCatchesMistakes(t *testing.T) {
	c := newChecker(t, repo)
	tests := []struct {
		name      string
		file      string // under the repository root
		old, new  string // every old becomes new; old must occur
		wantIssue string
	}{
		{"a file that does not parse", "manifests/kubernetes/pdb.yaml", "kind: PodDisruptionBudget", "kind: [PodDisruptionBudget", "kubernetes/pdb.yaml does not parse"},
		{"a resource left out of the kustomization", "manifests/kubernetes/kustomization.yaml", "  - pdb.yaml\n", "", "kubernetes/pdb.yaml is not listed in kustomization.yaml"},
		{"no PodDisruptionBudget", "manifests/kubernetes/kustomization.yaml", "  - pdb.yaml\n", "", "creates no PodDisruptionBudget"},
		{"a resource that does not exist", "manifests/kubernetes/kustomization.yaml", "  - redis.yaml\n", "  - redis.yaml\n  - ingress.yaml\n", "lists ingress.yaml, which does not exist"},
		{"one replica", "manifests/kubernetes/deployment.yaml", "replicas: 2", "replicas: 1", "replicas is 1, want 2"},
		{"no liveness probe", "manifests/kubernetes/deployment.yaml", "livenessProbe:", "startupProbe:", "no livenessProbe"},
		{"liveness on the wrong path", "manifests/kubernetes/deployment.yaml", "path: /healthz", "path: /health", `livenessProbe GETs "/health", want "/healthz"`},
		{"readiness on the liveness path", "manifests/kubernetes/deployment.yaml", "path: /readyz", "path: /healthz", `readinessProbe GETs "/healthz", want "/readyz"`},
		{"probes on another port", "manifests/kubernetes/deployment.yaml", "port: http", "port: 9090", "livenessProbe port 9090 is not 8080"},
		{"container port not where the bot listens", "manifests/kubernetes/deployment.yaml", `value: ":8080"`, `value: ":9090"`, "no containerPort 9090"},
		{"no memory limit", "manifests/kubernetes/deployment.yaml", "limits:", "x-limits:", "no resources.limits.memory"},
		{"no CPU request", "manifests/kubernetes/deployment.yaml", "cpu: 50m", "", "no resources.requests.cpu"},
		{"grace period shorter than the drain", "manifests/kubernetes/deployment.yaml", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 10", "terminationGracePeriodSeconds 10s is not longer than"},
		{"writable root", "manifests/kubernetes/deployment.yaml", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", "Deployment rapport: readOnlyRootFilesystem is not true"},
		{"root user", "manifests/kubernetes/deployment.yaml", "runAsUser: 65532", "runAsUser: 0", "runAsUser is 0, want 65532"},
		{"may run as root", "manifests/kubernetes/deployment.yaml", "runAsNonRoot: true", "runAsNonRoot: false", "Deployment rapport: runAsNonRoot is not true"},
		{"privilege escalation", "manifests/kubernetes/deployment.yaml", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", "Deployment rapport: allowPrivilegeEscalation is not false"},
		{"capabilities kept", "manifests/kubernetes/deployment.yaml", "drop: [ALL]", "drop: [NET_RAW]", "Deployment rapport: capabilities do not drop ALL"},
		{"no seccomp profile", "manifests/kubernetes/deployment.yaml", "type: RuntimeDefault", "type: Unconfined", "Deployment rapport: seccompProfile is not RuntimeDefault"},
		{"an environment variable the bot does not read", "manifests/kubernetes/deployment.yaml", "name: RAPPORT_CONFIG", "name: RAPPORT_CONFIG_FILE", "RAPPORT_CONFIG_FILE is not an environment variable rapport reads"},
		{"a token not from the Secret", "manifests/kubernetes/deployment.yaml", "key: SLACK_BOT_TOKEN", "key: SLACK_BOT", "Secret rapport has no key SLACK_BOT"},
		{"config not mounted", "manifests/kubernetes/deployment.yaml", "mountPath: /etc/rapport/config", "mountPath: /etc/rapport/conf", "RAPPORT_CONFIG /etc/rapport/config/config.yaml is not a file of a mounted ConfigMap"},
		{"a config that does not load", "manifests/kubernetes/config.yaml", "team_channel:", "team_chanel:", `unknown key "team_chanel"`},
		{"a PodDisruptionBudget that allows zero", "manifests/kubernetes/pdb.yaml", "minAvailable: 1", "minAvailable: 0", "minAvailable is 0, want 1"},
		{"redis without the AOF", "manifests/kubernetes/redis.yaml", "appendonly yes", "appendonly no", `redis appendonly is "no", want "yes"`},
		{"redis fsync on every write", "manifests/kubernetes/redis.yaml", "appendfsync everysec", "appendfsync always", `redis appendfsync is "always", want "everysec"`},
		{"redis evicts", "manifests/kubernetes/redis.yaml", "maxmemory-policy noeviction", "maxmemory-policy allkeys-lru", `redis maxmemory-policy is "allkeys-lru", want "noeviction"`},
		{"redis does not read its config", "manifests/kubernetes/redis.yaml", "/usr/local/etc/redis/redis.conf", "/etc/redis.conf", "redis reads /etc/redis.conf, which no mounted ConfigMap provides"},
		{"redis without a volume claim", "manifests/kubernetes/redis.yaml", "volumeClaimTemplates:", "x-volumeClaimTemplates:", "no volumeClaimTemplate"},
		{"redis as root", "manifests/kubernetes/redis.yaml", "runAsNonRoot: true", "runAsNonRoot: false", "StatefulSet redis: runAsNonRoot is not true"},
		{"redis Service selects nothing", "manifests/kubernetes/redis.yaml", "clusterIP: None\n  selector:\n    app.kubernetes.io/name: redis", "clusterIP: None\n  selector:\n    app.kubernetes.io/name: valkey", "Service redis does not select the Redis pods"},
		{"the example Secret misses a key", "manifests/kubernetes/secret.example.yaml", "REDIS_PASSWORD: CHANGE-ME", "", "Secret rapport has no key REDIS_PASSWORD"},
		{"the example REDIS_URL misses the Service", "manifests/kubernetes/secret.example.yaml", "@redis:6379", "@localhost:6379", "does not point at the Service redis"},
		{"compose redis fsync off", "manifests/compose.yaml", `"--appendfsync", "everysec"`, `"--appendfsync", "no"`, `compose.yaml redis: redis appendfsync is "no"`},
		{"compose redis loses data", "manifests/compose.yaml", "redis-data:/data", "redis-data:/tmp", "no volume on /data"},
		{"compose without redis", "manifests/compose.yaml", "\n  redis:\n", "\n  cache:\n", "compose.yaml: no redis service"},
		{"compose health check runs check", "manifests/compose.yaml", `"/rapport", "health"`, `"/rapport", "check"`, "compose.yaml rapport: healthcheck is"},
		{"compose stops too soon", "manifests/compose.yaml", "stop_grace_period: 30s", "stop_grace_period: 10s", "stop_grace_period 10s is not longer than"},
		{"compose without .env", "manifests/compose.yaml", "env_file: .env", "env_file: rapport.env", "env_file does not read .env"},
		{"compose builds elsewhere", "manifests/compose.yaml", "context: ..", "context: .", "builds from ./Dockerfile, which does not exist"},
		{"no HEALTHCHECK", "Dockerfile", "HEALTHCHECK", "# HEALTHCHECK", "the final image has no HEALTHCHECK"},
		{"shell-form HEALTHCHECK", "Dockerfile", `CMD ["/rapport", "health"]`, "CMD /rapport health", "is not in exec form"},
		{"no source label", "Dockerfile", "org.opencontainers.image.source=", "org.opencontainers.image.url=", "no org.opencontainers.image.source label"},
		{"labels on an earlier stage only", "Dockerfile", "rapport-bot/rapport\"\n", "rapport-bot/rapport\"\nFROM scratch\n", "no org.opencontainers.image.title label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := copyDeployment(t)
			edit(t, filepath.Join(root, tt.file), tt.old, tt.new)
			got := c.problems(root)
			for _, p := range got {
				if strings.Contains(p, tt.wantIssue) {
					return
				}
			}
			t.Errorf("the checker missed %q; it found:\n%s", tt.wantIssue, strings.Join(got, "\n"))
		})
	}
}

// An unchanged copy passes, so every failure above comes from its one change.
func TestManifestCopyPasses(t *testing.T) {
	c := newChecker(t, repo)
	for _, p := range c.problems(copyDeployment(t)) {
		t.Error(p)
	}
}

// copyDeployment copies the files the checker reads into a fresh directory laid out as
// the repository, and returns it.
func copyDeployment(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	entries, err := os.ReadDir(filepath.Join(repo, "manifests", "kubernetes"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"Dockerfile", "manifests/compose.yaml"}
	for _, e := range entries {
		if !e.IsDir() {
			files = append(files, "manifests/kubernetes/"+e.Name())
		}
	}
	for _, f := range files {
		raw, err := os.ReadFile(filepath.Join(repo, f))
		if err != nil {
			t.Fatal(err)
		}
		dst := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return root
}

// edit replaces every old in file with new; old must occur, or the case tests nothing.
func edit(t *testing.T, file, old, new string) {
	t.Helper()
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(raw), old) {
		t.Fatalf("%s does not contain %q: the case no longer breaks anything", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.ReplaceAll(string(raw), old, new)), 0o644); err != nil {
		t.Fatal(err)
	}
}
