"""The device API's access check (`hub.devices.access`) on the audio route: a device fetches the
audio of the live bulletins that reach its area, nothing else, and not once its token is revoked."""

from sqlalchemy import event, update

from hub.jobs.tables import job_table
from hub.jobs.worker import Worker
from tests.support.device_api import CU_MGAR, add_device, bearer, bulletin


def _render(hub, settings) -> None:
    """Run the queued render jobs (a failed attempt is retried after a tiny backoff in tests)."""
    worker = Worker(hub)
    for _ in range(50):
        worker.drain()
        with hub.database.uow(write=False) as uow:
            if not uow.jobs.counts().get("queued"):
                return


def test_a_device_fetches_the_audio_of_the_live_bulletins_of_its_area_only(client, login, hub, settings):
    with hub.database.uow() as uow:  # the demo's own audio is not what this test is about
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()
    operator = login("vanhanh.eakao")
    ea_kao = add_device(client, operator, "860000000000401")
    cu_mgar = add_device(client, login("admin", "admin-password-1"), "860000000000402", area=CU_MGAR)
    approver = login("duyet.eakao")
    bid = bulletin(client, login("bientap.eakao"), approver, title="Lịch lấy nước tưới vụ đông xuân")
    _render(hub, settings)
    url = f"/api/v1/device/audio/{bid}"

    heard = client.get(url, headers=bearer(ea_kao))
    assert heard.status_code == 200 and heard.headers["content-type"] == "audio/mpeg" and heard.content
    assert int(heard.headers["x-audio-duration-ms"]) > 0
    again = client.get(url, headers={**bearer(ea_kao), "If-None-Match": heard.headers["etag"]})
    assert again.status_code == 304

    elsewhere = client.get(url, headers=bearer(cu_mgar))  # another commune's device
    assert elsewhere.status_code == 404 and elsewhere.json()["code"] == "audio_not_found"

    withdrawn = client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Đổi lịch"}, headers=approver)
    assert withdrawn.status_code == 200
    assert client.get(url, headers=bearer(ea_kao)).json()["code"] == "audio_not_found"  # no longer live

    revoked = client.post("/api/v1/devices/860000000000401/revoke", json={"reason": "Mất"}, headers=operator)
    assert revoked.status_code == 200
    assert client.get(url, headers=bearer(ea_kao)).status_code == 401


def test_the_audio_decision_is_remembered_until_the_bulletin_is_withdrawn(client, login, hub, settings):
    with hub.database.uow() as uow:
        uow.session.execute(update(job_table).where(job_table.c.kind == "audio.render").values(status="done"))
        uow.commit()
    device = add_device(client, login("vanhanh.eakao"), "860000000000411")
    approver = login("duyet.eakao")
    bid = bulletin(client, login("bientap.eakao"), approver, title="Lịch phun thuốc diệt muỗi")
    _render(hub, settings)
    url = f"/api/v1/device/audio/{bid}"
    first = client.get(url, headers=bearer(device))
    assert first.status_code == 200

    statements: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        statements.append(statement)

    event.listen(hub.database.engine, "before_cursor_execute", count)
    try:
        again = client.get(url, headers=bearer(device))
    finally:
        event.remove(hub.database.engine, "before_cursor_execute", count)
    assert (
        again.status_code == 200 and again.content == first.content and again.headers["etag"] == first.headers["etag"]
    )
    assert statements == []  # the identity and the decision came from the device runtime

    withdrawn = client.post(f"/api/v1/bulletins/{bid}/withdraw", json={"reason": "Hoãn"}, headers=approver)
    assert withdrawn.status_code == 200
    refused = client.get(url, headers=bearer(device))
    assert refused.status_code == 404 and refused.json()["code"] == "audio_not_found"
