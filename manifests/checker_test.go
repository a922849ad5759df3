package manifests

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rapport-bot/rapport/internal/app"
	"github.com/rapport-bot/rapport/internal/config"
	"github.com/rapport-bot/rapport/internal/slackbot"
)

// checker holds what the deployment files must agree with, read from the program itself.
type checker struct {
	// drain is how long `rapport serve` may wait for in-flight work after SIGTERM.
	drain time.Duration
	// env is every environment variable the program reads.
	env map[string]bool
	// source is the repository's URL, for the image's source label.
	source string
}

// stopMargin is what a stop takes beyond the drain: closing the Slack connections and
// releasing the scheduler's Redis lease.
const stopMargin = 5 * time.Second

// redisSettings are the Redis settings Rapport's data needs: every write in the AOF,
// flushed each second, and no eviction.
var redisSettings = map[string]string{
	"appendonly":       "yes",
	"appendfsync":      "everysec",
	"maxmemory-policy": "noeviction",
}

// newChecker reads the facts from the repository at repo.
func newChecker(t *testing.T, repo string) checker {
	t.Helper()
	drain := slackbot.DrainTimeout
	var out bytes.Buffer
	err := app.Run(context.Background(), []string{"help"},
		app.Env{Getenv: func(string) string { return "" }, Stdout: &out, Stderr: io.Discard})
	if err != nil {
		t.Fatalf("rapport help: %v", err)
	}
	env := usageEnv(out.String())
	if len(env) == 0 {
		t.Fatalf("rapport help lists no environment variables:\n%s", out.String())
	}
	mod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^module\s+(\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no module line")
	}
	return checker{drain: drain, env: env, source: "https://" + string(m[1])}
}

// usageEnv lists the variables in the Environment section of `rapport help`.
func usageEnv(usage string) map[string]bool {
	_, section, _ := strings.Cut(usage, "\nEnvironment:\n")
	env := map[string]bool{}
	for _, m := range regexp.MustCompile(`(?m)^  ([A-Z][A-Z0-9_]+)\s`).FindAllStringSubmatch(section, -1) {
		env[m[1]] = true
	}
	return env
}

// problems lists what is wrong with the deployment files under root (its manifests/kubernetes,
// manifests/compose.yaml and Dockerfile), one sentence each; none means all is well.
func (c checker) problems(root string) []string {
	var p problems
	c.checkKubernetes(&p, filepath.Join(root, "manifests", "kubernetes"))
	c.checkCompose(&p, filepath.Join(root, "manifests", "compose.yaml"))
	c.checkDockerfile(&p, filepath.Join(root, "Dockerfile"))
	return p
}

type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

// object is one decoded YAML mapping.
type object = map[string]any

// decodeAll decodes every document of a YAML stream; empty documents are skipped.
func decodeAll(raw []byte) ([]object, error) {
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	var docs []object
	for {
		var doc object
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return docs, nil
		}
		if err != nil {
			return nil, err
		}
		if doc != nil {
			docs = append(docs, doc)
		}
	}
}

// at walks down mappings by key; nil when a step is missing.
func at(v any, keys ...string) any {
	for _, k := range keys {
		m, ok := v.(object)
		if !ok {
			return nil
		}
		v = m[k]
	}
	return v
}

func objects(v any) []object {
	var out []object
	for _, item := range asList(v) {
		if m, ok := item.(object); ok {
			out = append(out, m)
		}
	}
	return out
}

// asList is v as a list; a lone scalar is a list of one.
func asList(v any) []any {
	switch v := v.(type) {
	case nil:
		return nil
	case []any:
		return v
	default:
		return []any{v}
	}
}

