# Roster Check (花名册校验) on a county's own server (政务云): the Worker's app on Node 20 with
# SQLite (default, a volume) or PostgreSQL / KingbaseES / openGauss (DATABASE_URL).
#   docker build -t roster-check .
#   docker run -d -p 8788:8788 -v roster-data:/var/lib/roster-check \
#     -e ID_HMAC_KEY_FILE=/run/secrets/id_hmac_key --name roster-check roster-check
# See README "Self-hosting (政务云)".

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 builds from source when no prebuilt binary can be downloaded (offline 政务云 mirrors).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build --if-present \
 && npx esbuild server/main.ts --bundle --platform=node --format=esm --packages=external --outfile=dist/server/main.mjs \
 && npx esbuild server/transfer/cli.ts --bundle --platform=node --format=esm --packages=external --outfile=dist/server/data.mjs \
 && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=8788 DATA_DIR=/var/lib/roster-check
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/worker/migrations ./worker/migrations
RUN useradd --system --home-dir /var/lib/roster-check roster \
 && mkdir -p /var/lib/roster-check && chown roster:roster /var/lib/roster-check
USER roster
VOLUME /var/lib/roster-check
EXPOSE 8788
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/server/main.mjs"]
