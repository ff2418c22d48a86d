from hub.accounts import oauth, principals, tables
from hub.accounts.endpoints import router
from hub.accounts.events import AccessChanged
from hub.plugins import Registry


def register(registry: Registry) -> None:
    registry.audit_labels(
        {
            "user.login": "đăng nhập",
            "user.create": "tạo tài khoản",
            "user.disable": "khóa tài khoản",
            "user.enable": "mở khóa tài khoản",
            "user.grant": "gán vai trò",
            "user.revoke": "bỏ vai trò",
            "user.password": "đổi mật khẩu",
            "user.logout": "đăng xuất",
            "user.unlock": "mở khóa đăng nhập",
        },
        {"user": "Tài khoản"},
    )
    registry.tables(tables.map_tables)
    registry.service(principals.PRINCIPALS, principals.PrincipalCache)
    registry.before_commit(AccessChanged, principals.tell_other_processes)
    registry.on_commit(AccessChanged, principals.access_changed)
    registry.lifespan(principals.listening)
    registry.router(oauth.router)
    registry.router(router)
