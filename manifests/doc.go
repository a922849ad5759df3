// Package manifests holds Rapport's deployment files: the Slack app manifest, the example
// configuration, the Kubernetes kustomization in kubernetes/ and compose.yaml. It has no
// code of its own; its tests parse every file and hold them to what the program does (the
// probe paths, the environment it reads, how long it takes to stop), so they cannot rot.
package manifests
