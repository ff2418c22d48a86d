"""The manifest's 304 answered before routing (`hub.devices.fast_manifest`): the same answer as the
route's, and every request it cannot answer from memory still gets the route's own answer."""

from tests.support.device_api import CU_MGAR, add_device, bearer, bulletin

MANIFEST = "/api/v1/device/manifest"
HEADERS = ("etag", "cache-control", "x-ttcs-protocol")


def test_a_current_etag_gets_the_same_304_without_the_route(client, login):
    runtime = client.app.state.devices
    token = add_device(client, login("vanhanh.eakao"), "860000000000901")
    first = client.get(MANIFEST, headers=bearer(token))  # loads the identity: the route's 200
    assert first.status_code == 200
    held = {**bearer(token), "If-None-Match": first.headers["etag"]}
    before = runtime.fast_not_modified

    fast = client.get(MANIFEST, headers=held)
    assert fast.status_code == 304 and runtime.fast_not_modified == before + 1
    for query in ("?wait=0", "?version=0", "?wait=0&version=1"):
        assert client.get(MANIFEST + query, headers=held).status_code == 304
    assert runtime.fast_not_modified == before + 4
    # An unknown parameter goes to the route, which ignores it: the route's own 304, header for header.
    routed = client.get(MANIFEST + "?by=route", headers=held)
    assert routed.status_code == 304 and runtime.fast_not_modified == before + 4
    assert {h: fast.headers.get(h) for h in HEADERS} == {h: routed.headers.get(h) for h in HEADERS}
    assert fast.headers["etag"] == first.headers["etag"] and fast.headers["cache-control"] == "no-cache"
    assert sorted(fast.headers) == sorted(routed.headers) and fast.content == routed.content == b""

    # What the fast path does not know goes to the route: a bad parameter, a newer version, a HEAD.
    assert client.get(MANIFEST + "?wait=abc", headers=held).status_code == 422
    assert client.get(MANIFEST + f"?version={2**62 + 1}", headers=held).status_code == 422
    assert client.head(MANIFEST, headers=held).status_code == 405
    assert runtime.fast_not_modified == before + 4


def test_a_changed_scope_or_a_bad_token_still_gets_the_routes_answer(client, login):
    runtime = client.app.state.devices
    operator = login("vanhanh.eakao")
    token = add_device(client, operator, "860000000000902")
    other = add_device(client, login("admin", "admin-password-1"), "860000000000903", area=CU_MGAR)
    tags = {t: client.get(MANIFEST, headers=bearer(t)).headers["etag"] for t in (token, other)}
    bid = bulletin(client, login("bientap.eakao"), login("duyet.eakao"), title="Thông báo lịch thu gom rác")

    changed = client.get(MANIFEST, headers={**bearer(token), "If-None-Match": tags[token]})
    assert changed.status_code == 200 and changed.headers["etag"] != tags[token]
    assert bid in [b["bulletin_id"] for b in changed.json()["board"]]
    before = runtime.fast_not_modified
    assert client.get(MANIFEST, headers={**bearer(other), "If-None-Match": tags[other]}).status_code == 304
    assert runtime.fast_not_modified == before + 1  # another commune: still answered from memory

    stale = {"If-None-Match": tags[other]}
    assert client.get(MANIFEST, headers={**bearer("ttcsd_not-a-real-token"), **stale}).status_code == 401
    assert client.get(MANIFEST, headers={"Authorization": "Basic eDp5", **stale}).status_code == 401
    assert client.get(MANIFEST, headers=stale).status_code == 401

    admin = login("admin", "admin-password-1")
    revoked = client.post("/api/v1/devices/860000000000903/revoke", json={"reason": "Mất"}, headers=admin)
    assert revoked.status_code == 200
    refused = client.get(MANIFEST, headers={**bearer(other), "If-None-Match": tags[other]})
    assert refused.status_code == 401 and runtime.fast_not_modified == before + 1