func scalar(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func strs(v any) []string {
	var out []string
	for _, item := range asList(v) {
		out = append(out, scalar(item))
	}
	return out
}

// named returns the item of list v whose name is name.
func named(v any, name string) object {
	for _, o := range objects(v) {
		if scalar(o["name"]) == name {
			return o
		}
	}
	return nil
}

// selects says whether a selector's matchLabels all appear in labels.
func selects(selector, labels any) bool {
	want, ok := selector.(object)
	if !ok || len(want) == 0 {
		return false
	}
	for k, v := range want {
		if scalar(at(labels, k)) != scalar(v) {
			return false
		}
	}
	return true
}

// cluster is what `kubectl apply -k` would create, plus the example Secrets beside it.
type cluster struct {
	objects []object
	// configMaps and secrets map a name to its keys and values, from resources, generators
	// and, for Secrets, the *.example.yaml files.
	configMaps map[string]map[string]string
	secrets    map[string]map[string]string
	// inputs are the files generators read.
	inputs map[string]bool
}

func (cl cluster) find(kind string) []object {
	var out []object
	for _, o := range cl.objects {
		if o["kind"] == kind {
			out = append(out, o)
		}
	}
	return out
}

func isYAML(name string) bool {
	return strings.HasSuffix(name, ".yaml") || strings.HasSuffix(name, ".yml")
}

func (c checker) checkKubernetes(p *problems, dir string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		p.add("kubernetes: %v", err)
		return
	}
	files := map[string][]object{}
	for _, e := range entries {
		if e.IsDir() || !isYAML(e.Name()) {
			continue
		}
		raw, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			p.add("kubernetes/%s: %v", e.Name(), err)
			continue
		}
		docs, err := decodeAll(raw)
		if err != nil {
			p.add("kubernetes/%s does not parse: %v", e.Name(), err)
			continue
		}
		if len(docs) == 0 {
			p.add("kubernetes/%s is empty", e.Name())
		}
		files[e.Name()] = docs
	}
	cl, ok := c.readKustomization(p, dir, files)
	if !ok {
		return
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if cl.inputs[name] {
			continue // a generator's input, not an object
		}
		for i, d := range files[name] {
			if scalar(d["apiVersion"]) == "" || scalar(d["kind"]) == "" {
				p.add("kubernetes/%s: document %d has no apiVersion or kind", name, i+1)
			}
			if d["kind"] != "Kustomization" && scalar(at(d, "metadata", "name")) == "" {
				p.add("kubernetes/%s: the %v has no metadata.name", name, d["kind"])
			}
		}
	}
	for _, kind := range []string{"Deployment", "StatefulSet", "Service", "PodDisruptionBudget"} {
		if len(cl.find(kind)) == 0 {
			p.add("kubernetes: kustomization.yaml creates no %s", kind)
		}
	}
	if len(cl.configMaps) == 0 {
		p.add("kubernetes: kustomization.yaml creates no ConfigMap")
	}
	if len(cl.secrets) == 0 {
		p.add("kubernetes: no Secret, neither a secretGenerator nor a *.example.yaml")
	}
	var bot object
	for _, d := range cl.find("Deployment") {
		if at(d, "metadata", "name") == "rapport" {
			bot = d
		}
	}
	if bot == nil {
		p.add("kubernetes: no Deployment named rapport")
	} else {
		c.checkBot(p, cl, bot)
		for _, pdb := range cl.find("PodDisruptionBudget") {
			if n, _ := at(pdb, "spec", "minAvailable").(int); n != 1 {
				p.add("kubernetes: PodDisruptionBudget minAvailable is %v, want 1", at(pdb, "spec", "minAvailable"))
			}
			if !selects(at(pdb, "spec", "selector", "matchLabels"), at(bot, "spec", "template", "metadata", "labels")) {
				p.add("kubernetes: the PodDisruptionBudget does not select the bot's pods")
			}
		}
	}
	for _, sts := range cl.find("StatefulSet") {
		c.checkRedis(p, cl, sts)
	}
	for _, w := range append(cl.find("Deployment"), cl.find("StatefulSet")...) {
		checkSecretRefs(p, cl, w)
	}
}

