# syntax=docker/dockerfile:1
# embedbot: compiled once, run as a non-root user with the model baked in and the store on a volume.

# Native code: the project's HNSW module (native/, built by `npm ci`), and better-sqlite3 when no
# prebuilt binary matches.
FROM node:24-bookworm-slim AS toolchain
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
# Compile against the headers that ship with this Node instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app
COPY package.json package-lock.json ./
COPY native/binding.gyp native/hnsw.cpp ./native/
# The install step (`npm ci` runs it): builds native/, and would only warn without the toolchain.
COPY scripts/build-native.mjs ./scripts/

# TypeScript → dist/
FROM toolchain AS build
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
RUN npm run build

# Production dependencies only
FROM toolchain AS deps
RUN npm ci --omit=dev --no-audit --no-fund

# The app, plus Xenova/all-MiniLM-L6-v2 (both dtypes) downloaded from the hub and verified.
FROM node:24-bookworm-slim AS app
# bin/embedbot.js runs the compiled dist/ (and fails loudly if it is missing), never sources.
ENV EMBEDBOT_DIST=1
WORKDIR /app
COPY package.json ./
COPY bin ./bin
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/native/build/Release/hnsw.node ./native/build/Release/hnsw.node
COPY --from=build /app/dist ./dist
RUN node bin/embedbot.js model fetch --dir /app/model

FROM node:24-bookworm-slim
# The heartbeat stays in the container's own /tmp, not on the /data volume: containers sharing a volume all
# run the bot as PID 1, so the health check's process-id test could not tell their heartbeats apart.
ENV NODE_ENV=production \
    EMBEDBOT_DIST=1 \
    MODEL_DIR=/app/model \
    KB_STORE=sqlite:///data/kb.sqlite \
    HEALTH_FILE=/tmp/embedbot.health
WORKDIR /app
COPY --from=app --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
# `embedbot health` passes while a running bot (or `serve`) keeps rewriting its heartbeat file.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["node", "bin/embedbot.js", "health"]
# Exec form: node is PID 1 and installs its own SIGTERM/SIGINT handlers, so `docker stop` shuts it down cleanly.
ENTRYPOINT ["node", "bin/embedbot.js"]
CMD ["start"]
