# Build: the same commands as README.md.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/bbbportal . \
 && mkdir -p /out/data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/bbbportal /usr/local/bin/bbbportal
COPY --from=build --chown=nonroot:nonroot /out/data /data
ENV LISTEN_ADDR=:8080 \
    DATA_DIR=/data
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/bbbportal", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/bbbportal"]
CMD ["serve"]
