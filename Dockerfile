# syntax=docker/dockerfile:1
# embedbot: build once, run as a non-root user with the model baked in and the store on a volume.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY bin ./bin
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS model
WORKDIR /app
COPY --from=build /app /app
# Downloads Xenova/all-MiniLM-L6-v2 (both dtypes) from the hub into the image.
RUN node bin/embedbot.js model fetch --dir /app/model

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    MODEL_DIR=/app/model \
    KB_STORE=sqlite:///data/kb.sqlite
WORKDIR /app
COPY --from=model --chown=node:node /app /app
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s CMD ["node", "bin/embedbot.js", "doctor", "--quiet"]
# exec form: node is PID 1's child of nothing else, so SIGTERM reaches it directly.
ENTRYPOINT ["node", "bin/embedbot.js"]
CMD ["start"]
