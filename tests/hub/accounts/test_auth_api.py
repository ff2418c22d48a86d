"""Signing in, tokens, roles and the management of officials."""


def test_wrong_password_and_unknown_user_get_the_same_invalid_grant(client):
    wrong = client.post("/api/v1/auth/token", data={"username": "bientap.eakao", "password": "sai-mat-khau"})
    unknown = client.post("/api/v1/auth/token", data={"username": "khong.ton.tai", "password": "sai-mat-khau"})
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json()["error"] == unknown.json()["error"] == "invalid_grant"
    assert wrong.json()["detail"] == unknown.json()["detail"] == "Tên đăng nhập hoặc mật khẩu không đúng."


def test_repeated_failures_lock_the_name_even_for_the_right_password(client):
    for _ in range(5):
        client.post("/api/v1/auth/token", data={"username": "duyet.eakao", "password": "doan-mo-1234"})
    locked = client.post("/api/v1/auth/token", data={"username": "duyet.eakao", "password": "ttcs-demo-2026"})
    assert locked.status_code == 429
    assert int(locked.headers["retry-after"]) > 0
    assert "thử lại sau" in locked.json()["detail"]
    other = client.post("/api/v1/auth/token", data={"username": "bientap.eakao", "password": "ttcs-demo-2026"})
    assert other.status_code == 200


def test_me_shows_roles_and_areas(client, login):
    me = client.get("/api/v1/me", headers=login("duyet.eakao")).json()
    assert me["full_name"] == "Y Bhim Niê"
    assert me["grants"] == [
        {"role": "approver", "role_label": "Người duyệt tin", "area_code": "24169", "area_name": "Phường Ea Kao"}
    ]


def test_requests_without_or_with_a_forged_token_are_401(client):
    assert client.get("/api/v1/bulletins").status_code == 401
    forged = client.get("/api/v1/bulletins", headers={"Authorization": "Bearer abc.def.ghi"})
    assert forged.status_code == 401
    assert "đăng nhập" in forged.json()["detail"]


def test_admin_creates_an_official_who_can_sign_in(client, login):
    admin = login("admin", "admin-password-1")
    body = {
        "username": "bientap.hoaphu",
        "full_name": "Nguyễn Văn An",
        "password": "mat-khau-moi-1",
        "grants": [{"role": "editor", "area_code": "24175"}],
    }
    created = client.post("/api/v1/users", json=body, headers=admin)
    assert created.status_code == 201, created.text
    assert client.post("/api/v1/users", json=body, headers=admin).status_code == 409
    assert login("bientap.hoaphu", "mat-khau-moi-1")
    names = [u["username"] for u in client.get("/api/v1/users", headers=admin).json()]
    assert "bientap.hoaphu" in names and "duyet.tinh" in names


def test_disabling_an_official_revokes_their_tokens_at_once(client, login):
    editor = login("bientap.cumgar")
    assert client.get("/api/v1/me", headers=editor).status_code == 200
    admin = login("admin", "admin-password-1")
    assert client.post("/api/v1/users/bientap.cumgar/disable", headers=admin).status_code == 200
    assert client.get("/api/v1/me", headers=editor).status_code == 401
    again = client.post("/api/v1/auth/token", data={"username": "bientap.cumgar", "password": "ttcs-demo-2026"})
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_only_admins_manage_officials(client, login):
    approver = login("duyet.tinh")
    response = client.get("/api/v1/users", headers=approver)
    assert response.status_code == 403
    assert "Quản trị" in response.json()["detail"]


def test_audit_log_records_sign_ins_and_is_readable_by_admins(client, login):
    login("bientap.eakao")
    rows = client.get("/api/v1/audit", params={"actor": "bientap.eakao"}, headers=login("admin", "admin-password-1"))
    assert rows.status_code == 200
    assert any(r["action"] == "user.login" for r in rows.json())
