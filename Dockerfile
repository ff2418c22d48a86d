# The TTCS hub image: the same image runs the API (`ttcs serve`) and the workers (`ttcs worker`).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends espeak-ng ffmpeg curl fonts-noto-core \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY hub ./hub
COPY bot ./bot
COPY nlu ./nlu
COPY voice ./voice
COPY devices ./devices
RUN pip install --no-cache-dir .
# The officials' handbook, served by the web app at /quan-tri/huong-dan/.
COPY docs/huong-dan ./docs/huong-dan

RUN useradd --system --home /var/lib/ttcs ttcs \
 && mkdir -p /var/lib/ttcs /run/ttcs-metrics && chown ttcs /var/lib/ttcs /run/ttcs-metrics
USER ttcs
ENV TTCS_VAR_DIR=/var/lib/ttcs TTCS_ENV=production TTCS_HANDBOOK_DIR=/app/docs/huong-dan
EXPOSE 8000
CMD ["ttcs", "serve", "--host", "0.0.0.0", "--port", "8000", "--workers", "4", "--no-migrate"]
