# Build stage: cgo is on because the SQLite driver is C.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/mspeval ./cmd/mspeval

# Run stage: a small Debian with the C library the binary links against.
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /data mspeval \
 && mkdir -p /data && chown mspeval /data
COPY --from=build /out/mspeval /usr/local/bin/mspeval
USER mspeval
WORKDIR /data
ENV MSPEVAL_ADDR=:8080 \
    MSPEVAL_DB=/data/mspeval.db
VOLUME /data
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s CMD ["mspeval", "healthcheck"]
ENTRYPOINT ["mspeval"]
CMD ["serve"]