// readKustomization collects what kustomization.yaml creates and checks that it lists
// every file in dir, and only files that exist. Example files are not applied.
func (c checker) readKustomization(p *problems, dir string, files map[string][]object) (cluster, bool) {
	docs, ok := files["kustomization.yaml"]
	if !ok || len(docs) != 1 {
		p.add("kubernetes/kustomization.yaml is missing or not one document")
		return cluster{}, false
	}
	k := docs[0]
	cl := cluster{configMaps: map[string]map[string]string{}, secrets: map[string]map[string]string{}, inputs: map[string]bool{}}
	listed := map[string]bool{}
	exists := func(name string) bool {
		listed[name] = true
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			p.add("kubernetes/kustomization.yaml lists %s, which does not exist", name)
			return false
		}
		return true
	}
	for _, name := range strs(k["resources"]) {
		if exists(name) {
			cl.objects = append(cl.objects, files[name]...)
		}
	}
	generate := func(kind string, into map[string]map[string]string) {
		for _, g := range objects(k[kind]) {
			data := map[string]string{}
			for _, f := range strs(g["files"]) {
				key, file, ok := strings.Cut(f, "=")
				if !ok {
					key, file = path.Base(f), f
				}
				cl.inputs[file] = true
				if exists(file) {
					raw, _ := os.ReadFile(filepath.Join(dir, file))
					data[key] = string(raw)
				}
			}
			for _, f := range strs(g["envs"]) {
				cl.inputs[f] = true
				if exists(f) {
					raw, _ := os.ReadFile(filepath.Join(dir, f))
					for line := range strings.Lines(string(raw)) {
						if key, value, ok := strings.Cut(strings.TrimSpace(line), "="); ok && !strings.HasPrefix(key, "#") {
							data[key] = value
						}
					}
				}
			}
			for _, l := range strs(g["literals"]) {
				key, value, _ := strings.Cut(l, "=")
				data[key] = value
			}
			into[scalar(g["name"])] = data
		}
	}
	generate("configMapGenerator", cl.configMaps)
	generate("secretGenerator", cl.secrets)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if name != "kustomization.yaml" && !strings.HasSuffix(name, ".example.yaml") && !listed[name] {
			p.add("kubernetes/%s is not listed in kustomization.yaml", name)
		}
	}
	for _, o := range cl.objects {
		if o["kind"] == "ConfigMap" {
			cl.configMaps[scalar(at(o, "metadata", "name"))] = stringMap(o["data"])
		}
	}
	var secrets []object
	for name, docs := range files {
		if strings.HasSuffix(name, ".example.yaml") {
			secrets = append(secrets, docs...)
		}
	}
	for _, o := range append(secrets, cl.objects...) {
		if o["kind"] == "Secret" {
			data := stringMap(o["data"])
			for k, v := range stringMap(o["stringData"]) {
				data[k] = v
			}
			cl.secrets[scalar(at(o, "metadata", "name"))] = data
		}
	}
	return cl, true
}

func stringMap(v any) map[string]string {
	out := map[string]string{}
	m, _ := v.(object)
	for k, v := range m {
		out[k] = scalar(v)
	}
	return out
}

