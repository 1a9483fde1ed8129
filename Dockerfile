# One image for every Caregraph service (docker-compose.yml picks the process with `command`); docs/operations.md.
#
# Three stages:
#   manifests  every package.json and the lockfile, nothing else, so the dependency layer is rebuilt only when they change
#   build      the full install (dev dependencies included); its postinstall generates the Prisma clients and the
#              resolver types (subgraphs/*/src/generated), which need the Prisma CLI and graphql-codegen
#   runtime    production dependencies only (`npm ci --omit=dev`), the sources, and the generated code from `build`
# The code runs as TypeScript through tsx (a production dependency for that reason): there is no compile step.

FROM node:20.19-bookworm-slim AS base
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1 PRISMA_HIDE_UPDATE_MESSAGE=1 NPM_CONFIG_UPDATE_NOTIFIER=false
# The npm the lockfile is written with (package.json "packageManager"); the image's own npm is older.
RUN npm install -g npm@11.19.1 --no-audit --no-fund

FROM base AS manifests
COPY . /src
RUN cd /src && cp package.json package-lock.json .npmrc /app/ \
 && find packages subgraphs gateway apps bench -name package.json -not -path '*/node_modules/*' -exec cp --parents {} /app/ \;

FROM base AS build
COPY . .
RUN npm ci --no-audit --no-fund \
 && mkdir /dist && tar -c --exclude=./node_modules --exclude='*/node_modules' . | tar -x -C /dist

FROM base AS runtime
COPY --from=manifests /app/ ./
# --ignore-scripts: the root postinstall (code generation) needs dev dependencies; its output comes from `build`.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /dist/ ./
# Services mode keeps its data in PostgreSQL; the folder lets the image also run embedded (`npm start`) as `node`.
RUN mkdir -p .data && chown node:node .data
USER node
ENV NODE_ENV=production HOST=0.0.0.0
# The V8 options of every server process (packages/platform/src/node-options.ts says why).
ENV NODE_OPTIONS=--max-semi-space-size=64
EXPOSE 4000-4009
CMD ["node", "--import", "tsx/esm", "packages/platform/src/gateway-main.ts"]
