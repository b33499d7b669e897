# tongzhi: one image for the watcher, the workers and the API (docker-compose.yml picks the command).
FROM node:20-bookworm-slim AS build
WORKDIR /app
# build tools for any native dependency without a prebuilt binary for this platform
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
# `prepare` compiles src/ and workers/ into dist/ during npm ci
RUN npm ci && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
# LibreOffice converts .doc/.wps to .docx so that merged table cells survive (without it
# word-extractor reads them in process); tesseract with chi_sim and poppler read scanned PDFs.
RUN apt-get update && apt-get install -y --no-install-recommends \
      libreoffice-writer-nogui libreoffice-calc-nogui tesseract-ocr tesseract-ocr-chi-sim poppler-utils fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production TONGZHI_DATA=/data
COPY --from=build /app /app
RUN mkdir -p /data/inbox /data/out && chown -R node:node /data
USER node
VOLUME ["/data"]
CMD ["node", "dist/src/cli/main.js", "watch"]