// checkBot checks the bot's Deployment: replicas, probes on the port it listens on,
// resources, a locked-down security context, a grace period longer than its drain, the
// secrets it needs and a configuration file that loads.
func (c checker) checkBot(p *problems, cl cluster, dep object) {
	if n, _ := at(dep, "spec", "replicas").(int); n != 2 {
		p.add("Deployment rapport: replicas is %v, want 2", at(dep, "spec", "replicas"))
	}
	pod := at(dep, "spec", "template", "spec")
	grace, ok := at(pod, "terminationGracePeriodSeconds").(int)
	if !ok {
		p.add("Deployment rapport: terminationGracePeriodSeconds is not set")
	} else if g := time.Duration(grace) * time.Second; g <= c.drain+stopMargin {
		p.add("Deployment rapport: terminationGracePeriodSeconds %v is not longer than the bot's drain %v plus %v", g, c.drain, stopMargin)
	}
	ctr := named(at(pod, "containers"), "rapport")
	if ctr == nil {
		p.add("Deployment rapport: no container named rapport")
		return
	}
	env := map[string]object{}
	for _, e := range objects(ctr["env"]) {
		name := scalar(e["name"])
		env[name] = e
		if !c.env[name] {
			p.add("Deployment rapport: %s is not an environment variable rapport reads (see rapport help)", name)
		}
	}

	addr := config.DefaultHTTPAddr
	if e, ok := env["RAPPORT_HTTP_ADDR"]; ok {
		addr = scalar(e["value"])
	}
	_, portText, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(portText)
	if err != nil || perr != nil {
		p.add("Deployment rapport: RAPPORT_HTTP_ADDR %q has no port", addr)
	}
	var portName string
	found := false
	for _, cp := range objects(ctr["ports"]) {
		if n, _ := cp["containerPort"].(int); n == port {
			portName, found = scalar(cp["name"]), true
		}
	}
	if !found {
		p.add("Deployment rapport: no containerPort %d, where RAPPORT_HTTP_ADDR %q listens", port, addr)
	}
	for _, probe := range []struct{ field, path string }{{"livenessProbe", "/healthz"}, {"readinessProbe", "/readyz"}} {
		pr := ctr[probe.field]
		if pr == nil {
			p.add("Deployment rapport: no %s", probe.field)
			continue
		}
		if got := scalar(at(pr, "httpGet", "path")); got != probe.path {
			p.add("Deployment rapport: %s GETs %q, want %q", probe.field, got, probe.path)
		}
		switch pp := at(pr, "httpGet", "port").(type) {
		case int:
			if pp != port {
				p.add("Deployment rapport: %s port %d is not %d, where the bot listens", probe.field, pp, port)
			}
		default:
			if pp == nil || scalar(pp) != portName || portName == "" {
				p.add("Deployment rapport: %s port %v does not name the container port %d", probe.field, pp, port)
			}
		}
	}

	for _, q := range [][]string{{"requests", "cpu"}, {"requests", "memory"}, {"limits", "memory"}} {
		if scalar(at(ctr, append([]string{"resources"}, q...)...)) == "" {
			p.add("Deployment rapport: no resources.%s", strings.Join(q, "."))
		}
	}
	checkSecurity(p, "Deployment rapport", pod, ctr, 65532)

	for _, name := range []string{"SLACK_APP_TOKEN", "SLACK_BOT_TOKEN", "REDIS_URL"} {
		if at(env[name], "valueFrom", "secretKeyRef") == nil {
			p.add("Deployment rapport: %s does not come from a Secret", name)
		}
	}
	c.checkBotConfig(p, cl, pod, ctr, env["RAPPORT_CONFIG"])
}

// checkSecurity checks a workload runs as a non-root user (uid, when not zero) on a
// read-only root with no privilege escalation, no capabilities and the runtime's seccomp
// profile. Container settings win over the pod's.
func checkSecurity(p *problems, what string, pod any, ctr object, uid int) {
	effective := func(keys ...string) any {
		if v := at(ctr, append([]string{"securityContext"}, keys...)...); v != nil {
			return v
		}
		return at(pod, append([]string{"securityContext"}, keys...)...)
	}
	if effective("runAsNonRoot") != true {
		p.add("%s: runAsNonRoot is not true", what)
	}
	if u, _ := effective("runAsUser").(int); u != uid {
		p.add("%s: runAsUser is %v, want %d", what, effective("runAsUser"), uid)
	}
	if at(ctr, "securityContext", "readOnlyRootFilesystem") != true {
		p.add("%s: readOnlyRootFilesystem is not true", what)
	}
	if at(ctr, "securityContext", "allowPrivilegeEscalation") != false {
		p.add("%s: allowPrivilegeEscalation is not false", what)
	}
	if !slices.Contains(strs(at(ctr, "securityContext", "capabilities", "drop")), "ALL") {
		p.add("%s: capabilities do not drop ALL", what)
	}
	if scalar(effective("seccompProfile", "type")) != "RuntimeDefault" {
		p.add("%s: seccompProfile is not RuntimeDefault", what)
	}
}

