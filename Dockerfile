# One image for every app; choose the app with the command, e.g. `node dist/apps/ledger/main.js`.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN NX_DAEMON=false npx nx run-many -t build --projects=tag:type:app --parallel=2

FROM node:20-bookworm-slim
WORKDIR /app
# In a container the network boundary is the published port: listen on every interface.
ENV NODE_ENV=production HOST=0.0.0.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts
COPY --from=build /app/dist ./dist
USER node
