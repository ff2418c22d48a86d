"""What operators and API clients rely on: health, metrics, the OpenAPI document, unknown paths."""

from tests.support.demo import PUBLISHED_EA_KAO, PUBLISHED_PROVINCE, demo_bulletin


def test_health_reports_the_database_and_the_queue(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["database"] in ("sqlite", "postgresql")
    assert isinstance(body["jobs"], dict)


def test_metrics_count_requests_by_route_template(client, login, hub):
    headers = login("xem.tinh")
    for title in (PUBLISHED_PROVINCE, PUBLISHED_EA_KAO):
        client.get(f"/api/v1/bulletins/{demo_bulletin(hub, title)}", headers=headers)
    text = client.get("/metrics").text
    assert 'ttcs_http_requests_total{method="GET",route="/api/v1/bulletins/{bulletin_id}",status="200"} 2.0' in text
    assert 'ttcs_bulletins{status="published"}' in text


def test_openapi_describes_the_stable_contracts(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/bulletins", "/api/v1/bulletins/{bulletin_id}/approve", "/api/v1/areas"):
        assert path in paths


def test_unknown_paths_are_problem_json_in_vietnamese(client):
    response = client.get("/api/v1/khong-co")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Không tìm thấy địa chỉ này."