// mountedFile returns the content of file as a container sees it, when file lies in a
// volume mounted from a ConfigMap.
func mountedFile(cl cluster, pod any, ctr object, file string) (string, bool) {
	for _, m := range objects(ctr["volumeMounts"]) {
		dir := scalar(m["mountPath"])
		if path.Dir(file) != path.Clean(dir) {
			continue
		}
		vol := named(at(pod, "volumes"), scalar(m["name"]))
		cm := scalar(at(vol, "configMap", "name"))
		if data, ok := cl.configMaps[cm]; ok {
			content, ok := data[path.Base(file)]
			return content, ok
		}
	}
	return "", false
}

func (c checker) checkBotConfig(p *problems, cl cluster, pod any, ctr object, env object) {
	if env == nil {
		p.add("Deployment rapport: RAPPORT_CONFIG is not set, so the bot runs on defaults")
		return
	}
	file := scalar(env["value"])
	content, ok := mountedFile(cl, pod, ctr, file)
	if !ok {
		p.add("Deployment rapport: RAPPORT_CONFIG %s is not a file of a mounted ConfigMap", file)
		return
	}
	if _, err := config.Parse(file, []byte(content)); err != nil {
		p.add("Deployment rapport: the configuration at RAPPORT_CONFIG does not load: %v", err)
	}
}

// checkSecretRefs checks every secretKeyRef of a workload names a key its Secret has.
func checkSecretRefs(p *problems, cl cluster, w object) {
	for _, ctr := range objects(at(w, "spec", "template", "spec", "containers")) {
		for _, e := range objects(ctr["env"]) {
			ref := at(e, "valueFrom", "secretKeyRef")
			if ref == nil {
				continue
			}
			name, key := scalar(at(ref, "name")), scalar(at(ref, "key"))
			data, ok := cl.secrets[name]
			if !ok {
				p.add("%v %v: %v comes from Secret %s, which is neither generated nor in an example", w["kind"], at(w, "metadata", "name"), e["name"], name)
			} else if _, ok := data[key]; !ok {
				p.add("%v %v: Secret %s has no key %s", w["kind"], at(w, "metadata", "name"), name, key)
			}
		}
	}
}

