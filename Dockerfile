# One image for every Caregraph service; docker-compose.yml picks the process with `command`.
FROM node:20.19-bookworm-slim
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
COPY . .
# postinstall generates the Prisma clients and resolver types.
RUN npm ci --no-audit --no-fund && chown -R node:node /app
USER node
ENV NODE_ENV=production HOST=0.0.0.0
EXPOSE 4000-4009
CMD ["node", "--import", "tsx", "packages/platform/src/gateway-main.ts"]
