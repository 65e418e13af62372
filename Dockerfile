# Funil in one container: the API, the built web app and (by default) the embedded PostgreSQL, whose data, the
# file store and the secret key live in the FUNIL_DATA_DIR volume. Set DATABASE_URL for an external PostgreSQL
# (compose.yaml does). docs/OPERATIONS.md, "Containers".

# ---- build: every dependency, then the web app (Vite) ----
FROM node:20-bookworm-slim AS build
# The lockfile and package.json's `allowScripts` are npm 11's; node 20 ships npm 10.
RUN npm install -g npm@11.19.1
WORKDIR /app
COPY package.json package-lock.json ./
COPY domain/package.json domain/
COPY server/package.json server/
COPY web/package.json web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci
COPY . .
RUN npm run build

# ---- runtime: production dependencies only, the built web, a non-root user ----
FROM node:20-bookworm-slim
RUN npm install -g npm@11.19.1
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    FUNIL_DATA_DIR=/var/lib/funil
WORKDIR /app
COPY package.json package-lock.json ./
COPY domain/package.json domain/
COPY server/package.json server/
COPY web/package.json web/
COPY e2e/package.json e2e/
COPY bench/package.json bench/
RUN npm ci --omit=dev && npm cache clean --force
COPY tsconfig.base.json ./
COPY domain domain
COPY server server
COPY --from=build /app/web/dist web/dist
# PostgreSQL refuses to run as root: the app — and the embedded database it starts — run as `node` (uid 1000),
# which owns the data folder.
RUN mkdir -p /var/lib/funil && chown node:node /var/lib/funil
USER node
VOLUME ["/var/lib/funil"]
EXPOSE 3000
# Ready = the database answers and every migration is applied (GET /api/ready, 503 otherwise).
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/ready').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# main.ts stops cleanly on SIGTERM (docker stop): no npm wrapper in between to swallow the signal.
CMD ["node", "--import", "tsx", "server/src/main.ts"]
