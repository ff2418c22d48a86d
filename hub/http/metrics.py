"""Prometheus metrics at /metrics: requests by route template, latency, and the job queue.

Each app has its own collector registry, so several apps in one process (tests) do not clash.
With several worker processes, point PROMETHEUS_MULTIPROC_DIR at a shared directory.
"""

from __future__ import annotations

import os
import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "ttcs_http_requests", "HTTP requests", ["method", "route", "status"], registry=self.registry
        )
        self.latency = Histogram(
            "ttcs_http_request_seconds",
            "HTTP request latency",
            ["method", "route"],
            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
            registry=self.registry,
        )
        self.jobs = Gauge(
            "ttcs_jobs", "Jobs by status", ["status"], registry=self.registry, multiprocess_mode="mostrecent"
        )
        self.bulletins = Gauge(
            "ttcs_bulletins", "Bulletins by status", ["status"], registry=self.registry, multiprocess_mode="mostrecent"
        )

    def render(self) -> Response:
        registry = self.registry
        if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
            # Several server processes: add up what every process wrote to the shared directory.
            registry = CollectorRegistry()
            multiprocess.MultiProcessCollector(registry)
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "GET")
            self.metrics.requests.labels(method, template, str(status)).inc()
            self.metrics.latency.labels(method, template).observe(time.perf_counter() - start)


def metrics_endpoint(request: Request) -> Response:
    hub = request.app.state.hub
    metrics: Metrics = request.app.state.metrics
    with hub.database.uow(write=False) as uow:
        for status, count in uow.jobs.counts().items():
            metrics.jobs.labels(status).set(count)
        for status, count in uow.bulletins.count_by_status().items():
            metrics.bulletins.labels(status).set(count)
    return metrics.render()