// checkRedis checks the Redis StatefulSet keeps its data on a claimed volume, runs as a
// non-root user, reads the persistence settings and has a Service.
func (c checker) checkRedis(p *problems, cl cluster, sts object) {
	what := fmt.Sprintf("StatefulSet %v", at(sts, "metadata", "name"))
	pod := at(sts, "spec", "template", "spec")
	claims := objects(at(sts, "spec", "volumeClaimTemplates"))
	if len(claims) == 0 {
		p.add("%s: no volumeClaimTemplate, so the data does not survive the pod", what)
	}
	ctrs := objects(at(pod, "containers"))
	if len(ctrs) == 0 {
		p.add("%s: no container", what)
		return
	}
	ctr := ctrs[0]
	for _, claim := range claims {
		name := scalar(at(claim, "metadata", "name"))
		if named(ctr["volumeMounts"], name) == nil {
			p.add("%s: the claim %s is not mounted", what, name)
		}
	}
	uid, _ := at(pod, "securityContext", "runAsUser").(int)
	if u, ok := at(ctr, "securityContext", "runAsUser").(int); ok {
		uid = u
	}
	if uid == 0 {
		p.add("%s: runAsUser is not set to a non-root user", what)
	} else {
		checkSecurity(p, what, pod, ctr, uid)
	}

	args := append(strs(ctr["command"]), strs(ctr["args"])...)
	settings := map[string]string{}
	for _, a := range args {
		if !strings.HasSuffix(a, ".conf") {
			continue
		}
		conf, ok := mountedFile(cl, pod, ctr, a)
		if !ok {
			p.add("%s: redis reads %s, which no mounted ConfigMap provides", what, a)
		}
		for k, v := range confSettings(conf) {
			settings[k] = v
		}
	}
	for k, v := range flagSettings(args) {
		settings[k] = v
	}
	checkRedisSettings(p, what, settings)

	svcName := scalar(at(sts, "spec", "serviceName"))
	var svc object
	for _, s := range cl.find("Service") {
		if at(s, "metadata", "name") == svcName {
			svc = s
		}
	}
	if svc == nil {
		p.add("%s: no Service %q", what, svcName)
		return
	}
	if !selects(at(svc, "spec", "selector"), at(sts, "spec", "template", "metadata", "labels")) {
		p.add("Service %s does not select the Redis pods", svcName)
	}
	if !slices.ContainsFunc(objects(at(svc, "spec", "ports")), func(o object) bool { return o["port"] == 6379 }) {
		p.add("Service %s does not serve port 6379", svcName)
	}
	for name, data := range cl.secrets {
		if raw, ok := data["REDIS_URL"]; ok {
			if u, err := url.Parse(raw); err != nil || u.Hostname() != svcName {
				p.add("Secret %s: REDIS_URL %q does not point at the Service %s", name, raw, svcName)
			}
		}
	}
}

// confSettings reads redis.conf directives.
func confSettings(conf string) map[string]string {
	out := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(conf))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && !strings.HasPrefix(f[0], "#") {
			out[strings.ToLower(f[0])] = strings.Trim(f[1], `"`)
		}
	}
	return out
}

// flagSettings reads "--name value" pairs of a redis-server command line.
func flagSettings(args []string) map[string]string {
	out := map[string]string{}
	for i, a := range args {
		if name, ok := strings.CutPrefix(a, "--"); ok && i+1 < len(args) {
			out[strings.ToLower(name)] = args[i+1]
		}
	}
	return out
}

func checkRedisSettings(p *problems, what string, got map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(redisSettings)) {
		if got[k] != redisSettings[k] {
			p.add("%s: redis %s is %q, want %q", what, k, got[k], redisSettings[k])
		}
	}
}

// checkCompose checks compose.yaml runs Redis with the persistence settings on a volume,
// and the bot built from the Dockerfile with its health check, .env file and a stop
// grace period longer than its drain.
func (c checker) checkCompose(p *problems, file string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		p.add("compose: %v", err)
		return
	}
	docs, err := decodeAll(raw)
	if err != nil || len(docs) != 1 {
		p.add("compose.yaml does not parse as one document: %v", err)
		return
	}
	services := docs[0]["services"]
	redis, _ := at(services, "redis").(object)
	bot, _ := at(services, "rapport").(object)
	if redis == nil {
		p.add("compose.yaml: no redis service")
	} else {
		args := strs(redis["command"])
		if len(args) == 1 {
			args = strings.Fields(args[0])
		}
		checkRedisSettings(p, "compose.yaml redis", flagSettings(args))
		if !slices.ContainsFunc(strs(redis["volumes"]), func(v string) bool { return strings.HasSuffix(v, ":/data") }) {
			p.add("compose.yaml redis: no volume on /data, so the data does not survive the container")
		}
	}
	if bot == nil {
		p.add("compose.yaml: no rapport service")
		return
	}
	ctx := scalar(at(bot, "build", "context"))
	if ctx == "" {
		ctx = scalar(bot["build"])
	}
	dockerfile := scalar(at(bot, "build", "dockerfile"))
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if ctx == "" {
		p.add("compose.yaml rapport: not built from the repository")
	} else if _, err := os.Stat(filepath.Join(filepath.Dir(file), ctx, dockerfile)); err != nil {
		p.add("compose.yaml rapport: builds from %s/%s, which does not exist", ctx, dockerfile)
	}
	if test := strs(at(bot, "healthcheck", "test")); len(test) < 3 || test[0] != "CMD" || test[1] != "/rapport" || test[2] != "health" {
		p.add(`compose.yaml rapport: healthcheck is %q, want ["CMD", "/rapport", "health"]`, test)
	}
	if !slices.Contains(strs(bot["env_file"]), ".env") {
		p.add("compose.yaml rapport: env_file does not read .env")
	}
	var names []string
	switch env := bot["environment"].(type) {
	case object:
		for k := range env {
			names = append(names, k)
		}
	case []any:
		for _, e := range env {
			k, _, _ := strings.Cut(scalar(e), "=")
			names = append(names, k)
		}
	}
	for _, n := range names {
		if !c.env[n] {
			p.add("compose.yaml rapport: %s is not an environment variable rapport reads", n)
		}
	}
	if !slices.Contains(strs(at(bot, "depends_on")), "redis") && at(bot, "depends_on", "redis") == nil {
		p.add("compose.yaml rapport: does not depend on redis")
	}
	if g, err := time.ParseDuration(scalar(bot["stop_grace_period"])); err != nil {
		p.add("compose.yaml rapport: stop_grace_period %q is not a duration (Docker's default 10s is too short)", bot["stop_grace_period"])
	} else if g <= c.drain+stopMargin {
		p.add("compose.yaml rapport: stop_grace_period %v is not longer than the bot's drain %v plus %v", g, c.drain, stopMargin)
	}
}

