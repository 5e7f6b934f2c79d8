# Forksafe's GitHub App. Build: docker build -t forksafe .
# Run: docker run -p 3000:3000 --env-file .env forksafe

# 1. Build: compile TypeScript with the dev dependencies.
FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 2. Run: production dependencies and the compiled app only, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY package.json package-lock.json ./
# tree-sitter ships prebuilt binaries for linux x64/arm64, so no compiler is needed here.
RUN npm ci --omit=dev && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY app.yml ./
# The library summaries the analysis reads (dist/analysis/library/load.js looks in ../../../data).
COPY data ./data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"
# dist/main.js runs Probot's server and stops gracefully on SIGTERM (SHUTDOWN_GRACE_SECONDS, 25 s):
# give `docker stop` at least 30 s (`--time 30`, or `stop_grace_period` in compose).
# Not `npm start`: it would rebuild (prestart) with dev tools that are not here.
CMD ["node", "dist/main.js"]
