# Build: the release binary (migrations, the Swagger UI and the explorer's templates and
# stylesheet are compiled into it).
FROM rust:1.95-slim-bookworm AS build
RUN apt-get update \
    && apt-get install --yes --no-install-recommends libpq-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY Cargo.toml Cargo.lock askama.toml build.rs ./
COPY src src
COPY migrations migrations
RUN cargo build --release --locked

# Run: the binary, the seed bundles and libpq; nothing else.
FROM debian:bookworm-slim
RUN apt-get update \
    && apt-get install --yes --no-install-recommends libpq5 ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin forum
WORKDIR /app
COPY --from=build /src/target/release/forum-metrics /usr/local/bin/forum-metrics
COPY seeds seeds
USER forum
ENV BIND=0.0.0.0:8080 \
    SEEDS_DIR=/app/seeds \
    RUST_LOG=info
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s \
    CMD curl --fail --silent http://127.0.0.1:8080/readyz || exit 1
ENTRYPOINT ["forum-metrics"]
CMD ["serve"]