// checkDockerfile checks the final image has the exec-form health check and OCI labels.
func (c checker) checkDockerfile(p *problems, file string) {
	raw, err := os.ReadFile(file)
	if err != nil {
		p.add("Dockerfile: %v", err)
		return
	}
	var final []string // the final stage's instructions, continuation lines joined
	var cur strings.Builder
	for line := range strings.Lines(string(raw)) {
		line = strings.TrimSpace(line)
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if body, ok := strings.CutSuffix(line, `\`); ok {
			cur.WriteString(body + " ")
			continue
		}
		cur.WriteString(line)
		inst := cur.String()
		cur.Reset()
		if strings.HasPrefix(strings.ToUpper(inst), "FROM ") {
			final = nil
		}
		final = append(final, inst)
	}
	labels := map[string]string{}
	health := ""
	for _, inst := range final {
		word, rest, _ := strings.Cut(inst, " ")
		switch strings.ToUpper(word) {
		case "LABEL":
			for _, m := range regexp.MustCompile(`([\w.-]+)=("(?:[^"\\]|\\.)*"|\S+)`).FindAllStringSubmatch(rest, -1) {
				v, err := strconv.Unquote(m[2])
				if err != nil {
					v = m[2]
				}
				labels[m[1]] = v
			}
		case "HEALTHCHECK":
			health = rest
		}
	}
	if health == "" {
		p.add("Dockerfile: the final image has no HEALTHCHECK")
	} else {
		_, cmd, _ := strings.Cut(health, "CMD ")
		var argv []string
		if err := json.Unmarshal([]byte(strings.TrimSpace(cmd)), &argv); err != nil {
			p.add("Dockerfile: HEALTHCHECK %q is not in exec form (the image has no shell)", health)
		} else if len(argv) < 2 || argv[0] != "/rapport" || argv[1] != "health" {
			p.add(`Dockerfile: HEALTHCHECK runs %q, want ["/rapport", "health"]`, argv)
		}
	}
	for _, k := range []string{"title", "description", "source"} {
		if labels["org.opencontainers.image."+k] == "" {
			p.add("Dockerfile: the final image has no org.opencontainers.image.%s label", k)
		}
	}
	if src := labels["org.opencontainers.image.source"]; src != "" && src != c.source {
		p.add("Dockerfile: org.opencontainers.image.source is %q, want %q (go.mod)", src, c.source)
	}
}
