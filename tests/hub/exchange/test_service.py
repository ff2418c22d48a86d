"""The exchange's use cases check who may do them, whichever entry point calls them (`hub.exchange.service`)."""

import pytest

from hub.accounts import service as accounts
from hub.accounts.model import Principal
from hub.exchange import service
from hub.kit.errors import Forbidden


def test_only_admins_list_the_source_systems_and_only_operators_read_the_upward_backlog(hub):
    with hub.database.uow() as uow:
        service.add_source(uow, Principal.system("cli"), "66", "Sở TT&TT", "66", "nguon.kiemtra", "mat-khau-nguon-66")
        uow.commit()
    with hub.database.uow(write=False) as uow:
        editor = accounts.principal_for_user(uow, "bientap.eakao", "api")
        admin = accounts.principal_for_user(uow, "admin", "api")
        operator = accounts.principal_for_user(uow, "vanhanh.eakao", "api")
        with pytest.raises(Forbidden):
            service.list_sources(uow, editor)
        assert [(s.code, s.username, s.area_code) for s in service.list_sources(uow, admin)] == [
            ("66", "nguon.kiemtra", "66")
        ]
        with pytest.raises(Forbidden):
            service.upstream_backlog(uow, editor, hub.settings)
        assert service.upstream_backlog(uow, operator, hub.settings).waiting == 0
