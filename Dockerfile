# syntax=docker/dockerfile:1
# Multi-stage build: a static CGO-free binary on distroless, running as non-root.
FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -tags timetzdata -o /out/tradeguard ./cmd/tradeguard
RUN mkdir -p /out/data

# distroless/static has CA certificates (TLS to Slack, Discord, OpenAI) and a nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/tradeguard /tradeguard
COPY --from=build --chown=65532:65532 /out/data /data
ENV DATA_DIR=/data LISTEN_ADDR=:8080
VOLUME /data
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/tradeguard"]
CMD ["serve"]
