# syntax=docker/dockerfile:1
# Build: docker build -t rapport .
# Run:   docker run --rm --stop-timeout 30 -e SLACK_APP_TOKEN -e SLACK_BOT_TOKEN -e REDIS_URL rapport
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY cmd ./cmd
COPY internal ./internal
# timetzdata embeds the IANA zone database: owners' time zones and launch zones work on
# an image without /usr/share/zoneinfo.
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -tags timetzdata -o /out/rapport ./cmd/rapport

FROM gcr.io/distroless/static-debian12:nonroot
LABEL org.opencontainers.image.title="rapport" \
      org.opencontainers.image.description="Slack bot (Socket Mode, Redis) that keeps a brand's influencer relationships healthy" \
      org.opencontainers.image.source="https://github.com/rapport-bot/rapport"
COPY --from=build /out/rapport /rapport
COPY manifests/config.example.yaml /etc/rapport/config.example.yaml
USER nonroot:nonroot
EXPOSE 8080
# Healthy = ready: Redis answers and a Socket Mode connection is open (GET /readyz on
# RAPPORT_HTTP_ADDR). Exec form: the image has no shell.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 CMD ["/rapport", "health"]
ENTRYPOINT ["/rapport"]
CMD ["serve"]
