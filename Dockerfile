# Build: the same commands as README.md ("Build and deploy"). The browser
# tests skip here, as this image has no chromium; .ci/run runs them.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go vet ./... \
 && go test ./... \
 && CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bbbportal . \
 && mkdir -m 0700 /out/data

# Run: a static binary on distroless, as the unprivileged user nonroot (65532),
# which owns the data volume (SQLite file, generated session key and demo secret).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bbbportal /usr/local/bin/bbbportal
COPY --from=build --chown=65532:65532 /out/data /data
ENV LISTEN_ADDR=:8080 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER 65532:65532
# healthcheck asks http://127.0.0.1:8080/healthz, derived from LISTEN_ADDR.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/bbbportal", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/bbbportal"]
CMD ["serve"]
